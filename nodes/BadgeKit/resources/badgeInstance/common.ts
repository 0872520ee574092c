import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { badgePath, locatorValue } from '../../fields/scope';
import { badgeKitApiRequest, unwrap } from '../../transport';

/** `…/badges/:badge/instances/:email` for the badge chosen in the node. */
export function instancePath(this: IExecuteFunctions, itemIndex: number, email: string): string {
	return `${badgePath.call(this, itemIndex)}/instances/${encodeURIComponent(email)}`;
}

/** The earner's instance of the chosen badge (404 when they do not hold it). */
export async function getInstance(this: IExecuteFunctions, itemIndex: number, email: string): Promise<IDataObject> {
	const response = await badgeKitApiRequest.call(this, 'GET', instancePath.call(this, itemIndex, email), { itemIndex });
	return unwrap.call(this, response, 'instance', itemIndex);
}

/**
 * The key of one earner's award of the chosen badge, for running items at the same time: the same
 * award is never worked on twice at once. Lower case, as BadgeKit (MySQL) compares slugs and emails.
 */
export function awardKey(this: IExecuteFunctions, itemIndex: number, email: string): string {
	const badge = `${locatorValue.call(this, 'system', itemIndex)}/${locatorValue.call(this, 'badge', itemIndex)}`;
	return `award:${badge}:${email.trim()}`.toLowerCase();
}
