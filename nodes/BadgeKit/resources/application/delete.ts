import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { apiRequest, unwrap } from '../common/requests';
import type { RequestOptions } from '../../transport';
import type { BadgeKitOperation } from '../types';
import { applicationPath } from './common';

/** Application Delete: outputs the deleted application. */
export const operation: BadgeKitOperation = {
	description: [],

	async execute(this: IExecuteFunctions, itemIndex: number, request: RequestOptions): Promise<IDataObject> {
		const response = await apiRequest.call(this, itemIndex, request, 'DELETE', applicationPath.call(this, itemIndex));
		return unwrap.call(this, response, 'application', itemIndex);
	},
};
