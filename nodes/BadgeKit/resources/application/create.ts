import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { toIsoDateOrFail } from '../../fields/dateParameters';
import { showFor } from '../../fields/fields';
import { requiredEmail } from '../../fields/parameters';
import { compact } from '../../fields/values';
import { badgePath } from '../../fields/scope';
import { badgeKitApiRequest, unwrap } from '../../transport';
import type { BadgeKitOperation } from '../types';
import { evidenceField, evidenceOf } from './common';

const show = showFor('application', ['create']);

/** Application Create: submits an earner's application for the chosen badge. */
export const operation: BadgeKitOperation = {
	description: [
		{
			displayName: 'Earner Email',
			name: 'learner',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'e.g. earner@example.org',
			description: 'Email address of the earner applying for the badge (BadgeKit\'s "learner")',
			displayOptions: show,
		},
		{
			displayName: 'Additional Fields',
			name: 'additionalFields',
			type: 'collection',
			placeholder: 'Add Field',
			default: {},
			displayOptions: show,
			options: [
				{
					displayName: 'Assigned Expiration',
					name: 'assignedExpiration',
					type: 'dateTime',
					default: '',
					description: 'Until when the assigned reviewer has to review it; after that another reviewer may be assigned',
				},
				{
					displayName: 'Assigned To',
					name: 'assignedTo',
					type: 'string',
					default: '',
					placeholder: 'e.g. reviewer@example.org',
					description: 'Email address of the reviewer the application is assigned to',
				},
				evidenceField,
			],
		},
	],

	async execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
		const fields = this.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject;
		const evidence = evidenceOf(fields.evidence);
		const body = compact({
			learner: requiredEmail.call(this, 'learner', itemIndex, 'Earner Email'),
			assignedTo: String(fields.assignedTo ?? '').trim(),
			assignedExpiration: toIsoDateOrFail(this.getNode(), fields.assignedExpiration, 'Assigned Expiration', itemIndex, this.getTimezone()),
		});
		if (evidence.length) body.evidence = evidence;
		const response = await badgeKitApiRequest.call(this, 'POST', `${badgePath.call(this, itemIndex)}/applications`, { body, itemIndex });
		return unwrap.call(this, response, 'application', itemIndex);
	},
};
