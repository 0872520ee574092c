import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { limitOf, paginationFields } from '../../fields/fields';
import { badgePath } from '../../fields/scope';
import { badgeKitApiRequestAllItems } from '../../transport';
import type { BadgeKitOperation } from '../types';
import { normaliseClaimCode } from './common';

/** Claim Code Get Many: the codes of the chosen badge. */
export const operation: BadgeKitOperation = {
	description: paginationFields('claimCode', ['getAll']),

	async execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
		const codes = await badgeKitApiRequestAllItems.call(this, `${badgePath.call(this, itemIndex)}/codes`, 'claimCodes', {
			limit: limitOf.call(this, itemIndex),
			itemIndex,
		});
		return codes.map(normaliseClaimCode);
	},
};
