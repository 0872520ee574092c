import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { badgeField, requiredLocator } from '../../fields/scope';
import { normaliseMilestone } from '../../fields/normalise';
import { showFor } from '../../fields/fields';
import { badgeKitApiRequest, unwrap } from '../../transport';
import type { BadgeKitOperation } from '../types';
import { MILESTONE_ACTIONS, SUPPORT_BADGES_DESCRIPTION, badgeIdBySlug, checkNumberRequired, milestonePath, supportBadgeIdsOf } from './common';

const display = showFor('milestone', ['create']);

/**
 * Milestone Create: "earn N of these support badges and get this milestone badge". BadgeKit takes
 * badge ids; the badges are chosen by slug here and looked up.
 */
export const operation: BadgeKitOperation = {
	description: [
		{
			...badgeField(display),
			displayName: 'Milestone Badge',
			description: 'The badge awarded for the milestone',
		},
		{
			displayName: 'Support Badges',
			name: 'supportBadges',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'e.g. reader-1, reader-2, reader-3',
			description: SUPPORT_BADGES_DESCRIPTION,
			displayOptions: display,
		},
		{
			displayName: 'Number Required',
			name: 'numberRequired',
			type: 'number',
			required: true,
			typeOptions: { minValue: 1 },
			default: 1,
			description: 'How many of the support badges an earner needs for the milestone badge',
			displayOptions: display,
		},
		{
			displayName: 'Action',
			name: 'action',
			type: 'options',
			default: 'issue',
			description: 'What BadgeKit does when someone reaches the milestone',
			options: MILESTONE_ACTIONS,
			displayOptions: display,
		},
	],

	async execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
		const badge = requiredLocator.call(this, 'badge', itemIndex, 'Milestone Badge');
		const primaryBadgeId = await badgeIdBySlug.call(this, itemIndex, badge, 'milestone badge');
		const supportBadges = await supportBadgeIdsOf.call(this, itemIndex, this.getNodeParameter('supportBadges', itemIndex, ''));
		const numberRequired = checkNumberRequired.call(this, itemIndex, this.getNodeParameter('numberRequired', itemIndex, 1), supportBadges.length);
		const body: IDataObject = {
			primaryBadgeId,
			numberRequired,
			action: this.getNodeParameter('action', itemIndex, 'issue') as string,
			supportBadges,
		};
		const response = await badgeKitApiRequest.call(this, 'POST', milestonePath.call(this, itemIndex), { body, itemIndex });
		return normaliseMilestone(unwrap.call(this, response, 'milestone', itemIndex));
	},
};
