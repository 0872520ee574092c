import type { INodeProperties } from 'n8n-workflow';

import type { BadgeKitOperation, BadgeKitResource } from '../types';
import { operation as get } from './get';

/** Assertion: the public, unauthenticated record of an award (what `assertionUrl` points to). */
export const operations: Record<string, BadgeKitOperation> = { get };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['assertion'] } },
		options: [
			{
				name: 'Get',
				value: 'get',
				description: 'Get the public assertion of an award, e.g. to find the badge a milestone award really is for',
				action: 'Get a public assertion',
			},
		],
		default: 'get',
	},
	...get.description,
];

export const resource: BadgeKitResource = { description, operations };
export default resource;
