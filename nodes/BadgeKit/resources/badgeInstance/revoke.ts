import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { requiredEmail } from '../../fields/parameters';
import { badgeKitApiRequest, unwrap } from '../../transport';
import type { BadgeKitOperation } from '../types';
import { awardKey, instancePath } from './common';

/** Badge Instance Revoke: deletes the earner's award; BadgeKit sends a `revoke` webhook. */
export const operation: BadgeKitOperation = {
	description: [],

	async execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
		const email = requiredEmail.call(this, 'email', itemIndex, 'Earner Email');
		const response = await badgeKitApiRequest.call(this, 'DELETE', instancePath.call(this, itemIndex, email), { itemIndex });
		return unwrap.call(this, response, 'instance', itemIndex);
	},

	concurrencyKeys(this: IExecuteFunctions, itemIndex: number): string[] {
		return [awardKey.call(this, itemIndex, String(this.getNodeParameter('email', itemIndex, '')))];
	},
};
