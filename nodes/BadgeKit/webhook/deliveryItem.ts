import type { IDataObject } from 'n8n-workflow';

import { convenienceFields } from '../fields/triggerItem';

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
