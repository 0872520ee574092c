import { NodeOperationError, type IDataObject, type IExecuteFunctions } from 'n8n-workflow';

import { awardDateFields, awardDatesOf } from '../../fields/awardDates';
import { showFor } from '../../fields/fields';
import { isEmailAddress } from '../../fields/parameters';
import { compact } from '../../fields/values';
import { badgePath } from '../../fields/scope';
import { badgeKitApiRequest } from '../../transport';
import { hasUniformOutputs } from '../outputs';
import type { BadgeKitOperation } from '../types';
import { bulkOutcomeFields, bulkOutcomes, distinctIgnoringCase } from './bulkOutcomes';

const show = showFor('badgeInstance', ['issueToMany']);

/** `a@x.org, b@x.org` / one per line / an array from an expression → the distinct addresses. */
export function emailsOf(value: unknown): string[] {
	const parts = Array.isArray(value) ? value.flatMap((entry) => String(entry ?? '').split(/[,;\n]/)) : String(value ?? '').split(/[,;\n]/);
	return [...new Set(parts.map((part) => part.trim()).filter((part) => part !== ''))];
}

/**
 * Award Issue to Many: BadgeKit's bulk endpoint (`…/instances/bulk`, real but undocumented).
 * Earners who already hold the badge are skipped by BadgeKit without a word: version 1 outputs only the
 * new awards, 1.1 one item per email with its outcome (bulkOutcomes.ts).
 */
export const operation: BadgeKitOperation = {
	description: [
		{
			displayName: 'Earner Emails',
			name: 'emails',
			type: 'string',
			typeOptions: { rows: 4 },
			required: true,
			default: '',
			placeholder: 'e.g. alice@example.org, bob@example.org',
			description: 'Email addresses to award the badge to, separated by commas or one per line (or an array from an expression)',
			displayOptions: show,
		},
		{
			displayName: 'Additional Fields',
			name: 'additionalFields',
			type: 'collection',
			placeholder: 'Add Field',
			default: {},
			displayOptions: show,
			options: [
				{
					displayName: 'Comment',
					name: 'comment',
					type: 'string',
					default: '',
					description: 'A note sent along in each award webhook (e.g. for the email to the earners)',
				},
				...awardDateFields(),
			],
		},
		...bulkOutcomeFields(),
	],

	async execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
		const node = this.getNode();
		const uniform = hasUniformOutputs.call(this);
		const listed = emailsOf(this.getNodeParameter('emails', itemIndex, ''));
		const emails = uniform ? distinctIgnoringCase(listed) : listed;
		if (emails.length === 0) {
			throw new NodeOperationError(node, '"Earner Emails" is empty', {
				description: 'Enter at least one email address, separated by commas or one per line.',
				itemIndex,
			});
		}
		const invalid = emails.filter((email) => !isEmailAddress(email));
		if (invalid.length) {
			throw new NodeOperationError(
				node,
				`"Earner Emails" has ${invalid.length === 1 ? 'an entry that is' : 'entries that are'} not an email address: ${invalid.join(', ')}`,
				{
					description: 'Correct or remove them; no badge was awarded.',
					itemIndex,
				},
			);
		}
		const fields = this.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject;
		const body = compact({
			emails,
			comment: fields.comment,
			...awardDatesOf.call(this, fields, itemIndex),
		});
		// The comment is only forwarded in the award webhooks, not stored: it may hold any character.
		const response = await badgeKitApiRequest.call(this, 'POST', `${badgePath.call(this, itemIndex)}/instances/bulk`, {
			body,
			forwardedOnly: ['comment'],
			itemIndex,
		});
		const created = (response.instances as IDataObject[] | undefined) ?? [];
		if (!uniform) return created;
		return await bulkOutcomes.call(this, itemIndex, emails, created, this.getNodeParameter('includeExistingAwards', itemIndex, false) as boolean);
	},
};
