import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { badgeKitApiRequest } from '../../transport';

import type { BadgeKitOperation } from '../types';
import { milestoneIdOf, milestonePath } from './common';

/**
 * Milestone Delete. BadgeKit answers only `{"status": "deleted"}`, so the output item is
 * `{deleted: true, id}`. Badges already awarded through the milestone stay awarded.
 */
export const operation: BadgeKitOperation = {
	description: [],

	async execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
		const id = milestoneIdOf.call(this, itemIndex);
		await badgeKitApiRequest.call(this, 'DELETE', milestonePath.call(this, itemIndex, id), { itemIndex });
		return { deleted: true, id: Number(id) };
	},
};
