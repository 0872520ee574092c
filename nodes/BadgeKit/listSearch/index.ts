import type { IDataObject, ILoadOptionsFunctions, INodeListSearchItems, INodeListSearchResult } from 'n8n-workflow';

import { badgeKitApiRequest } from '../transport';
import { locatorValue, scopePath } from '../fields/scope';

// BadgeKit has no search: each list is read page by page and filtered here by name or slug.
const PAGE_SIZE = 50;

async function searchList(
	this: ILoadOptionsFunctions,
	path: string,
	listKey: string,
	filter: string | undefined,
	paginationToken: string | undefined,
): Promise<INodeListSearchResult> {
	const page = paginationToken ? Number(paginationToken) : 1;
	const response = await badgeKitApiRequest.call(this, 'GET', path, { query: { page, count: PAGE_SIZE } });
	const items = (response[listKey] as IDataObject[] | undefined) ?? [];
	const needle = (filter ?? '').toLowerCase();
	const results: INodeListSearchItems[] = items
		.map((item) => ({ name: String(item.name ?? item.slug), value: String(item.slug) }))
		.filter((item) => !needle || item.name.toLowerCase().includes(needle) || item.value.toLowerCase().includes(needle));
	const total = (response.pageData as IDataObject | undefined)?.total as number | undefined;
	const more = total !== undefined ? page * PAGE_SIZE < total : items.length === PAGE_SIZE;
	return { results, paginationToken: more ? String(page + 1) : undefined };
}

export async function searchSystems(this: ILoadOptionsFunctions, filter?: string, paginationToken?: string): Promise<INodeListSearchResult> {
	return await searchList.call(this, '/systems', 'systems', filter, paginationToken);
}

export async function searchIssuers(this: ILoadOptionsFunctions, filter?: string, paginationToken?: string): Promise<INodeListSearchResult> {
	const path = `${scopePath.call(this, 0, { issuer: false, program: false })}/issuers`;
	return await searchList.call(this, path, 'issuers', filter, paginationToken);
}

export async function searchPrograms(this: ILoadOptionsFunctions, filter?: string, paginationToken?: string): Promise<INodeListSearchResult> {
	if (!locatorValue.call(this, 'issuer')) return { results: [] };
	const path = `${scopePath.call(this, 0, { program: false })}/programs`;
	return await searchList.call(this, path, 'programs', filter, paginationToken);
}

export async function searchBadges(this: ILoadOptionsFunctions, filter?: string, paginationToken?: string): Promise<INodeListSearchResult> {
	return await searchList.call(this, `${scopePath.call(this)}/badges`, 'badges', filter, paginationToken);
}
