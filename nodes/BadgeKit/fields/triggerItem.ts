import type { IDataObject } from 'n8n-workflow';

import { isoFromBadgeKitTime } from './dates';

/**
 * The item shape both triggers emit for a BadgeKit event (the webhook's deliveries, the poll's awards
 * and revokes), so that the same downstream nodes work on either.
 */

/**
 * Fields that let a workflow email someone without expressions digging into nested objects, at the
 * same paths for every event of both triggers: who earned (or applied for) which badge, and when it
 * was issued.
 */
export interface ConvenienceFields {
	event: string;
	earnerEmail: string | null;
	badgeSlug: string | null;
	badgeName: string | null;
	issuedAt: string | null;
}

export function convenienceFields(event: string, earnerEmail: unknown, badge: unknown, issuedOn?: unknown): ConvenienceFields {
	const badgeObject = badge && typeof badge === 'object' ? (badge as IDataObject) : {};
	return {
		event,
		earnerEmail: typeof earnerEmail === 'string' ? earnerEmail : null,
		badgeSlug: typeof badgeObject.slug === 'string' ? badgeObject.slug : null,
		badgeName: typeof badgeObject.name === 'string' ? badgeObject.name : null,
		issuedAt: isoFromBadgeKitTime(issuedOn),
	};
}

/** The events BadgeKit sends to its webhook. */
export const WEBHOOK_EVENTS = ['review', 'award', 'revoke'] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

export function isWebhookEvent(action: unknown): action is WebhookEvent {
	return typeof action === 'string' && (WEBHOOK_EVENTS as readonly string[]).includes(action);
}

/**
 * The item for one webhook delivery: its body as sent, plus the convenience fields. A review names
 * the applicant and badge inside `application`; award and revoke carry them at the top.
 */
export function webhookDeliveryItem(body: IDataObject): IDataObject {
	const event = String(body.action);
	if (event === 'review') {
		const application = (body.application ?? {}) as IDataObject;
		return { ...body, ...convenienceFields(event, application.learner, application.badge) };
	}
	return { ...body, ...convenienceFields(event, body.email, body.badge, body.issuedOn) };
}
