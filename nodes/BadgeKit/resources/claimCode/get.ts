import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { badgeKitApiRequest, unwrap } from '../../transport';

import type { BadgeKitOperation } from '../types';
import { codePath, normaliseClaimCode } from './common';

/** Claim Code Get: one code of the chosen badge. */
export const operation: BadgeKitOperation = {
	description: [],

	async execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
		const response = await badgeKitApiRequest.call(this, 'GET', codePath.call(this, itemIndex), { itemIndex });
		return normaliseClaimCode(unwrap.call(this, response, 'claimCode', itemIndex));
	},
};
