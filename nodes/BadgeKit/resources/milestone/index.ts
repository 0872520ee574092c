import type { INodeProperties } from 'n8n-workflow';

import { systemField } from '../../fields/scope';
import { showFor } from '../../fields/fields';
import type { BadgeKitOperation, BadgeKitResource } from '../types';
import { milestoneIdFields } from './common';
import { operation as create } from './create';
import { operation as deleteOperation } from './delete';
import { operation as get } from './get';
import { operation as getAll } from './getAll';
import { operation as update } from './update';

/**
 * The Milestone resource: a milestone badge is awarded automatically to whoever earns enough of
 * its support badges. Milestones belong to a system and are identified by a number.
 */
export const operations: Record<string, BadgeKitOperation> = { create, delete: deleteOperation, get, getAll, update };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['milestone'] } },
		options: [
			{ name: 'Create', value: 'create', description: 'Create a new milestone', action: 'Create a milestone' },
			{ name: 'Delete', value: 'delete', description: 'Delete a milestone', action: 'Delete a milestone' },
			{ name: 'Get', value: 'get', description: 'Get one milestone by its ID', action: 'Get a milestone' },
			{ name: 'Get Many', value: 'getAll', description: 'Get many milestones', action: 'Get many milestones' },
			{ name: 'Update', value: 'update', description: 'Change a milestone', action: 'Update a milestone' },
		],
		default: 'get',
	},
	systemField(showFor('milestone', ['create', 'delete', 'get', 'getAll', 'update'])),
	...milestoneIdFields(showFor('milestone', ['delete', 'get', 'update'])),
	...Object.values(operations).flatMap((operation) => operation.description),
];

export const resource: BadgeKitResource = { description, operations };
export default resource;
