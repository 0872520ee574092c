import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { normaliseMilestone } from '../../fields/normalise';
import { badgeKitApiRequest, unwrap } from '../../transport';
import { deletedOutput, hasUniformOutputs } from '../outputs';
import type { BadgeKitOperation } from '../types';
import { milestoneIdOf, milestonePath } from './common';

/**
 * Milestone Delete. BadgeKit answers only `{"status": "deleted"}`, so from type version 1.1 the
 * milestone is read first and output like every other deleted object (`deletedOutput`); version 1
 * outputs `{deleted: true, id}`. Badges already awarded through the milestone stay awarded.
 */
export const operation: BadgeKitOperation = {
	description: [],

	async execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
		const id = milestoneIdOf.call(this, itemIndex);
		const path = milestonePath.call(this, itemIndex, id);
		if (!hasUniformOutputs.call(this)) {
			await badgeKitApiRequest.call(this, 'DELETE', path, { itemIndex });
			return { deleted: true, id: Number(id) };
		}
		const milestone = normaliseMilestone(unwrap.call(this, await badgeKitApiRequest.call(this, 'GET', path, { itemIndex }), 'milestone', itemIndex));
		await badgeKitApiRequest.call(this, 'DELETE', path, { itemIndex });
		return deletedOutput.call(this, milestone);
	},
};
