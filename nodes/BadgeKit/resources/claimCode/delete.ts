import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { apiRequest, unwrap } from '../common/requests';
import type { RequestOptions } from '../../transport';
import type { BadgeKitOperation } from '../types';
import { codePath, normaliseClaimCode } from './common';

/** Claim Code Delete: outputs the deleted code. */
export const operation: BadgeKitOperation = {
	description: [],

	async execute(this: IExecuteFunctions, itemIndex: number, request: RequestOptions): Promise<IDataObject> {
		const response = await apiRequest.call(this, itemIndex, request, 'DELETE', codePath.call(this, itemIndex));
		return normaliseClaimCode(unwrap.call(this, response, 'claimCode', itemIndex));
	},
};
