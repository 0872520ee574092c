import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { badgePath } from '../../fields/scope';
import { badgeKitApiRequest, unwrap } from '../../transport';
import type { BadgeKitOperation } from '../types';
import { normaliseBadge } from '../../fields/normalise';

/** Badge Get: one badge by its slug, with its criteria and the milestones it is the badge of. */
export const operation: BadgeKitOperation = {
	description: [],

	async execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
		const response = await badgeKitApiRequest.call(this, 'GET', badgePath.call(this, itemIndex), { itemIndex });
		return normaliseBadge(unwrap.call(this, response, 'badge', itemIndex));
	},
};
