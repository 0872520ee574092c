import type { IDataObject, IPollFunctions } from 'n8n-workflow';

import { ALL_APPLICATIONS, OPEN_APPLICATIONS, applicationPathIn } from '../fields/applications';
import { locatorValue, scopePath } from '../fields/scope';
import { badgeKitApiRequest, badgeKitApiRequestAllItems, badgeKitMessageOf, isNotFound, nodeErrorOf, readPage } from '../transport';
import { LIST_PAGE } from './applicationChanges';
import type { ApplicationSource } from './applicationChanges';
import type { AwardSource } from './awardChanges';

/**
 * The requests a poll makes, over BadgeKit's API (which and when: applicationChanges.ts and
 * awardChanges.ts). The scope is the node's System / Issuer / Program / Badge.
 */

/** One page of a list with its total (transport/paging.ts). */
async function pageOf(this: IPollFunctions, path: string, listKey: string, query: IDataObject, page: number, count: number, timeout: number) {
	const { items, total } = await readPage.call(this, path, listKey, page, count, { query, timeout });
	return { items, total };
}

/** The application source (the queries and the processed quirk: fields/applications.ts). */
export function applicationSource(this: IPollFunctions, path: string, timeout: number): ApplicationSource<IDataObject> {
	return {
		listOpen: async () =>
			await badgeKitApiRequestAllItems.call(this, path, 'applications', { query: OPEN_APPLICATIONS, pageSize: LIST_PAGE, timeout }),
		page: async (page, count) => await pageOf.call(this, path, 'applications', ALL_APPLICATIONS, page, count, timeout),
		readOne: async (badgeSlug, slug) => {
			const one = applicationPathIn(`${scopePath.call(this)}/badges/${encodeURIComponent(badgeSlug)}`, slug);
			try {
				const response = await badgeKitApiRequest.call(this, 'GET', one, { timeout });
				return { found: response.application as IDataObject };
			} catch (error) {
				// 404 "Could not find application …": deleted. 404 for the badge: renamed or deleted, unknown.
				if (isNotFound(error)) return /could not find application/i.test(badgeKitMessageOf(error)) ? 'gone' : 'unknown';
				throw nodeErrorOf(this.getNode(), error);
			}
		},
	};
}

/**
 * The badges of the scope (archived ones too: their awards can still be revoked, and a badge can be
 * archived right after an award) and their awards, per badge: BadgeKit has no system-wide list.
 */
export function awardSource(this: IPollFunctions, timeout: number): AwardSource<IDataObject, IDataObject> {
	const scope = scopePath.call(this);
	const badge = locatorValue.call(this, 'badge');
	return {
		badges: async () => {
			if (badge) {
				const response = await badgeKitApiRequest.call(this, 'GET', `${scope}/badges/${encodeURIComponent(badge)}`, { timeout });
				return [response.badge as IDataObject];
			}
			const response = await badgeKitApiRequest.call(this, 'GET', `${scope}/badges`, { query: { archived: 'any' }, timeout });
			return (response.badges as IDataObject[] | undefined) ?? [];
		},
		page: async (of, page, count) =>
			await pageOf.call(this, `${scope}/badges/${encodeURIComponent(String(of.slug))}/instances`, 'instances', {}, page, count, timeout),
	};
}
