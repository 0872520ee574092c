import { NodeOperationError, type IDataObject, type IExecuteFunctions } from 'n8n-workflow';

import { apiRequest, httpStatusOf, requiredString, unwrap } from '../../shared/operations';
import { badgePath, locatorValue } from '../../shared/scope';
import type { RequestOptions } from '../../transport';
import type { BadgeKitOperation } from '../types';
import { newCodeBody, newCodeFields, normaliseClaimCode } from './common';

/**
 * Claim Code Create. BadgeKit never answers when the code already exists (codes are unique across
 * badges), so the code is looked up in the system first.
 */
export const operation: BadgeKitOperation = {
	description: [newCodeFields('create')],

	async execute(this: IExecuteFunctions, itemIndex: number, request: RequestOptions): Promise<IDataObject> {
		const code = requiredString.call(this, 'code', itemIndex, 'Claim Code');
		const system = locatorValue.call(this, 'system', itemIndex);
		const path = badgePath.call(this, itemIndex);
		let existing: IDataObject | undefined;
		try {
			const response = await apiRequest.call(this, itemIndex, request, 'GET', `/systems/${encodeURIComponent(system)}/codes/${encodeURIComponent(code)}`);
			existing = (response.badge as IDataObject | undefined) ?? {};
		} catch (error) {
			if (httpStatusOf(error) !== 404) throw error;
		}
		if (existing) {
			const badge = existing.slug ? ` for badge "${String(existing.slug)}"` : '';
			throw new NodeOperationError(this.getNode(), `Claim code "${code}" already exists${badge}`, {
				description: 'Choose another code, or use "Create Random". The code was not sent: BadgeKit never answers a code that already exists.',
				itemIndex,
			});
		}
		const fields = this.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject;
		const response = await apiRequest.call(this, itemIndex, request, 'POST', `${path}/codes`, { code, ...newCodeBody(fields) });
		return normaliseClaimCode(unwrap.call(this, response, 'claimCode', itemIndex));
	},
};
