import type { INodeProperties } from 'n8n-workflow';

import { fromVersion1_1, inVersion1, showFor } from '../../fields/fields';
import { applicationField, badgeField, reviewField, scopeFields } from '../../fields/scope';
import type { BadgeKitOperation, BadgeKitResource } from '../types';
import { operation as create } from './create';
import { operation as deleteOperation } from './delete';
import { operation as get } from './get';
import { operation as getAll } from './getAll';
import { operation as update } from './update';

/** Review: a reviewer's assessment of an application, criterion by criterion. */
export const operations: Record<string, BadgeKitOperation> = { create, get, getAll, update, delete: deleteOperation };

const ALL = Object.keys(operations);

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['review'] } },
		options: [
			{ name: 'Create', value: 'create', description: 'Submit a review of an application', action: 'Create a review' },
			{ name: 'Delete', value: 'delete', description: 'Delete a review', action: 'Delete a review' },
			{ name: 'Get', value: 'get', description: 'Get one review', action: 'Get a review' },
			{ name: 'Get Many', value: 'getAll', description: 'Get the reviews of an application', action: 'Get many reviews' },
			{ name: 'Update', value: 'update', description: 'Change a review', action: 'Update a review' },
		],
		default: 'create',
	},
	...scopeFields(showFor('review', ALL)),
	badgeField(showFor('review', ALL)),
	{
		displayName: 'Application Slug',
		name: 'applicationSlug',
		type: 'string',
		required: true,
		default: '',
		description: 'The slug of the application the review is about',
		displayOptions: inVersion1(showFor('review', ALL)),
	},
	applicationField(fromVersion1_1(showFor('review', ALL))),
	{
		displayName: 'Review Slug',
		name: 'reviewSlug',
		type: 'string',
		required: true,
		default: '',
		description: "The review's slug, as BadgeKit returned it",
		displayOptions: inVersion1(showFor('review', ['get', 'update', 'delete'])),
	},
	reviewField(fromVersion1_1(showFor('review', ['get', 'update', 'delete']))),
	...Object.values(operations).flatMap((operation) => operation.description),
];

export const resource: BadgeKitResource = { description, operations };
export default resource;
