import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { badgePath } from '../../fields/scope';
import { showFor } from '../../fields/fields';
import { updateFieldsOf } from '../../fields/parameters';
import { badgeKitApiRequest, unwrap } from '../../transport';
import type { BadgeKitOperation } from '../types';
import { badgeBody, updateFields, type CriterionBody } from './fields';
import { normaliseBadge, normaliseCriterion } from '../../fields/normalise';

/** Lists BadgeKit replaces on every update: what a request leaves out is deleted. */
const REPLACED_LISTS = ['criteria', 'alignments', 'categories', 'tags'];

/**
 * Badge Update. Only the fields chosen under "Update Fields" change, but BadgeKit replaces a badge's
 * criteria, alignments, categories and tags on every update (deleting those a request leaves out),
 * so the badge is read first and the lists the user did not set are sent back unchanged.
 * Criteria keep their ids (which reviews refer to) when their description stays the same.
 */
export const operation: BadgeKitOperation = {
	description: updateFields(showFor('badge', ['update'])),

	async execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
		const body = badgeBody(updateFieldsOf.call(this, itemIndex, 'badge'));
		const path = badgePath.call(this, itemIndex);

		const current = unwrap.call(this, await badgeKitApiRequest.call(this, 'GET', path, { itemIndex }), 'badge', itemIndex);
		const currentCriteria = ((current.criteria as IDataObject[] | undefined) ?? []).map((criterion) => normaliseCriterion(criterion) as IDataObject);
		for (const key of REPLACED_LISTS) {
			if (body[key] !== undefined) continue;
			if (key === 'criteria') {
				body.criteria = currentCriteria.map((criterion) => ({
					id: criterion.id,
					description: criterion.description ?? '',
					required: Boolean(criterion.required),
					note: criterion.note ?? '',
				}));
			} else {
				body[key] = (current[key] as IDataObject[] | string[] | undefined) ?? [];
			}
		}
		if (body.criteria !== undefined) {
			const unused = [...currentCriteria];
			for (const criterion of body.criteria as CriterionBody[]) {
				if (criterion.id !== undefined) continue;
				const match = unused.findIndex((known) => known.description === criterion.description);
				if (match >= 0) criterion.id = unused.splice(match, 1)[0].id as number;
			}
		}

		const response = await badgeKitApiRequest.call(this, 'PUT', path, { body, itemIndex });
		return normaliseBadge(unwrap.call(this, response, 'badge', itemIndex));
	},
};
