import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { limitOf, paginationFields } from '../../fields/fields';
import { badgeKitApiRequestAllItems } from '../../transport';
import type { BadgeKitOperation } from '../types';
import { normaliseReview, reviewsPath } from './common';

/** Review Get Many: the reviews of one application. */
export const operation: BadgeKitOperation = {
	description: paginationFields('review', ['getAll']),

	async execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
		const reviews = await badgeKitApiRequestAllItems.call(this, reviewsPath.call(this, itemIndex), 'reviews', {
			limit: limitOf.call(this, itemIndex),
			itemIndex,
		});
		return reviews.map(normaliseReview);
	},
};
