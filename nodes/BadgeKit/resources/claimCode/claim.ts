import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { showFor } from '../../fields/fields';
import { badgeKitApiRequest, unwrap } from '../../transport';
import type { BadgeKitOperation } from '../types';
import { codePath, normaliseClaimCode } from './common';

/**
 * Claim Code Claim: only marks the code as claimed (BadgeKit awards nothing and sends no webhook).
 * Awarding with a code is Badge Instance → Issue with "Claim Code".
 */
export const operation: BadgeKitOperation = {
	description: [
		{
			displayName: 'Additional Fields',
			name: 'additionalFields',
			type: 'collection',
			placeholder: 'Add Field',
			default: {},
			displayOptions: showFor('claimCode', ['claim']),
			options: [
				{
					displayName: 'Earner Email',
					name: 'email',
					type: 'string',
					default: '',
					placeholder: 'e.g. earner@example.org',
					description: 'Email address of the earner claiming the code',
				},
			],
		},
	],

	async execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
		const fields = this.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject;
		const email = String(fields.email ?? '').trim();
		const response = await badgeKitApiRequest.call(this, 'POST', `${codePath.call(this, itemIndex)}/claim`, {
			body: email ? { email } : {},
			itemIndex,
		});
		return normaliseClaimCode(unwrap.call(this, response, 'claimCode', itemIndex));
	},
};
