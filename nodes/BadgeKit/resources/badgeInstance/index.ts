import type { INodeProperties } from 'n8n-workflow';

import { showFor } from '../../fields/fields';
import { badgeField, scopeFields } from '../../fields/scope';
import type { BadgeKitOperation, BadgeKitResource } from '../types';
import { operation as get } from './get';
import { operation as getAll } from './getAll';
import { operation as getAllForEarner } from './getAllForEarner';
import { operation as issue } from './issue';
import { operation as issueToMany } from './issueToMany';
import { operation as revoke } from './revoke';

/** Award (BadgeKit's badge instance): an awarded badge. Issuing a badge = creating an instance. */
export const operations: Record<string, BadgeKitOperation> = { issue, issueToMany, get, getAll, getAllForEarner, revoke };

const ALL = Object.keys(operations);
const WITH_BADGE = ALL.filter((operation) => operation !== 'getAllForEarner');

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['badgeInstance'] } },
		options: [
			{ name: 'Get', value: 'get', description: "Get one earner's award of a badge", action: 'Get an award' },
			{ name: 'Get Many', value: 'getAll', description: 'Get the awards of a badge', action: 'Get many awards' },
			{
				name: 'Get Many for an Earner',
				value: 'getAllForEarner',
				description: 'Get every award of one earner, by email address',
				action: 'Get many awards of an earner',
			},
			{ name: 'Issue', value: 'issue', description: 'Award a badge to one earner', action: 'Issue a badge to an earner' },
			{
				name: 'Issue to Many',
				value: 'issueToMany',
				description: 'Award a badge to a list of earners (email addresses) in one request',
				action: 'Issue a badge to many earners',
			},
			{ name: 'Revoke', value: 'revoke', description: "Take back an earner's award", action: 'Revoke an award' },
		],
		default: 'issue',
	},
	...scopeFields(showFor('badgeInstance', ALL)),
	badgeField(showFor('badgeInstance', WITH_BADGE)),
	{
		displayName: 'Earner Email',
		name: 'email',
		type: 'string',
		placeholder: 'e.g. earner@example.org',
		required: true,
		default: '',
		description:
			'Email address of the earner, who gets (or got) the badge. BadgeKit ignores case: ALICE@example.org and alice@example.org are the same earner.',
		displayOptions: showFor('badgeInstance', ['issue', 'get', 'getAllForEarner', 'revoke']),
	},
	...Object.values(operations).flatMap((operation) => operation.description),
];

export const resource: BadgeKitResource = { description, operations };
export default resource;
