import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { badgePath } from '../../fields/scope';
import { badgeKitApiRequest, unwrap } from '../../transport';
import type { BadgeKitOperation } from '../types';
import { newCodeBody, newCodeFields, normaliseClaimCode } from './common';

/** Claim Code Create Random: BadgeKit makes up a new code. */
export const operation: BadgeKitOperation = {
	description: [newCodeFields('createRandom')],

	async execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
		const fields = this.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject;
		const response = await badgeKitApiRequest.call(this, 'POST', `${badgePath.call(this, itemIndex)}/codes/random`, {
			body: newCodeBody(fields),
			itemIndex,
		});
		return normaliseClaimCode(unwrap.call(this, response, 'claimCode', itemIndex));
	},
};
