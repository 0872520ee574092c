import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { paginationFields } from '../common/fields';
import { getList } from '../common/requests';
import { badgePath } from '../common/scope';
import type { RequestOptions } from '../../transport';
import type { BadgeKitOperation } from '../types';
import { normaliseClaimCode } from './common';

/** Claim Code Get Many: the codes of the chosen badge. */
export const operation: BadgeKitOperation = {
	description: paginationFields('claimCode', ['getAll']),

	async execute(this: IExecuteFunctions, itemIndex: number, request: RequestOptions): Promise<IDataObject[]> {
		const codes = await getList.call(this, itemIndex, `${badgePath.call(this, itemIndex)}/codes`, 'claimCodes', request);
		return codes.map(normaliseClaimCode);
	},
};
