import type { IDataObject } from 'n8n-workflow';

import { toIsoDate } from '../fields/dates';

/** The events BadgeKit sends to its webhook. */
export const WEBHOOK_EVENTS = ['review', 'award', 'revoke'] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

export function isWebhookEvent(action: unknown): action is WebhookEvent {
	return typeof action === 'string' && (WEBHOOK_EVENTS as readonly string[]).includes(action);
}

/**
 * Fields that let a workflow email someone without expressions digging into nested objects, at the
 * same paths for every event: who earned (or applied for) which badge, and when it was issued.
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

/**
 * BadgeKit gives `issuedOn` as unix seconds (server-generated), as the caller's raw number (seconds
 * or milliseconds), as an ISO string, or not at all. Normalise what is there with the node's own date
 * rules (`toIsoDate`); never invent a date: anything that is not one gives null.
 */
export function isoFromBadgeKitTime(value: unknown): string | null {
	try {
		return toIsoDate(value, 'issuedOn') ?? null;
	} catch {
		return null;
	}
}
