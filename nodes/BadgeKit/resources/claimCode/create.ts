import { NodeOperationError, type IDataObject, type IExecuteFunctions } from 'n8n-workflow';

import { requiredString } from '../../fields/parameters';
import { badgePath, locatorValue } from '../../fields/scope';
import { badgeKitApiRequest, isNotFound, nodeErrorOf, unwrap } from '../../transport';
import type { BadgeKitOperation } from '../types';
import { newCodeBody, newCodeFields, normaliseClaimCode } from './common';

/**
 * Claim Code Create. Codes are unique per badge, compared without regard to case, and BadgeKit never
 * answers a code the badge already has (`shared-1` after `SHARED-1` too), so the badge's code is
 * looked up first. The same code on another badge is fine.
 */
export const operation: BadgeKitOperation = {
	description: [newCodeFields('create')],

	async execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
		const code = requiredString.call(this, this.getNode().typeVersion < 1.1 ? 'code' : 'newCode', itemIndex, 'Claim Code');
		const path = badgePath.call(this, itemIndex);
		let existing: IDataObject | undefined;
		try {
			const response = await badgeKitApiRequest.call(this, 'GET', `${path}/codes/${encodeURIComponent(code)}`, { itemIndex });
			existing = (response.claimCode as IDataObject | undefined) ?? {};
		} catch (error) {
			if (!isNotFound(error)) throw nodeErrorOf(this.getNode(), error, itemIndex);
		}
		if (existing) {
			const spelled = existing.code !== undefined && existing.code !== code ? ` (as "${String(existing.code)}")` : '';
			throw new NodeOperationError(
				this.getNode(),
				`Claim code "${code}" already exists${spelled} for badge "${locatorValue.call(this, 'badge', itemIndex)}"`,
				{
					description:
						'Choose another code, or use "Create Random". BadgeKit compares codes without regard to case. The code was not sent: BadgeKit never answers a code the badge already has.',
					itemIndex,
				},
			);
		}
		const fields = this.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject;
		const response = await badgeKitApiRequest.call(this, 'POST', `${path}/codes`, { body: { code, ...newCodeBody(fields) }, itemIndex });
		return normaliseClaimCode(unwrap.call(this, response, 'claimCode', itemIndex));
	},
};
