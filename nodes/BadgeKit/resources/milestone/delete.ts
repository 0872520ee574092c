import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { RequestOptions } from '../../transport';
import { apiRequest } from '../common/requests';
import type { BadgeKitOperation } from '../types';
import { milestoneIdOf, milestonePath } from './common';

/**
 * Milestone Delete. BadgeKit answers only `{"status": "deleted"}`, so the output item is
 * `{deleted: true, id}`. Badges already awarded through the milestone stay awarded.
 */
export const operation: BadgeKitOperation = {
	description: [],

	async execute(this: IExecuteFunctions, itemIndex: number, request: RequestOptions): Promise<IDataObject> {
		const id = milestoneIdOf.call(this, itemIndex);
		await apiRequest.call(this, itemIndex, request, 'DELETE', milestonePath.call(this, itemIndex, id));
		return { deleted: true, id: Number(id) };
	},
};
