import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { limitOf, paginationFields, showFor } from '../../fields/fields';
import { badgePath, locatorValue, scopePath } from '../../fields/scope';
import { badgeKitApiRequestAllItems } from '../../transport';
import type { BadgeKitOperation } from '../types';

/**
 * Application Get Many. BadgeKit answers `?processed=true` with a 500 (an SQL error), so "Processed"
 * reads every application (`processed=any`) and keeps the processed ones here.
 */
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
		const path = locatorValue.call(this, 'badge', itemIndex) ? badgePath.call(this, itemIndex) : scopePath.call(this, itemIndex);
		const isProcessed = (application: IDataObject) => application.processed !== null && application.processed !== undefined;
		if (status === 'processed') {
			return await badgeKitApiRequestAllItems.call(this, `${path}/applications`, 'applications', {
				query: { processed: 'any' },
				filter: isProcessed,
				limit: limitOf.call(this, itemIndex),
				itemIndex,
			});
		}
		if (status === 'unprocessed') {
			// filtered here too, in case a server ignores `processed=false`
			return await badgeKitApiRequestAllItems.call(this, `${path}/applications`, 'applications', {
				query: { processed: 'false' },
				filter: (a) => !isProcessed(a),
				limit: limitOf.call(this, itemIndex),
				itemIndex,
			});
		}
		return await badgeKitApiRequestAllItems.call(this, `${path}/applications`, 'applications', {
			query: { processed: 'any' },
			limit: limitOf.call(this, itemIndex),
			itemIndex,
		});
	},
};
