import { NodeOperationError, type IDataObject, type IExecuteFunctions } from 'n8n-workflow';

import { normaliseMilestone } from '../../fields/normalise';
import { showFor } from '../../fields/fields';
import { updateFieldsOf } from '../../fields/parameters';
import { badgeKitApiRequest, unwrap } from '../../transport';
import type { BadgeKitOperation } from '../types';
import {
	MILESTONE_ACTIONS,
	SUPPORT_BADGES_DESCRIPTION,
	badgeIdBySlug,
	checkNumberRequired,
	milestoneIdOf,
	milestonePath,
	supportBadgeIdsOf,
} from './common';

/**
 * Milestone Update. BadgeKit deletes a milestone's support badges on every update and then adds
 * those the request lists (a request without the list fails half-way, with the support badges
 * gone), so the milestone is read first and its support badges sent back when they are not changed.
 */
export const operation: BadgeKitOperation = {
	description: [
		{
			displayName: 'Update Fields',
			name: 'updateFields',
			type: 'collection',
			placeholder: 'Add Field',
			default: {},
			description: 'Only the fields added here are changed',
			displayOptions: showFor('milestone', ['update']),
			options: [
				{
					displayName: 'Action',
					name: 'action',
					type: 'options',
					default: 'issue',
					description: 'What BadgeKit does when someone reaches the milestone',
					options: MILESTONE_ACTIONS,
				},
				{
					displayName: 'Milestone Badge ID',
					name: 'badge',
					type: 'string',
					default: '',
					placeholder: 'e.g. master-reader',
					description: 'ID of the badge awarded for the milestone (BadgeKit\'s "slug")',
				},
				{
					displayName: 'Number Required',
					name: 'numberRequired',
					type: 'number',
					typeOptions: { minValue: 1 },
					default: 1,
					description: 'How many of the support badges an earner needs for the milestone badge',
				},
				{
					displayName: 'Support Badges',
					name: 'supportBadges',
					type: 'string',
					default: '',
					placeholder: 'e.g. reader-1, reader-2, reader-3',
					description: `${SUPPORT_BADGES_DESCRIPTION}. Replaces the current list.`,
				},
			],
		},
	],

	async execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
		const fields = updateFieldsOf.call(this, itemIndex, 'milestone');
		const path = milestonePath.call(this, itemIndex, milestoneIdOf.call(this, itemIndex));
		const current = unwrap.call(this, await badgeKitApiRequest.call(this, 'GET', path, { itemIndex }), 'milestone', itemIndex);

		const body: IDataObject = {};
		if (fields.action !== undefined) body.action = fields.action;
		if (fields.badge !== undefined) {
			const slug = String(fields.badge).trim();
			if (!slug) {
				throw new NodeOperationError(this.getNode(), '"Milestone Badge ID" is empty', {
					description: 'Enter the ID of the badge awarded for the milestone, or remove the field.',
					itemIndex,
				});
			}
			body.primaryBadgeId = await badgeIdBySlug.call(this, itemIndex, slug, 'milestone badge');
		}
		body.supportBadges =
			fields.supportBadges !== undefined
				? await supportBadgeIdsOf.call(this, itemIndex, fields.supportBadges)
				: ((current.supportBadges as IDataObject[] | undefined) ?? []).map((badge) => badge.id as number);
		if (fields.numberRequired !== undefined || fields.supportBadges !== undefined) {
			const numberRequired = fields.numberRequired ?? current.numberRequired;
			body.numberRequired = checkNumberRequired.call(this, itemIndex, numberRequired, (body.supportBadges as number[]).length);
		}

		const response = await badgeKitApiRequest.call(this, 'PUT', path, { body, itemIndex });
		return normaliseMilestone(unwrap.call(this, response, 'milestone', itemIndex));
	},
};
