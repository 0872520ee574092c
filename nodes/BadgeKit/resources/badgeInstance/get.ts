import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { requiredEmail } from '../../fields/parameters';
import type { BadgeKitOperation } from '../types';
import { getInstance } from './common';

/** Badge Instance Get: one earner's award of the chosen badge. */
export const operation: BadgeKitOperation = {
	description: [],

	async execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
		return await getInstance.call(this, itemIndex, requiredEmail.call(this, 'email', itemIndex, 'Earner Email'));
	},
};
