import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { apiRequest, unwrap } from '../common/requests';
import { badgePath } from '../common/scope';
import type { RequestOptions } from '../../transport';
import type { BadgeKitOperation } from '../types';
import { newCodeBody, newCodeFields, normaliseClaimCode } from './common';

/** Claim Code Create Random: BadgeKit makes up a new code. */
export const operation: BadgeKitOperation = {
	description: [newCodeFields('createRandom')],

	async execute(this: IExecuteFunctions, itemIndex: number, request: RequestOptions): Promise<IDataObject> {
		const fields = this.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject;
		const response = await apiRequest.call(this, itemIndex, request, 'POST', `${badgePath.call(this, itemIndex)}/codes/random`, newCodeBody(fields));
		return normaliseClaimCode(unwrap.call(this, response, 'claimCode', itemIndex));
	},
};
