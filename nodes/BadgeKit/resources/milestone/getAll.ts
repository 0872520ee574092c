import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { normaliseMilestone } from '../../fields/normalise';
import { limitOf, paginationFields } from '../../fields/fields';
import { badgeKitApiRequest } from '../../transport';
import type { BadgeKitOperation } from '../types';
import { milestonePath } from './common';

/**
 * Milestone Get Many: the milestones of a system. BadgeKit's milestone list ignores `page`/`count`
 * (its route never paginates, whatever milestones.md says), so paging through it would read the same
 * list over and over: it is read in one request, and Limit is applied here.
 */
export const operation: BadgeKitOperation = {
	description: paginationFields('milestone'),

	async execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
		const limit = limitOf.call(this, itemIndex);
		const response = await badgeKitApiRequest.call(this, 'GET', milestonePath.call(this, itemIndex), { itemIndex });
		const milestones = ((response.milestones as IDataObject[] | undefined) ?? []).map(normaliseMilestone);
		return limit === undefined ? milestones : milestones.slice(0, limit);
	},
};
