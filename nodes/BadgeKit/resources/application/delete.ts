import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { badgeKitApiRequest, unwrap } from '../../transport';

import { deletedOutput } from '../outputs';
import type { BadgeKitOperation } from '../types';
import { applicationPath } from './common';

/** Application Delete: outputs the deleted application (see `deletedOutput`). */
export const operation: BadgeKitOperation = {
	description: [],

	async execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
		const response = await badgeKitApiRequest.call(this, 'DELETE', applicationPath.call(this, itemIndex), { itemIndex });
		return deletedOutput.call(this, unwrap.call(this, response, 'application', itemIndex));
	},
};
