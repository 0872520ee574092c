import { NodeOperationError, type IDataObject, type IExecuteFunctions } from 'n8n-workflow';

import { awardDateFields, awardDatesOf } from '../../fields/awardDates';
import { showFor } from '../../fields/fields';
import { requiredEmail } from '../../fields/parameters';
import { compact } from '../../fields/values';
import { badgePath, locatorValue } from '../../fields/scope';
import { badgeKitApiRequest, httpStatusOf, isNotFound, nodeErrorOf, unwrap } from '../../transport';
import type { BadgeKitOperation } from '../types';
import { awardKey, getInstance } from './common';

const show = showFor('badgeInstance', ['issue']);

/**
 * Award Issue: awards the badge to one email address. BadgeKit answers 409 when the earner
 * already holds the badge; "If Already Awarded" decides what that means for the workflow.
 */
export const operation: BadgeKitOperation = {
	description: [
		{
			displayName: 'If Already Awarded',
			name: 'ifAlreadyAwarded',
			type: 'options',
			default: 'error',
			description: 'What to do when the earner already holds this badge',
			displayOptions: show,
			options: [
				{ name: 'Fail', value: 'error', description: "Stop with BadgeKit's message (or an error item with Continue On Fail)" },
				{
					name: 'Return the Existing Award',
					value: 'returnExisting',
					description: 'Output the award the earner already has, marked with alreadyAwarded = true',
				},
				{ name: 'Skip', value: 'skip', description: 'Output nothing for this item and go on' },
			],
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
					displayName: 'Claim Code',
					name: 'claimCode',
					type: 'string',
					default: '',
					description: 'A claim code of this badge that the earner redeems. It is checked first: BadgeKit never answers when it does not exist.',
				},
				{
					displayName: 'Comment',
					name: 'comment',
					type: 'string',
					default: '',
					description: "A note sent along in BadgeKit's award webhook (e.g. for the email to the earner)",
				},
				...awardDateFields(),
				{
					displayName: 'Award ID',
					name: 'slug',
					type: 'string',
					default: '',
					description: "The award's unique ID, the end of its public page's address (BadgeKit's slug); BadgeKit makes one up if empty",
				},
			],
		},
	],

	async execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject | IDataObject[]> {
		const email = requiredEmail.call(this, 'email', itemIndex, 'Earner Email');
		const ifAlreadyAwarded = this.getNodeParameter('ifAlreadyAwarded', itemIndex, 'error') as string;
		const fields = this.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject;
		const path = badgePath.call(this, itemIndex);
		const body = compact({
			email,
			claimCode: String(fields.claimCode ?? '').trim(),
			slug: String(fields.slug ?? '').trim(),
			...awardDatesOf.call(this, fields, itemIndex),
			comment: fields.comment,
		});

		if (body.claimCode) await assertClaimCodeExists.call(this, itemIndex, path, String(body.claimCode));
		if (body.slug) await assertSlugFree.call(this, itemIndex, String(body.slug), email);

		try {
			// The comment is only forwarded in the award webhook, not stored: it may hold any character.
			const response = await badgeKitApiRequest.call(this, 'POST', `${path}/instances`, { body, forwardedOnly: ['comment'], itemIndex });
			return { ...unwrap.call(this, response, 'instance', itemIndex), alreadyAwarded: false };
		} catch (error) {
			if (httpStatusOf(error) !== 409 || ifAlreadyAwarded === 'error') throw nodeErrorOf(this.getNode(), error, itemIndex);
			if (ifAlreadyAwarded === 'skip') return [];
			return { ...(await getInstance.call(this, itemIndex, email)), alreadyAwarded: true };
		}
	},

	// "If Already Awarded" needs the same earner's items in input order; a slug or a single-use claim
	// code is checked before the award is sent, so two items with the same one must not overlap either.
	concurrencyKeys(this: IExecuteFunctions, itemIndex: number): string[] {
		const keys = [awardKey.call(this, itemIndex, String(this.getNodeParameter('email', itemIndex, '')))];
		const fields = this.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject;
		const slug = String(fields.slug ?? '').trim();
		const claimCode = String(fields.claimCode ?? '').trim();
		if (slug) keys.push(`slug:${slug}`.toLowerCase());
		if (claimCode) keys.push(`code:${claimCode}`.toLowerCase());
		return keys;
	},
};

/** BadgeKit never answers an award with a claim code it does not know: check the code first. */
async function assertClaimCodeExists(this: IExecuteFunctions, itemIndex: number, path: string, code: string): Promise<void> {
	try {
		await badgeKitApiRequest.call(this, 'GET', `${path}/codes/${encodeURIComponent(code)}`, { itemIndex });
	} catch (error) {
		if (!isNotFound(error)) throw nodeErrorOf(this.getNode(), error, itemIndex);
		const badge = locatorValue.call(this, 'badge', itemIndex);
		throw new NodeOperationError(this.getNode(), `Claim code "${code}" does not exist for badge "${badge}"`, {
			description:
				'Check the code and the badge (BadgeKit ignores case in codes), or create the code first with Claim Code → Create. ' +
				'The award was not sent: BadgeKit never answers an award with an unknown claim code.',
			itemIndex,
		});
	}
}

/**
 * An award whose chosen slug another award already has is never answered either (unless this earner
 * already holds the badge: then BadgeKit answers 409 as usual). The public assertion tells if it is taken.
 */
async function assertSlugFree(this: IExecuteFunctions, itemIndex: number, slug: string, email: string): Promise<void> {
	try {
		await badgeKitApiRequest.call(this, 'GET', `/public/assertions/${encodeURIComponent(slug)}`, { unauthenticated: true, itemIndex });
	} catch (error) {
		if (isNotFound(error)) return;
		throw nodeErrorOf(this.getNode(), error, itemIndex);
	}
	try {
		await getInstance.call(this, itemIndex, email);
		return; // the earner holds the badge: BadgeKit answers 409, handled by "If Already Awarded"
	} catch (error) {
		if (!isNotFound(error)) throw nodeErrorOf(this.getNode(), error, itemIndex);
	}
	throw new NodeOperationError(this.getNode(), `Another award already has the Award ID "${slug}"`, {
		description: 'Choose another "Award ID", or leave it empty so BadgeKit makes one up. The award was not sent: BadgeKit never answers it.',
		itemIndex,
	});
}
