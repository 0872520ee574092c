import type { IDataObject } from 'n8n-workflow';

import { isoFromBadgeKitTime } from './dates';

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
