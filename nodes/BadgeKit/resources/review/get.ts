import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { badgeKitApiRequest, unwrap } from '../../transport';

import type { BadgeKitOperation } from '../types';
import { normaliseReview, reviewPath } from './common';

/** Review Get: one review with its review items. */
export const operation: BadgeKitOperation = {
	description: [],

	async execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
		const response = await badgeKitApiRequest.call(this, 'GET', reviewPath.call(this, itemIndex), { itemIndex });
		return normaliseReview(unwrap.call(this, response, 'review', itemIndex));
	},
};
