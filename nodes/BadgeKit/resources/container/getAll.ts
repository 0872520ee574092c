import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { limitOf, paginationFields } from '../../fields/fields';
import { badgeKitApiRequestAllItems } from '../../transport';
import type { BadgeKitOperation } from '../types';
import { containerPath, type ContainerKind } from './common';

/** System, issuer or program Get Many: the systems, the issuers of a system or the programs of an issuer, page by page. */
export function operation(kind: ContainerKind): BadgeKitOperation {
	return {
		description: paginationFields(kind),
		async execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
			const path = containerPath.call(this, kind, itemIndex, false);
			return await badgeKitApiRequestAllItems.call(this, path, `${kind}s`, { limit: limitOf.call(this, itemIndex), itemIndex });
		},
	};
}
