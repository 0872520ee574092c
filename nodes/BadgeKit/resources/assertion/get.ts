import { NodeOperationError, type IDataObject, type IExecuteFunctions } from 'n8n-workflow';

import { showFor } from '../../fields/fields';
import { requiredString } from '../../fields/parameters';
import { badgeKitApiRequest } from '../../transport';
import { isoFromBadgeKitTime } from '../../fields/dates';
import type { BadgeKitOperation } from '../types';

const show = showFor('assertion', ['get']);

/**
 * The badge class URL of an assertion, `…/public/systems/:s[/issuers/:i[/programs/:p]]/badges/:b`,
 * as slugs. For a milestone award this names the milestone badge, unlike the award webhook.
 */
export function slugsOfBadgeUrl(url: unknown): IDataObject {
	if (typeof url !== 'string') return {};
	let path: string;
	try {
		path = new URL(url).pathname;
	} catch {
		return {};
	}
	const match = /\/public\/systems\/([^/]+)(?:\/issuers\/([^/]+))?(?:\/programs\/([^/]+))?\/badges\/([^/]+)\/?$/.exec(path);
	if (!match) return {};
	const slugs: IDataObject = { systemSlug: decodeURIComponent(match[1]) };
	if (match[2]) slugs.issuerSlug = decodeURIComponent(match[2]);
	if (match[3]) slugs.programSlug = decodeURIComponent(match[3]);
	slugs.badgeSlug = decodeURIComponent(match[4]);
	return slugs;
}

/** An assertion's `issuedOn`/`expires` (unix seconds) as ISO; undefined when absent or not a number. */
function isoOfUnixTime(value: unknown): string | undefined {
	return typeof value === 'number' ? (isoFromBadgeKitTime(value) ?? undefined) : undefined;
}

/**
 * Assertion Get: reads a hosted Open Badges assertion without signing (it is public). By URL needs no
 * credential at all; by UID uses the credential's Base URL.
 */
export const operation: BadgeKitOperation = {
	description: [
		{
			displayName: 'Find By',
			name: 'assertionSource',
			type: 'options',
			default: 'url',
			displayOptions: show,
			options: [
				{ name: 'Award ID', value: 'uid', description: "The award's ID, on the server of the BadgeKit API credential" },
				{
					name: 'Award Page URL',
					value: 'url',
					description: "The page's full address (assertionUrl, e.g. from the award webhook); no credential needed",
				},
			],
		},
		{
			displayName: 'Award Page URL',
			name: 'assertionUrl',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'e.g. https://badgekit.example.org/public/assertions/9e4b9430…',
			description: "The address of the award's public page (assertionUrl in the award webhook and in an award)",
			displayOptions: showFor('assertion', ['get'], { assertionSource: ['url'] }),
		},
		{
			displayName: 'Award ID',
			name: 'assertionUid',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'e.g. 9e4b94300f66fe0388f8f84b1ae1b549f8437a86',
			description: 'The ID of the award: "uid" in the award webhook, "slug" in an award from this node',
			displayOptions: showFor('assertion', ['get'], { assertionSource: ['uid'] }),
		},
	],

	async execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
		let assertion: IDataObject;
		if (this.getNodeParameter('assertionSource', itemIndex, 'url') === 'uid') {
			const uid = requiredString.call(this, 'assertionUid', itemIndex, 'Award ID');
			assertion = await badgeKitApiRequest.call(this, 'GET', `/public/assertions/${encodeURIComponent(uid)}`, { unauthenticated: true, itemIndex });
		} else {
			assertion = await getByUrl.call(this, itemIndex, requiredString.call(this, 'assertionUrl', itemIndex, 'Award Page URL'));
		}
		const dates: IDataObject = {};
		const issuedOn = isoOfUnixTime(assertion.issuedOn);
		const expires = isoOfUnixTime(assertion.expires);
		if (issuedOn) dates.issuedOnDate = issuedOn;
		if (expires) dates.expiresDate = expires;
		return { ...assertion, ...slugsOfBadgeUrl(assertion.badge), ...dates };
	},
};

async function getByUrl(this: IExecuteFunctions, itemIndex: number, url: string): Promise<IDataObject> {
	let parsed: URL;
	try {
		parsed = new URL(url);
		if (!/^https?:$/.test(parsed.protocol)) throw new Error('not http');
	} catch {
		throw new NodeOperationError(this.getNode(), `"Award Page URL" is not a web address: "${url}"`, {
			description: 'Enter the full address of the award page, starting with http:// or https://, or find it by Award ID.',
			itemIndex,
		});
	}
	return await badgeKitApiRequest.call(this, 'GET', `${parsed.pathname}${parsed.search}`, { baseUrl: parsed.origin, itemIndex });
}
