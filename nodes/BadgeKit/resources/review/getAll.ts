import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { paginationFields } from '../common/fields';
import { getList } from '../common/requests';
import type { RequestOptions } from '../../transport';
import type { BadgeKitOperation } from '../types';
import { normaliseReview, reviewsPath } from './common';

/** Review Get Many: the reviews of one application. */
export const operation: BadgeKitOperation = {
	description: paginationFields('review', ['getAll']),

	async execute(this: IExecuteFunctions, itemIndex: number, request: RequestOptions): Promise<IDataObject[]> {
		const reviews = await getList.call(this, itemIndex, reviewsPath.call(this, itemIndex), 'reviews', request);
		return reviews.map(normaliseReview);
	},
};
