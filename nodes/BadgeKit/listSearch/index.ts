import {
	NodeOperationError,
	type IDataObject,
	type ILoadOptionsFunctions,
	type INodeListSearchItems,
	type INodeListSearchResult,
} from 'n8n-workflow';

import { ALL_APPLICATIONS, OPEN_APPLICATIONS, applicationPathIn, isProcessed } from '../fields/applications';
import { isEmailAddress } from '../fields/parameters';
import { badgePath, locatorValue, requiredLocator, scopePath } from '../fields/scope';
import { badgeKitApiRequest, getBadgeKitCredentials, readPage } from '../transport';
import { consumerSystemOf, isConsumerKey, MISSING_SYSTEM_SLUG } from '../transport/consumerKey';

/**
 * The lists behind the editor's pickers. BadgeKit has no text search: a list is read a page at a time
 * and filtered here by its label or slug. Applications are the exception: a search that is an email
 * address asks BadgeKit for that learner's applications (`?email=`, an exact match ignoring case).
 */

/** Picker page size: smaller than the action node's lists, the editor shows a page at a time. */
const PICKER_PAGE_SIZE = 50;

type ListEntry = INodeListSearchItems;

interface Page {
	items: IDataObject[];
	/** Whether BadgeKit has more after this page. */
	more: boolean;
}

/** One page of a BadgeKit list (transport/paging.ts); a server that sent the whole list at once has no more. */
async function readPickerPage(this: ILoadOptionsFunctions, path: string, listKey: string, page: number, query: IDataObject = {}): Promise<Page> {
	const { items: pageItems, total, all } = await readPage.call(this, path, listKey, page, PICKER_PAGE_SIZE, { query });
	const items = all ?? pageItems;
	return { items, more: !all && items.length === PICKER_PAGE_SIZE && page * PICKER_PAGE_SIZE < total };
}

/** Entries whose name or value contains the search text (any case). */
function matching(entries: ListEntry[], filter: string | undefined): ListEntry[] {
	const needle = (filter ?? '').trim().toLowerCase();
	if (!needle) return entries;
	return entries.filter((entry) => entry.name.toLowerCase().includes(needle) || String(entry.value).toLowerCase().includes(needle));
}

/** A named list (systems, issuers, programs, badges): "Name" → slug. */
async function searchNamed(
	this: ILoadOptionsFunctions,
	path: string,
	listKey: string,
	filter: string | undefined,
	paginationToken: string | undefined,
): Promise<INodeListSearchResult> {
	const page = paginationToken ? Number(paginationToken) : 1;
	const { items, more } = await readPickerPage.call(this, path, listKey, page);
	const entries = items.map((item) => ({ name: String(item.name ?? item.slug), value: String(item.slug) }));
	return { results: matching(entries, filter), paginationToken: more ? String(page + 1) : undefined };
}

export async function searchSystems(this: ILoadOptionsFunctions, filter?: string, paginationToken?: string): Promise<INodeListSearchResult> {
	const credentials = await getBadgeKitCredentials.call(this);
	if (!isConsumerKey(credentials)) return await searchNamed.call(this, '/systems', 'systems', filter, paginationToken);
	// A consumer key may not list systems (BadgeKit answers 403): its own system is the whole list.
	const slug = consumerSystemOf(credentials);
	if (!slug) throw new NodeOperationError(this.getNode(), MISSING_SYSTEM_SLUG.message, { description: MISSING_SYSTEM_SLUG.description });
	const response = await badgeKitApiRequest.call(this, 'GET', `/systems/${encodeURIComponent(slug)}`);
	const system = (response.system as IDataObject | undefined) ?? {};
	return { results: matching([{ name: String(system.name ?? slug), value: String(system.slug ?? slug) }], filter) };
}

export async function searchIssuers(this: ILoadOptionsFunctions, filter?: string, paginationToken?: string): Promise<INodeListSearchResult> {
	const path = `${scopePath.call(this, 0, { issuer: false, program: false })}/issuers`;
	return await searchNamed.call(this, path, 'issuers', filter, paginationToken);
}

export async function searchPrograms(this: ILoadOptionsFunctions, filter?: string, paginationToken?: string): Promise<INodeListSearchResult> {
	if (!locatorValue.call(this, 'issuer')) return { results: [] };
	const path = `${scopePath.call(this, 0, { program: false })}/programs`;
	return await searchNamed.call(this, path, 'programs', filter, paginationToken);
}

export async function searchBadges(this: ILoadOptionsFunctions, filter?: string, paginationToken?: string): Promise<INodeListSearchResult> {
	return await searchNamed.call(this, `${scopePath.call(this)}/badges`, 'badges', filter, paginationToken);
}

/** `2026-12-03T09:30:00.000Z` → `2026-12-03` (BadgeKit's dates are UTC). */
function dayOf(value: unknown): string {
	return typeof value === 'string' ? value.slice(0, 10) : '';
}

/** "learner@example.org · applied 2026-12-03", plus "· processed" once dealt with. */
function applicationEntry(application: IDataObject): ListEntry {
	const parts = [String(application.learner ?? application.slug)];
	const applied = dayOf(application.created);
	if (applied) parts.push(`applied ${applied}`);
	if (isProcessed(application)) parts.push('processed');
	return { name: parts.join(' · '), value: String(application.slug) };
}

