import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { ALL_APPLICATIONS, OPEN_APPLICATIONS, applicationsPath, isProcessed } from '../../fields/applications';
import { limitOf, paginationFields, showFor } from '../../fields/fields';
import { badgeKitApiRequestAllItems } from '../../transport';
import type { BadgeKitOperation } from '../types';

/** Application Get Many; "Processed" reads every application and keeps the processed ones (see fields/applications.ts). */
export const operation: BadgeKitOperation = {
	description: [
		{
			displayName: 'Processed Status',
			name: 'processedStatus',
			type: 'options',
			default: 'any',
			description: 'Which applications to return',
			displayOptions: showFor('application', ['getAll']),
			options: [
				{ name: 'Any', value: 'any', description: 'Processed and not yet processed applications' },
				{ name: 'Processed', value: 'processed', description: 'Only applications marked as processed' },
				{ name: 'Unprocessed', value: 'unprocessed', description: 'Only applications still waiting to be dealt with' },
			],
		},
		...paginationFields('application', ['getAll']),
	],

	async execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
		const status = this.getNodeParameter('processedStatus', itemIndex, 'any') as string;
		const path = applicationsPath.call(this, itemIndex);
		if (status === 'processed') {
			return await badgeKitApiRequestAllItems.call(this, path, 'applications', {
				query: ALL_APPLICATIONS,
				filter: isProcessed,
				limit: limitOf.call(this, itemIndex),
				itemIndex,
			});
		}
		if (status === 'unprocessed') {
			// filtered here too, in case a server ignores `processed=false`
			return await badgeKitApiRequestAllItems.call(this, path, 'applications', {
				query: OPEN_APPLICATIONS,
				filter: (a) => !isProcessed(a),
				limit: limitOf.call(this, itemIndex),
				itemIndex,
			});
		}
		return await badgeKitApiRequestAllItems.call(this, path, 'applications', {
			query: ALL_APPLICATIONS,
			limit: limitOf.call(this, itemIndex),
			itemIndex,
		});
	},
};
