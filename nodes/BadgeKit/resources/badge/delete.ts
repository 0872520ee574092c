import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { badgePath, locatorValue } from '../../fields/scope';
import { badgeKitApiRequest } from '../../transport';
import { deletedOutput } from '../outputs';
import type { BadgeKitOperation } from '../types';
import { normaliseBadge } from '../../fields/normalise';

/**
 * Badge Delete. The output item is the deleted badge as BadgeKit returns it: loaded without its
 * relations, so without image, system/issuer/program, criteria and tags.
 */
export const operation: BadgeKitOperation = {
	description: [],

	async execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
		const response = await badgeKitApiRequest.call(this, 'DELETE', badgePath.call(this, itemIndex), { itemIndex });
		const badge = response?.badge;
		if (badge && typeof badge === 'object' && !Array.isArray(badge)) return deletedOutput.call(this, normaliseBadge(badge));
		return { deleted: true, slug: locatorValue.call(this, 'badge', itemIndex) };
	},
};
