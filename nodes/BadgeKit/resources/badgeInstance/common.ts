import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { badgePath } from '../../fields/scope';
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
