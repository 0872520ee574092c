import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { limitOf, paginationFields } from '../../fields/fields';
import { badgePath } from '../../fields/scope';
import { badgeKitApiRequestAllItems } from '../../transport';
import type { BadgeKitOperation } from '../types';

/** Badge Instance Get Many: the awards of the chosen badge, page by page. */
export const operation: BadgeKitOperation = {
	description: paginationFields('badgeInstance', ['getAll']),

	async execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
		return await badgeKitApiRequestAllItems.call(this, `${badgePath.call(this, itemIndex)}/instances`, 'instances', {
			limit: limitOf.call(this, itemIndex),
			itemIndex,
		});
	},
};
