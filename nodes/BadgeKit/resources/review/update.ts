import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { showFor } from '../../fields/fields';
import { checkedEmail, requireSomeFields } from '../../fields/parameters';
import { isTrue } from '../../fields/values';
import { badgeKitApiRequest, unwrap } from '../../transport';
import type { BadgeKitOperation } from '../types';
import { normaliseReview, reviewItemsField, reviewItemsOf, reviewPath } from './common';

/**
 * Review Update. BadgeKit replaces the review items with what the update carries and deletes them
 * when it carries none, so unchanged items are read first and sent back.
 */
export const operation: BadgeKitOperation = {
	description: [
		{
			displayName: 'Update Fields',
			name: 'updateFields',
			type: 'collection',
			placeholder: 'Add Field',
			default: {},
			description: 'Only the fields added here are changed',
			displayOptions: showFor('review', ['update']),
			options: [
				{
					displayName: 'Comment',
					name: 'comment',
					type: 'string',
					typeOptions: { rows: 3 },
					default: '',
					description: 'Feedback for the earner',
				},
				{
					displayName: 'Reviewer Email',
					name: 'author',
					type: 'string',
					default: '',
					placeholder: 'e.g. reviewer@example.org',
					description: 'Email address of the person writing the review',
				},
				{ ...reviewItemsField, description: 'Replaces all review items of the review' },
			],
		},
	],

	async execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
		const node = this.getNode();
		const fields = this.getNodeParameter('updateFields', itemIndex, {}) as IDataObject;
		const body: IDataObject = {};
		if (fields.author !== undefined) body.author = checkedEmail(node, fields.author, 'Reviewer Email', itemIndex);
		if (fields.comment !== undefined) body.comment = fields.comment;
		if (fields.reviewItems !== undefined) body.reviewItems = reviewItemsOf(node, fields.reviewItems, itemIndex);
		requireSomeFields(node, body, 'review', itemIndex);
		const path = reviewPath.call(this, itemIndex);
		if (body.reviewItems === undefined) {
			const current = unwrap.call(this, await badgeKitApiRequest.call(this, 'GET', path, { itemIndex }), 'review', itemIndex);
			body.reviewItems = ((current.reviewItems as IDataObject[] | undefined) ?? []).map((item) => {
				const kept: IDataObject = { criterionId: item.criterionId, satisfied: isTrue(item.satisfied) };
				if (item.comment !== null && item.comment !== undefined) kept.comment = item.comment;
				return kept;
			});
		}
		const response = await badgeKitApiRequest.call(this, 'PUT', path, { body, itemIndex });
		return normaliseReview(unwrap.call(this, response, 'review', itemIndex));
	},
};
