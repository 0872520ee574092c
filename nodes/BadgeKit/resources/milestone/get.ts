import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { badgeKitApiRequest, unwrap } from '../../transport';

import { normaliseMilestone } from '../../fields/normalise';
import type { BadgeKitOperation } from '../types';
import { milestoneIdOf, milestonePath } from './common';

/** Milestone Get: one milestone by its ID, with its milestone badge and support badges. */
export const operation: BadgeKitOperation = {
	description: [],

	async execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
		const path = milestonePath.call(this, itemIndex, milestoneIdOf.call(this, itemIndex));
		const response = await badgeKitApiRequest.call(this, 'GET', path, { itemIndex });
		return normaliseMilestone(unwrap.call(this, response, 'milestone', itemIndex));
	},
};
