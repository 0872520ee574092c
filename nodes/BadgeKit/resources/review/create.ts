import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { showFor } from '../../fields/fields';
import { requiredEmail } from '../../fields/parameters';
import { compact } from '../../fields/values';
import { badgeKitApiRequest, unwrap } from '../../transport';
import type { BadgeKitOperation } from '../types';
import { normaliseReview, reviewItemsField, reviewItemsOf, reviewsPath } from './common';

const show = showFor('review', ['create']);

/** Review Create: BadgeKit sends a `review` webhook saying whether the application is approved. */
export const operation: BadgeKitOperation = {
	description: [
		{
			displayName: 'Reviewer Email',
			name: 'author',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'e.g. reviewer@example.org',
			description: 'Email address of the person writing the review',
			displayOptions: show,
		},
		{ ...reviewItemsField, displayOptions: show },
		{
			displayName: 'Additional Fields',
			name: 'additionalFields',
			type: 'collection',
			placeholder: 'Add Field',
			default: {},
			displayOptions: show,
			options: [
				{
					displayName: 'Comment',
					name: 'comment',
					type: 'string',
					typeOptions: { rows: 3 },
					default: '',
					description: 'Feedback for the earner',
				},
			],
		},
	],

	async execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
		const fields = this.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject;
		const body = compact({
			author: requiredEmail.call(this, 'author', itemIndex, 'Reviewer Email'),
			reviewItems: reviewItemsOf(this.getNode(), this.getNodeParameter('reviewItems', itemIndex, {}), itemIndex),
			comment: fields.comment,
		});
		const response = await badgeKitApiRequest.call(this, 'POST', reviewsPath.call(this, itemIndex), { body, itemIndex });
		return normaliseReview(unwrap.call(this, response, 'review', itemIndex));
	},
};
