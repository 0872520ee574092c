import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { badgeKitApiRequest, unwrap } from '../../transport';

import { deletedOutput } from '../outputs';
import type { BadgeKitOperation } from '../types';
import { normaliseReview, reviewPath } from './common';

/** Review Delete: outputs the deleted review (which BadgeKit answers under the key `badge`). */
export const operation: BadgeKitOperation = {
	description: [],

	async execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
		const response = await badgeKitApiRequest.call(this, 'DELETE', reviewPath.call(this, itemIndex), { itemIndex });
		return deletedOutput.call(this, normaliseReview(unwrap.call(this, response, response.review ? 'review' : 'badge', itemIndex)));
	},
};
