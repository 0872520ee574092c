import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { showFor } from '../../fields/fields';
import { getInstance } from './common';

/**
 * Issue to Many from type version 1.1: one output item per email with its outcome. BadgeKit's bulk
 * endpoint answers only the new awards and skips earners who already hold the badge without a word;
 * those are found by comparing emails ignoring case, as BadgeKit does.
 */

const FROM_1_1 = { '@version': [{ _cnd: { gte: 1.1 } }] };

/** The fields of Issue to Many that exist from 1.1, and the notice version 1 shows instead. */
export function bulkOutcomeFields(): INodeProperties[] {
	return [
		{
			displayName: 'Include Existing Awards',
			name: 'includeExistingAwards',
			type: 'boolean',
			default: false,
			description:
				'Whether to read and output the award of each earner who already had the badge (one more request per such earner). Off: their item holds only email and alreadyAwarded = true.',
			displayOptions: showFor('badgeInstance', ['issueToMany'], FROM_1_1),
		},
		{
			displayName: 'Earners who already hold the badge are skipped: only new awards are output',
			name: 'issueToManyNotice',
			type: 'notice',
			default: '',
			displayOptions: showFor('badgeInstance', ['issueToMany'], { '@version': [1] }),
		},
	];
}

const keyOf = (email: string) => email.toLowerCase();

/** The emails once each, compared ignoring case like BadgeKit; the first spelling is kept. */
export function distinctIgnoringCase(emails: string[]): string[] {
	const seen = new Set<string>();
	return emails.filter((email) => !seen.has(keyOf(email)) && seen.add(keyOf(email)));
}

/**
 * One item per email, in the order given: the new award with `alreadyAwarded: false`, or for an earner
 * BadgeKit skipped `{email, alreadyAwarded: true}` — with their existing award when `includeExisting`.
 */
export async function bulkOutcomes(
	this: IExecuteFunctions,
	itemIndex: number,
	emails: string[],
	created: IDataObject[],
	includeExisting: boolean,
): Promise<IDataObject[]> {
	const createdByEmail = new Map(created.map((award) => [keyOf(String(award.email ?? '')), award]));
	const outcomes: IDataObject[] = [];
	for (const email of emails) {
		const award = createdByEmail.get(keyOf(email));
		if (award) outcomes.push({ ...award, alreadyAwarded: false });
		else if (includeExisting) outcomes.push({ ...(await getInstance.call(this, itemIndex, email)), alreadyAwarded: true });
		else outcomes.push({ email, alreadyAwarded: true });
	}
	return outcomes;
}
