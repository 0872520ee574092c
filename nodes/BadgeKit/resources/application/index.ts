import type { INodeProperties } from 'n8n-workflow';

import { fromVersion1_1, inVersion1, showFor } from '../../fields/fields';
import { applicationField, badgeField, scopeFields } from '../../fields/scope';
import type { BadgeKitOperation, BadgeKitResource } from '../types';
import { operation as create } from './create';
import { operation as deleteOperation } from './delete';
import { operation as get } from './get';
import { operation as getAll } from './getAll';
import { operation as markProcessed } from './markProcessed';
import { operation as update } from './update';

/** Application: an earner's request for a badge, reviewed before the badge is issued. */
export const operations: Record<string, BadgeKitOperation> = { create, get, getAll, update, markProcessed, delete: deleteOperation };

const ALL = Object.keys(operations);
const ONE = ['get', 'update', 'markProcessed', 'delete'];

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['application'] } },
		options: [
			{ name: 'Create', value: 'create', description: 'Submit an application for a badge', action: 'Create an application' },
			{ name: 'Delete', value: 'delete', description: 'Delete an application', action: 'Delete an application' },
			{ name: 'Get', value: 'get', description: 'Get one application', action: 'Get an application' },
			{
				name: 'Get Many',
				value: 'getAll',
				description: 'Get the applications of a system, issuer, program or badge',
				action: 'Get many applications',
			},
			{
				name: 'Mark Processed',
				value: 'markProcessed',
				description: 'Record that an application was dealt with (e.g. the badge was issued)',
				action: 'Mark an application as processed',
			},
			{ name: 'Update', value: 'update', description: 'Change fields of an application', action: 'Update an application' },
		],
		default: 'create',
	},
	...scopeFields(showFor('application', ALL)),
	badgeField(
		showFor(
			'application',
			ALL.filter((operation) => operation !== 'getAll'),
		),
	),
	{
		...badgeField(showFor('application', ['getAll']), false),
		description: 'Optional: only the applications for this badge. Leave empty for all badges of the system, issuer or program.',
	},
	{
		displayName: 'Application Slug',
		name: 'applicationSlug',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 3f2a9c…',
		description: "The application's slug, as BadgeKit returned it (e.g. in the review webhook or Get Many)",
		displayOptions: inVersion1(showFor('application', ONE)),
	},
	applicationField(fromVersion1_1(showFor('application', ONE))),
	...Object.values(operations).flatMap((operation) => operation.description),
];

export const resource: BadgeKitResource = { description, operations };
export default resource;
