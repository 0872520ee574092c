import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { badgeKitApiRequest, unwrap } from '../../transport';
import type { BadgeKitOperation } from '../types';
import { containerCreateBody, containerCreateFields, containerPath, type ContainerKind } from './common';

/** System, issuer or program Create: a new one from its slug, name and URL. */
export function operation(kind: ContainerKind): BadgeKitOperation {
	return {
		description: containerCreateFields(kind),
		async execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
			const body = containerCreateBody.call(this, itemIndex);
			const path = containerPath.call(this, kind, itemIndex, false);
			const response = await badgeKitApiRequest.call(this, 'POST', path, { body, itemIndex });
			return unwrap.call(this, response, kind, itemIndex);
		},
	};
}
