import type { INodeProperties } from 'n8n-workflow';

import { fromVersion1_1, inVersion1, showFor } from '../../fields/fields';
import { badgeField, claimCodeField, scopeFields } from '../../fields/scope';
import type { BadgeKitOperation, BadgeKitResource } from '../types';
import { operation as claim } from './claim';
import { operation as create } from './create';
import { operation as createRandom } from './createRandom';
import { operation as deleteOperation } from './delete';
import { operation as get } from './get';
import { operation as getAll } from './getAll';

/** Claim Code: a code an earner redeems for a badge (issue it with Award → Issue + Claim Code). */
export const operations: Record<string, BadgeKitOperation> = { create, createRandom, get, getAll, claim, delete: deleteOperation };

const ALL = Object.keys(operations);

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['claimCode'] } },
		options: [
			{
				name: 'Claim',
				value: 'claim',
				description: 'Mark a code as claimed. To award the badge with the code, use Award → Issue with the Claim Code.',
				action: 'Mark a claim code as claimed',
			},
			{ name: 'Create', value: 'create', description: 'Create a claim code you choose', action: 'Create a claim code' },
			{
				name: 'Create Random',
				value: 'createRandom',
				description: 'Create a claim code BadgeKit makes up',
				action: 'Create a random claim code',
			},
			{ name: 'Delete', value: 'delete', description: 'Delete a claim code', action: 'Delete a claim code' },
			{ name: 'Get', value: 'get', description: 'Get one claim code', action: 'Get a claim code' },
			{ name: 'Get Many', value: 'getAll', description: 'Get the claim codes of a badge', action: 'Get many claim codes' },
		],
		default: 'create',
	},
	...scopeFields(showFor('claimCode', ALL)),
	badgeField(showFor('claimCode', ALL)),
	{
		displayName: 'Claim Code',
		name: 'code',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. SUMMER-2024',
		description: 'The code (up to 255 characters). BadgeKit ignores case: "summer-2024" is the same code as "SUMMER-2024".',
		displayOptions: inVersion1(showFor('claimCode', ['create', 'get', 'claim', 'delete'])),
	},
	// From 1.1 a new code is typed in its own field ("newCode"): a shared name would carry a typed text
	// into the picker of Get/Claim/Delete when the operation is switched.
	{
		displayName: 'Claim Code',
		name: 'newCode',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. SUMMER-2024',
		description: 'The new code (up to 255 characters). BadgeKit ignores case: "summer-2024" is the same code as "SUMMER-2024".',
		displayOptions: fromVersion1_1(showFor('claimCode', ['create'])),
	},
	claimCodeField(fromVersion1_1(showFor('claimCode', ['get', 'claim', 'delete']))),
	...Object.values(operations).flatMap((operation) => operation.description),
];

export const resource: BadgeKitResource = { description, operations };
export default resource;
