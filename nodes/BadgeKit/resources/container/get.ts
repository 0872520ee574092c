import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { badgeKitApiRequest, unwrap } from '../../transport';
import type { BadgeKitOperation } from '../types';
import { containerPath, type ContainerKind } from './common';

/** System, issuer or program Get: one by its slug. */
export function operation(kind: ContainerKind): BadgeKitOperation {
	return {
		description: [],
		async execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
			const path = containerPath.call(this, kind, itemIndex, true);
			const response = await badgeKitApiRequest.call(this, 'GET', path, { itemIndex });
			return unwrap.call(this, response, kind, itemIndex);
		},
	};
}
