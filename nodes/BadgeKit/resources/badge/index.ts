import type { INodeProperties } from 'n8n-workflow';

import { badgeField, issuerField, programField, systemField } from '../../fields/scope';
import { showFor } from '../../fields/fields';
import type { BadgeKitOperation, BadgeKitResource } from '../types';
import { operation as create } from './create';
import { operation as deleteOperation } from './delete';
import { operation as get } from './get';
import { operation as getAll } from './getAll';
import { operation as update } from './update';

/** The Badge resource: badge classes (not awarded badges) in a system, issuer or program. */
export const operations: Record<string, BadgeKitOperation> = { create, delete: deleteOperation, get, getAll, update };

const ALL = ['create', 'delete', 'get', 'getAll', 'update'];
const ONE = ['delete', 'get', 'update'];

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['badge'] } },
		options: [
			{ name: 'Create', value: 'create', description: 'Create a new badge', action: 'Create a badge' },
			{ name: 'Delete', value: 'delete', description: 'Delete a badge and its criteria', action: 'Delete a badge' },
			{ name: 'Get', value: 'get', description: 'Get one badge', action: 'Get a badge' },
			{ name: 'Get Many', value: 'getAll', description: 'Get many badges', action: 'Get many badges' },
			{ name: 'Update', value: 'update', description: 'Change fields of a badge', action: 'Update a badge' },
		],
		default: 'get',
	},
	systemField(showFor('badge', ALL)),
	{
		...issuerField(showFor('badge', ALL)),
		description: 'Optional: the issuer the badge belongs to. Leave empty for a badge of the whole system.',
	},
	{
		...programField(showFor('badge', ALL)),
		description: 'Optional: the program (of the issuer above) the badge belongs to. Leave empty otherwise.',
	},
	badgeField(showFor('badge', ONE)),
	...Object.values(operations).flatMap((operation) => operation.description),
];

export const resource: BadgeKitResource = { description, operations };
export default resource;
