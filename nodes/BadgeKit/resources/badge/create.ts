import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { scopePath } from '../../shared/scope';
import type { RequestOptions } from '../../transport';
import { apiRequest, requiredString, showFor, unwrap } from '../../shared/operations';
import type { BadgeKitOperation } from '../types';
import { badgeBody, createFields } from './fields';
import { normaliseBadge } from './normalise';

const REQUIRED_TEXT: Array<[string, string]> = [
	['name', 'Name'],
	['slug', 'Slug'],
	['type', 'Type'],
	['earnerDescription', 'Earner Description'],
	['consumerDescription', 'Consumer Description'],
	['criteriaUrl', 'Criteria URL'],
	['imageUrl', 'Image URL'],
];

/** Badge Create: a new badge in the system, issuer or program chosen. */
export const operation: BadgeKitOperation = {
	description: createFields(showFor('badge', ['create'])),

	async execute(this: IExecuteFunctions, itemIndex: number, request: RequestOptions): Promise<IDataObject> {
		const values: IDataObject = {};
		for (const [name, label] of REQUIRED_TEXT) values[name] = requiredString.call(this, name, itemIndex, label);
		values.unique = this.getNodeParameter('unique', itemIndex, false) as boolean;
		values.criteria = this.getNodeParameter('criteria', itemIndex, {}) as IDataObject;
		Object.assign(values, this.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject);

		const path = `${scopePath.call(this, itemIndex)}/badges`;
		const response = await apiRequest.call(this, itemIndex, request, 'POST', path, badgeBody(values));
		return normaliseBadge(unwrap.call(this, response, 'badge', itemIndex));
	},
};