/**
 * The chosen badge's applications, open ones first: the pages of `processed=false` ("open:N" tokens),
 * then the processed ones from the pages of `processed=any` ("rest:N"), since BadgeKit answers
 * `processed=true` with an SQL error. A search that is an email address goes to BadgeKit as `?email=`;
 * other text filters each page by email or slug. Pages are read on (up to four per call) until a
 * page's worth is found: the editor asks for more only when the list is scrolled to its end.
 */
export async function searchApplications(this: ILoadOptionsFunctions, filter?: string, paginationToken?: string): Promise<INodeListSearchResult> {
	const path = `${badgePath.call(this)}/applications`;
	const text = (filter ?? '').trim();
	const email = isEmailAddress(text) ? text : undefined;
	const results: ListEntry[] = [];
	let token: string | undefined = paginationToken ?? 'open:1';
	for (let reads = 0; token && reads < 4 && results.length < PICKER_PAGE_SIZE; reads++) {
		const [phase, pageText]: string[] = token.split(':');
		const page: number = Number(pageText) || 1;
		const open = phase === 'open';
		const query: IDataObject = { ...(open ? OPEN_APPLICATIONS : ALL_APPLICATIONS), ...(email ? { email } : {}) };
		const { items, more }: Page = await readPickerPage.call(this, path, 'applications', page, query);
		// checked here too: a server that ignored `processed` or `email` would send others
		const kept = items.filter(
			(application) => isProcessed(application) !== open && (!email || String(application.learner ?? '').toLowerCase() === email.toLowerCase()),
		);
		const entries = kept.map(applicationEntry);
		results.push(...(email ? entries : matching(entries, text)));
		token = more ? `${phase}:${page + 1}` : open ? 'rest:1' : undefined;
	}
	return { results, paginationToken: token };
}

/** "reviewer@example.org · 2 of 3 criteria met". */
function reviewEntry(review: IDataObject): ListEntry {
	const items = (review.reviewItems as IDataObject[] | undefined) ?? [];
	const met = items.filter((item) => item.satisfied === true || item.satisfied === 1).length;
	const parts = [String(review.author ?? review.slug)];
	if (items.length) parts.push(`${met} of ${items.length} criteria met`);
	return { name: parts.join(' · '), value: String(review.slug) };
}

/** The reviews of the chosen application. */
export async function searchReviews(this: ILoadOptionsFunctions, filter?: string, paginationToken?: string): Promise<INodeListSearchResult> {
	const application = requiredLocator.call(this, 'applicationSlug', 0, 'Application');
	const path = `${applicationPathIn(badgePath.call(this), application)}/reviews`;
	const page = paginationToken ? Number(paginationToken) : 1;
	const { items, more } = await readPickerPage.call(this, path, 'reviews', page);
	return { results: matching(items.map(reviewEntry), filter), paginationToken: more ? String(page + 1) : undefined };
}

/** "Reading Champion: 2 of 3 badges (#4)": BadgeKit stores no milestone name, so its badge names it. */
function milestoneEntry(milestone: IDataObject): ListEntry {
	const primary = (milestone.primaryBadge as IDataObject | null | undefined) ?? {};
	const support = (milestone.supportBadges as IDataObject[] | undefined) ?? [];
	const badge = String(primary.name ?? primary.slug ?? 'Milestone');
	return {
		name: `${badge}: ${String(milestone.numberRequired)} of ${support.length} badges (#${String(milestone.id)})`,
		value: String(milestone.id),
	};
}

/** The chosen system's milestones. BadgeKit's milestone list ignores `page`/`count`: one request. */
export async function searchMilestones(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
	const path = `${scopePath.call(this, 0, { issuer: false, program: false })}/milestones`;
	const response = await badgeKitApiRequest.call(this, 'GET', path);
	const milestones = (response.milestones as IDataObject[] | undefined) ?? [];
	return { results: matching(milestones.map(milestoneEntry), filter) };
}

/** "SUMMER-2024 · multi-use", "DEMO-1 · for ada@example.org · claimed". */
function claimCodeEntry(code: IDataObject): ListEntry {
	const parts = [String(code.code)];
	if (code.multiuse === true || code.multiuse === 1) parts.push('multi-use');
	if (code.email) parts.push(`for ${String(code.email)}`);
	if (code.claimed === true || code.claimed === 1) parts.push('claimed');
	return { name: parts.join(' · '), value: String(code.code) };
}

/** The claim codes of the chosen badge. */
export async function searchClaimCodes(this: ILoadOptionsFunctions, filter?: string, paginationToken?: string): Promise<INodeListSearchResult> {
	const path = `${badgePath.call(this)}/codes`;
	const page = paginationToken ? Number(paginationToken) : 1;
	const { items, more } = await readPickerPage.call(this, path, 'claimCodes', page);
	return { results: matching(items.map(claimCodeEntry), filter), paginationToken: more ? String(page + 1) : undefined };
}
