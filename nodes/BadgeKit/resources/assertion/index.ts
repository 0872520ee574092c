import type { INodeProperties } from 'n8n-workflow';

import type { BadgeKitOperation, BadgeKitResource } from '../types';
import { operation as get } from './get';

/** Award Page (BadgeKit's assertion): the public, unauthenticated page of an award (what `assertionUrl` points to). */
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
				description: "Get the public page of an award (BadgeKit's assertion), e.g. to find the badge a milestone award really is for",
				action: 'Get an award page',
			},
		],
		default: 'get',
	},
	...get.description,
];

export const resource: BadgeKitResource = { description, operations };
export default resource;
