import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { toIsoDateOrFail } from '../../fields/dateParameters';
import { showFor } from '../../fields/fields';
import { checkedEmail, requireSomeFields } from '../../fields/parameters';
import { badgeKitApiRequest, unwrap } from '../../transport';
import type { BadgeKitOperation } from '../types';
import { applicationPath, evidenceField, evidenceOf } from './common';

/** Application Update: only the fields added under "Update Fields" change. */
export const operation: BadgeKitOperation = {
	description: [
		{
			displayName: 'Update Fields',
			name: 'updateFields',
			type: 'collection',
			placeholder: 'Add Field',
			default: {},
			description: 'Only the fields added here are changed',
			displayOptions: showFor('application', ['update']),
			options: [
				{
					displayName: 'Assigned Expiration',
					name: 'assignedExpiration',
					type: 'dateTime',
					default: '',
					description: 'Until when the assigned reviewer has to review it',
				},
				{
					displayName: 'Assigned To',
					name: 'assignedTo',
					type: 'string',
					default: '',
					placeholder: 'e.g. reviewer@example.org',
					description: 'Email address of the reviewer the application is assigned to',
				},
				{ ...evidenceField, description: 'Replaces all evidence of the application' },
				{
					displayName: 'Earner Email',
					name: 'learner',
					type: 'string',
					default: '',
					placeholder: 'e.g. earner@example.org',
					description: 'Email address of the earner applying (BadgeKit\'s "learner")',
				},
			],
		},
	],

	async execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
		const node = this.getNode();
		const fields = this.getNodeParameter('updateFields', itemIndex, {}) as IDataObject;
		const body: IDataObject = {};
		for (const [key, label] of [
			['learner', 'Earner Email'],
			['assignedTo', 'Assigned To'],
		] as const) {
			if (fields[key] !== undefined) body[key] = checkedEmail(node, fields[key], label, itemIndex);
		}
		if (fields.assignedExpiration !== undefined && fields.assignedExpiration !== '') {
			body.assignedExpiration = toIsoDateOrFail(node, fields.assignedExpiration, 'Assigned Expiration', itemIndex, this.getTimezone());
		}
		if (fields.evidence !== undefined) body.evidence = evidenceOf(fields.evidence);
		requireSomeFields(node, body, 'application', itemIndex);
		const response = await badgeKitApiRequest.call(this, 'PUT', applicationPath.call(this, itemIndex), { body, itemIndex });
		return unwrap.call(this, response, 'application', itemIndex);
	},
};
