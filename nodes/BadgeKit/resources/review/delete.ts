import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { apiRequest, unwrap } from '../common/requests';
import type { RequestOptions } from '../../transport';
import type { BadgeKitOperation } from '../types';
import { normaliseReview, reviewPath } from './common';

/** Review Delete: outputs the deleted review (which BadgeKit answers under the key `badge`). */
export const operation: BadgeKitOperation = {
	description: [],

	async execute(this: IExecuteFunctions, itemIndex: number, request: RequestOptions): Promise<IDataObject> {
		const response = await apiRequest.call(this, itemIndex, request, 'DELETE', reviewPath.call(this, itemIndex));
		return normaliseReview(unwrap.call(this, response, response.review ? 'review' : 'badge', itemIndex));
	},
};
