import type { IDataObject } from 'n8n-workflow';

import { isoFromBadgeKitTime } from '../fields/dates';
import { convenienceFields } from '../fields/triggerItem';
import { webhookDeliveryItem } from '../fields/triggerItem';
import type { ApplicationEvent } from './applicationChanges';
import type { AwardChange } from './awardChanges';

const DATE_FIELDS = ['created', 'assignedExpiration', 'processed'] as const;

/**
 * One output item: the application as BadgeKit lists it (with its badge), its dates as ISO 8601,
 * plus the same convenience fields as the BadgeKit Trigger's items (event, earnerEmail, badgeSlug,
 * badgeName, issuedAt), so one workflow can read both triggers' items the same way.
 */
export function applicationEventItem(event: ApplicationEvent, application: IDataObject): IDataObject {
	const item: IDataObject = { ...application };
	for (const field of DATE_FIELDS) {
		if (item[field] !== null && item[field] !== undefined) item[field] = isoFromBadgeKitTime(item[field]) ?? item[field];
	}
	return { ...item, ...convenienceFields(event, application.learner, application.badge) };
}

/**
 * An award or revoke found by polling, as the item the BadgeKit Trigger makes of BadgeKit's webhook
 * (webhookDeliveryItem), so the same downstream nodes work on both: `issuedOn` in unix seconds like
 * the webhook's. No `comment` (BadgeKit does not store it). A milestone award names the milestone
 * badge (the webhook names the support badge that completed it).
 */
export function awardEventItem(change: AwardChange<IDataObject, IDataObject>): IDataObject {
	if (change.event === 'revoke') {
		return webhookDeliveryItem({ action: 'revoke', uid: change.instance.slug, badge: change.badge, email: change.instance.email });
	}
	const { instance, badge } = change;
	const issuedAt = isoFromBadgeKitTime(instance.issuedOn);
	return webhookDeliveryItem({
		action: 'award',
		uid: instance.slug as string,
		badge: (instance.badge as IDataObject | null) ?? badge,
		email: instance.email as string,
		assertionUrl: instance.assertionUrl as string,
		issuedOn: issuedAt === null ? null : Math.floor(Date.parse(issuedAt) / 1000),
	});
}
