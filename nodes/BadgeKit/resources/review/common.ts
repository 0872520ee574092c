import { NodeOperationError, type IDataObject, type IExecuteFunctions, type INode, type INodeProperties } from 'n8n-workflow';

import { fromTinyInt, isTrue } from '../../fields/values';
import { requiredIdentifier } from '../../fields/scope';
import { applicationPath } from '../application/common';

/** `…/applications/:application/reviews` for the badge and application chosen in the node. */
export function reviewsPath(this: IExecuteFunctions, itemIndex: number): string {
	return `${applicationPath.call(this, itemIndex)}/reviews`;
}

/** `…/reviews/:review`. */
export function reviewPath(this: IExecuteFunctions, itemIndex: number): string {
	const review = requiredIdentifier.call(this, 'reviewSlug', itemIndex, { version1: 'Review Slug', picker: 'Review' });
	return `${reviewsPath.call(this, itemIndex)}/${encodeURIComponent(review)}`;
}

/** One review item per criterion of the badge: is it met, and why. */
export const reviewItemsField: INodeProperties = {
	displayName: 'Review Items',
	name: 'reviewItems',
	type: 'fixedCollection',
	typeOptions: { multipleValues: true },
	placeholder: 'Add Review Item',
	default: {},
	description:
		"One per criterion of the badge. BadgeKit approves the application when every required criterion has an item marked satisfied (see the badge's criteria for their IDs).",
	options: [
		{
			displayName: 'Review Item',
			name: 'items',
			values: [
				{
					displayName: 'Comment',
					name: 'comment',
					type: 'string',
					default: '',
					description: 'Feedback on this criterion',
				},
				{
					displayName: 'Criterion ID',
					name: 'criterionId',
					type: 'number',
					typeOptions: { minValue: 1 },
					default: 1,
					description: 'The ID of the criterion, from the badge\'s "criteria" list',
				},
				{
					displayName: 'Satisfied',
					name: 'satisfied',
					type: 'boolean',
					default: false,
					description: 'Whether the earner meets this criterion',
				},
			],
		},
	],
};

/**
 * The Review Items collection as BadgeKit's `reviewItems`. `criterionId` must be a number (BadgeKit
 * compares it with `!==` to the criteria's IDs) and `satisfied` a real boolean (any non-empty string
 * would count as satisfied).
 */
export function reviewItemsOf(node: INode, value: unknown, itemIndex: number): IDataObject[] {
	const items = ((value as IDataObject | undefined)?.items as IDataObject[] | undefined) ?? [];
	return items.map((item, position) => {
		const criterionId = Number(item.criterionId);
		if (!Number.isInteger(criterionId) || criterionId < 1) {
			throw new NodeOperationError(
				node,
				`Review item ${position + 1}: "Criterion ID" must be a whole number (got ${JSON.stringify(item.criterionId)})`,
				{
					description: 'Use the "id" of one of the badge\'s criteria (Badge → Get shows them).',
					itemIndex,
				},
			);
		}
		const reviewItem: IDataObject = { criterionId, satisfied: isTrue(item.satisfied) };
		const comment = String(item.comment ?? '');
		if (comment.trim()) reviewItem.comment = comment;
		return reviewItem;
	});
}

/** A review as output: review items' `satisfied` as true/false instead of BadgeKit's 0/1. */
export function normaliseReview(review: IDataObject): IDataObject {
	const items = review.reviewItems;
	if (!Array.isArray(items)) return review;
	return { ...review, reviewItems: (items as IDataObject[]).map((item) => ({ ...item, satisfied: fromTinyInt(item.satisfied) })) };
}
