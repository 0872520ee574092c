import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { badgeKitApiRequest, unwrap } from '../../transport';

import { deletedOutput } from '../outputs';
import type { BadgeKitOperation } from '../types';
import { codePath, normaliseClaimCode } from './common';

/** Claim Code Delete: outputs the deleted code. */
export const operation: BadgeKitOperation = {
	description: [],

	async execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
		const response = await badgeKitApiRequest.call(this, 'DELETE', codePath.call(this, itemIndex), { itemIndex });
		return deletedOutput.call(this, normaliseClaimCode(unwrap.call(this, response, 'claimCode', itemIndex)));
	},
};
