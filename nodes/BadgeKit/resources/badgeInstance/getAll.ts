import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { getList, paginationFields } from '../../shared/operations';
import { badgePath } from '../../shared/scope';
import type { RequestOptions } from '../../transport';
import type { BadgeKitOperation } from '../types';

/** Badge Instance Get Many: the awards of the chosen badge, page by page. */
export const operation: BadgeKitOperation = {
	description: paginationFields('badgeInstance', ['getAll']),

	async execute(this: IExecuteFunctions, itemIndex: number, request: RequestOptions): Promise<IDataObject[]> {
		return await getList.call(this, itemIndex, `${badgePath.call(this, itemIndex)}/instances`, 'instances', request);
	},
};
