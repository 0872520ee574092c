import { NodeOperationError, type IDataObject, type IExecuteFunctions } from 'n8n-workflow';

import { toIsoDateOrFail } from '../../shared/dates';
import { apiRequest, showFor, unwrap } from '../../shared/operations';
import type { RequestOptions } from '../../transport';
import type { BadgeKitOperation } from '../types';
import { applicationPath, evidenceField, evidenceOf } from './common';

const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

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
					displayName: 'Learner Email',
					name: 'learner',
					type: 'string',
					default: '',
					placeholder: 'e.g. learner@example.org',
					description: 'Email address of the person applying',
				},
			],
		},
	],

	async execute(this: IExecuteFunctions, itemIndex: number, request: RequestOptions): Promise<IDataObject> {
		const node = this.getNode();
		const fields = this.getNodeParameter('updateFields', itemIndex, {}) as IDataObject;
		const body: IDataObject = {};
		for (const [key, label] of [['learner', 'Learner Email'], ['assignedTo', 'Assigned To']] as const) {
			if (fields[key] === undefined) continue;
			const value = String(fields[key]).trim();
			if (!EMAIL_PATTERN.test(value)) {
				throw new NodeOperationError(node, `"${label}" is not an email address: "${value}"`, { itemIndex });
			}
			body[key] = value;
		}
		if (fields.assignedExpiration !== undefined && fields.assignedExpiration !== '') {
			body.assignedExpiration = toIsoDateOrFail(node, fields.assignedExpiration, 'Assigned Expiration', itemIndex, this.getTimezone());
		}
		if (fields.evidence !== undefined) body.evidence = evidenceOf(fields.evidence);
		if (Object.keys(body).length === 0) {
			throw new NodeOperationError(node, 'Choose at least one field to update', {
				description: 'Add a field under "Update Fields" and enter the new value: the application is left as it is otherwise.',
				itemIndex,
			});
		}
		const response = await apiRequest.call(this, itemIndex, request, 'PUT', applicationPath.call(this, itemIndex), body);
		return unwrap.call(this, response, 'application', itemIndex);
	},
};
