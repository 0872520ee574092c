import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { badgeKitApiRequest } from '../../transport';
import { deletedOutput } from '../outputs';
import type { BadgeKitOperation } from '../types';
import { containerPath, type ContainerKind } from './common';

/** BadgeKit answers a delete with the deleted object, which becomes the output item. */
export function operation(kind: ContainerKind): BadgeKitOperation {
	return {
		description: [],
		async execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
			const path = containerPath.call(this, kind, itemIndex, true);
			const response = await badgeKitApiRequest.call(this, 'DELETE', path, { itemIndex });
			const deleted = response?.[kind];
			if (deleted && typeof deleted === 'object' && !Array.isArray(deleted)) return deletedOutput.call(this, deleted as IDataObject);
			return { deleted: true, slug: decodeURIComponent(path.slice(path.lastIndexOf('/') + 1)) };
		},
	};
}
