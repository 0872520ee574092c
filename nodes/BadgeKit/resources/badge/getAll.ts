import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { scopePath } from '../../fields/scope';
import { limitOf, paginationFields, showFor } from '../../fields/fields';
import { badgeKitApiRequestAllItems } from '../../transport';
import type { BadgeKitOperation } from '../types';
import { normaliseBadge } from '../../fields/normalise';

/** Badge Get Many: the badges of a system, issuer or program, filtered by archived status. */
export const operation: BadgeKitOperation = {
	description: [
		{
			displayName: 'Archived Status',
			name: 'archived',
			type: 'options',
			default: 'false',
			description: 'Which badges to return: archived badges can no longer be earned',
			displayOptions: showFor('badge', ['getAll']),
			options: [
				{ name: 'Any', value: 'any', description: 'Archived and not archived badges' },
				{ name: 'Archived Only', value: 'true', description: 'Only archived badges' },
				{ name: 'Not Archived', value: 'false', description: 'Only badges that can still be earned' },
			],
		},
		...paginationFields('badge'),
	],

	async execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
		const archived = this.getNodeParameter('archived', itemIndex, 'false') as string;
		const path = `${scopePath.call(this, itemIndex)}/badges`;
		const badges = await badgeKitApiRequestAllItems.call(this, path, 'badges', {
			query: { archived },
			limit: limitOf.call(this, itemIndex),
			itemIndex,
		});
		return badges.map(normaliseBadge);
	},
};
