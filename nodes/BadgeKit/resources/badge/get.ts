import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { badgePath } from '../common/scope';
import type { RequestOptions } from '../../transport';
import { apiRequest, unwrap } from '../common/requests';
import type { BadgeKitOperation } from '../types';
import { normaliseBadge } from './normalise';

/** Badge Get: one badge by its slug, with its criteria and the milestones it is the badge of. */
export const operation: BadgeKitOperation = {
	description: [],

	async execute(this: IExecuteFunctions, itemIndex: number, request: RequestOptions): Promise<IDataObject> {
		const response = await apiRequest.call(this, itemIndex, request, 'GET', badgePath.call(this, itemIndex));
		return normaliseBadge(unwrap.call(this, response, 'badge', itemIndex));
	},
};
