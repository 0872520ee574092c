import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { paginationFields } from '../common/fields';
import { getList } from '../common/requests';
import { badgePath } from '../common/scope';
import type { RequestOptions } from '../../transport';
import type { BadgeKitOperation } from '../types';

/** Badge Instance Get Many: the awards of the chosen badge, page by page. */
export const operation: BadgeKitOperation = {
	description: paginationFields('badgeInstance', ['getAll']),

	async execute(this: IExecuteFunctions, itemIndex: number, request: RequestOptions): Promise<IDataObject[]> {
		return await getList.call(this, itemIndex, `${badgePath.call(this, itemIndex)}/instances`, 'instances', request);
	},
};
