import { NodeOperationError, type IDataObject, type IExecuteFunctions } from 'n8n-workflow';

import { toIsoDateOrFail, toUnixSecondsOrFail } from '../../shared/dates';
import { apiRequest, compact, showFor } from '../../shared/operations';
import { badgePath } from '../../shared/scope';
import type { RequestOptions } from '../../transport';
import type { BadgeKitOperation } from '../types';

const show = showFor('badgeInstance', ['issueToMany']);
const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** `a@x.org, b@x.org` / one per line / an array from an expression → the distinct addresses. */
export function emailsOf(value: unknown): string[] {
	const parts = Array.isArray(value) ? value.flatMap((entry) => String(entry ?? '').split(/[,;\n]/)) : String(value ?? '').split(/[,;\n]/);
	return [...new Set(parts.map((part) => part.trim()).filter((part) => part !== ''))];
}

/**
 * Badge Instance Issue to Many: BadgeKit's bulk endpoint (`…/instances/bulk`, real but undocumented).
 * Earners who already hold the badge are skipped by BadgeKit without a word, so only new awards come out.
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
					description: "A note sent along in each award webhook (e.g. for the email to the earners)",
				},
				{
					displayName: 'Expires',
					name: 'expires',
					type: 'dateTime',
					default: '',
					description: 'When the awards stop being valid. An ISO date, a date from an expression, or unix seconds/milliseconds.',
				},
				{
					displayName: 'Issued On',
					name: 'issuedOn',
					type: 'dateTime',
					default: '',
					description: 'When the badge was earned; now if empty. An ISO date, a date from an expression, or unix seconds/milliseconds.',
				},
			],
		},
		{
			displayName: 'Earners who already hold the badge are skipped: only new awards are output',
			name: 'issueToManyNotice',
			type: 'notice',
			default: '',
			displayOptions: show,
		},
	],

	async execute(this: IExecuteFunctions, itemIndex: number, request: RequestOptions): Promise<IDataObject[]> {
		const node = this.getNode();
		const emails = emailsOf(this.getNodeParameter('emails', itemIndex, ''));
		if (emails.length === 0) {
			throw new NodeOperationError(node, '"Earner Emails" is empty', {
				description: 'Enter at least one email address, separated by commas or one per line.',
				itemIndex,
			});
		}
		const invalid = emails.filter((email) => !EMAIL_PATTERN.test(email));
		if (invalid.length) {
			throw new NodeOperationError(node, `"Earner Emails" has ${invalid.length === 1 ? 'an entry that is' : 'entries that are'} not an email address: ${invalid.join(', ')}`, {
				description: 'Correct or remove them; no badge was awarded.',
				itemIndex,
			});
		}
		const fields = this.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject;
		const body = compact({
			emails,
			comment: fields.comment,
			issuedOn: toIsoDateOrFail(node, fields.issuedOn, 'Issued On', itemIndex, this.getTimezone()),
			expires: toUnixSecondsOrFail(node, fields.expires, 'Expires', itemIndex, this.getTimezone()),
		});
		// The comment is only forwarded in the award webhooks, not stored: it may hold any character.
		const response = await apiRequest.call(this, itemIndex, request, 'POST', `${badgePath.call(this, itemIndex)}/instances/bulk`, body, undefined, {
			forwardedOnly: ['comment'],
		});
		return (response.instances as IDataObject[] | undefined) ?? [];
	},
};
