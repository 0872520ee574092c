import { NodeOperationError, type IDataObject, type IExecuteFunctions } from 'n8n-workflow';

import { toIsoDateOrFail } from '../../fields/dateParameters';
import { showFor } from '../../fields/fields';
import { badgeKitApiRequest, unwrap } from '../../transport';
import type { BadgeKitOperation } from '../types';
import { applicationKey, applicationPath } from './common';

/**
 * Application Mark Processed: sets `processed`, always as an ISO date (BadgeKit reads unix seconds
 * as a day in January 1970).
 */
export const operation: BadgeKitOperation = {
	description: [
		{
			displayName: 'Processed At',
			name: 'processedAt',
			type: 'options',
			default: 'now',
			displayOptions: showFor('application', ['markProcessed']),
			options: [
				{ name: 'Now', value: 'now', description: 'The moment the node runs' },
				{ name: 'A Given Date', value: 'date', description: 'A date you enter or take from an expression' },
			],
		},
		{
			displayName: 'Processed Date',
			name: 'processedDate',
			type: 'dateTime',
			required: true,
			default: '',
			description: 'When the application was processed. An ISO date, a date from an expression, or unix seconds/milliseconds.',
			displayOptions: showFor('application', ['markProcessed'], { processedAt: ['date'] }),
		},
	],

	async execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
		let processed: string | undefined;
		if (this.getNodeParameter('processedAt', itemIndex, 'now') === 'date') {
			processed = toIsoDateOrFail(
				this.getNode(),
				this.getNodeParameter('processedDate', itemIndex, ''),
				'Processed Date',
				itemIndex,
				this.getTimezone(),
			);
			if (!processed) {
				throw new NodeOperationError(this.getNode(), '"Processed Date" is empty', {
					description: 'Enter the date, or choose "Now" under "Processed At".',
					itemIndex,
				});
			}
		} else {
			processed = new Date().toISOString();
		}
		const response = await badgeKitApiRequest.call(this, 'PUT', applicationPath.call(this, itemIndex), { body: { processed }, itemIndex });
		return unwrap.call(this, response, 'application', itemIndex);
	},

	// One PUT per item: different applications may overlap; the same one stays in input order.
	concurrencyKeys(this: IExecuteFunctions, itemIndex: number): string[] {
		return [applicationKey.call(this, itemIndex)];
	},
};
