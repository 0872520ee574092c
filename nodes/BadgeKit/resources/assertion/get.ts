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
				{ name: 'Assertion URL', value: 'url', description: 'The full assertionUrl (e.g. from the award webhook); no credential needed' },
				{ name: 'UID', value: 'uid', description: "The award's UID or slug, on the server of the BadgeKit API credential" },
			],
		},
		{
			displayName: 'Assertion URL',
			name: 'assertionUrl',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'e.g. https://badgekit.example.org/public/assertions/9e4b9430…',
			description: 'The assertion URL of the award',
			displayOptions: showFor('assertion', ['get'], { assertionSource: ['url'] }),
		},
		{
			displayName: 'UID',
			name: 'assertionUid',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'e.g. 9e4b94300f66fe0388f8f84b1ae1b549f8437a86',
			description: 'The UID of the award (the "uid" of the award webhook, the "slug" of a badge instance)',
			displayOptions: showFor('assertion', ['get'], { assertionSource: ['uid'] }),
		},
	],

	async execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
		let assertion: IDataObject;
		if (this.getNodeParameter('assertionSource', itemIndex, 'url') === 'uid') {
			const uid = requiredString.call(this, 'assertionUid', itemIndex, 'UID');
			assertion = await badgeKitApiRequest.call(this, 'GET', `/public/assertions/${encodeURIComponent(uid)}`, { unauthenticated: true, itemIndex });
		} else {
			assertion = await getByUrl.call(this, itemIndex, requiredString.call(this, 'assertionUrl', itemIndex, 'Assertion URL'));
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
		throw new NodeOperationError(this.getNode(), `"Assertion URL" is not a web address: "${url}"`, {
			description: 'Enter the full assertion URL, starting with http:// or https://, or find it by UID.',
			itemIndex,
		});
	}
	return await badgeKitApiRequest.call(this, 'GET', `${parsed.pathname}${parsed.search}`, { baseUrl: parsed.origin, itemIndex });
}
