import type { IDataObject } from 'n8n-workflow';

import { badgeKitApiRequest, type BadgeKitContext, type RequestOptions } from './request';

/**
 * BadgeKit's lists page with `?page=N&count=M` and then add `pageData: {page, count, total}`. Every
 * list is read here, with the page size its caller chooses (the action node and the poll 100, the
 * pickers 50: the request counts in README and BENCHMARKS follow from these).
 */

/** Page size of the action node's and the poll's list reads. */
export const PAGE_SIZE = 100;

export interface ListPage {
	/** The list's items at positions (page − 1)·count … page·count − 1. */
	items: IDataObject[];
	/** How many items the whole list has. */
	total: number;
	/** The whole list, when the server sent it at once: no further page needs a request. */
	all?: IDataObject[];
}

/**
 * One page of a list. An answer without `pageData` means the server ignored page/count and sent the
 * whole list: the page is then cut from it and `all` carries it, so callers see the same pages either
 * way. `listKey` is the array's name in the answer (`badges`, `applications`, …).
 */
export async function readPage(
	this: BadgeKitContext,
	path: string,
	listKey: string,
	page: number,
	count: number,
	options: Omit<RequestOptions, 'body'> = {},
): Promise<ListPage> {
	const response = await badgeKitApiRequest.call(this, 'GET', path, { ...options, query: { ...options.query, page, count } });
	const items = (response[listKey] as IDataObject[] | undefined) ?? [];
	const pageData = response.pageData as IDataObject | undefined;
	if (!pageData) return { items: items.slice((page - 1) * count, page * count), total: items.length, all: items };
	return { items, total: Number(pageData.total) };
}

export interface ListOptions extends Omit<RequestOptions, 'body'> {
	/** At most this many items; all when undefined. */
	limit?: number;
	/** Keeps only the items it accepts, for filters BadgeKit cannot apply itself; pages are read until `limit` pass. */
	filter?: (item: IDataObject) => boolean;
	/** Items per request (PAGE_SIZE when not given). */
	pageSize?: number;
}

/** Reads a list page by page: every page, or until `limit` items. */
export async function badgeKitApiRequestAllItems(
	this: BadgeKitContext,
	path: string,
	listKey: string,
	options: ListOptions = {},
): Promise<IDataObject[]> {
	const { limit, filter, pageSize = PAGE_SIZE, ...requestOptions } = options;
	const results: IDataObject[] = [];
	// Unfiltered, a small Limit is one small page; filtered, whole pages (how many pass is unknown).
	const count = limit !== undefined && !filter ? Math.min(Math.max(limit, 1), pageSize) : pageSize;
	let seen = 0;
	for (let page = 1; ; page++) {
		const { items: pageItems, total, all } = await readPage.call(this, path, listKey, page, count, requestOptions);
		const items = all ?? pageItems;
		seen += items.length;
		results.push(...(filter ? items.filter(filter) : items));
		if (limit !== undefined && results.length >= limit) return results.slice(0, limit);
		if (all || items.length < count || seen >= total) return results;
	}
}
