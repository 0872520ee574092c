import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { apiRequest, unwrap } from '../common/requests';
import type { RequestOptions } from '../../transport';
import type { BadgeKitOperation } from '../types';
import { applicationPath } from './common';

/** Application Get: one application, with its badge and evidence. */
export const operation: BadgeKitOperation = {
	description: [],

	async execute(this: IExecuteFunctions, itemIndex: number, request: RequestOptions): Promise<IDataObject> {
		const response = await apiRequest.call(this, itemIndex, request, 'GET', applicationPath.call(this, itemIndex));
		return unwrap.call(this, response, 'application', itemIndex);
	},
};
