import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { scopePath } from '../common/scope';
import type { RequestOptions } from '../../transport';
import { paginationFields, showFor } from '../common/fields';
import { getList } from '../common/requests';
import type { BadgeKitOperation } from '../types';
import { normaliseBadge } from './normalise';

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

	async execute(this: IExecuteFunctions, itemIndex: number, request: RequestOptions): Promise<IDataObject[]> {
		const archived = this.getNodeParameter('archived', itemIndex, 'false') as string;
		const path = `${scopePath.call(this, itemIndex)}/badges`;
		const badges = await getList.call(this, itemIndex, path, 'badges', request, { archived });
		return badges.map(normaliseBadge);
	},
};
