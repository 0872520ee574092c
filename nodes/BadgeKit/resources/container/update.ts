import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { updateFieldsOf } from '../../fields/parameters';
import { badgeKitApiRequest, unwrap } from '../../transport';
import type { BadgeKitOperation } from '../types';
import { containerPath, containerUpdateFields, type ContainerKind } from './common';

/** System, issuer or program Update: only the fields chosen under "Update Fields" are sent. */
export function operation(kind: ContainerKind): BadgeKitOperation {
	return {
		description: [containerUpdateFields(kind)],
		async execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
			const body = updateFieldsOf.call(this, itemIndex, kind);
			const path = containerPath.call(this, kind, itemIndex, true);
			const response = await badgeKitApiRequest.call(this, 'PUT', path, { body, itemIndex });
			return unwrap.call(this, response, kind, itemIndex);
		},
	};
}
