import { NodeOperationError, type IDataObject, type IExecuteFunctions } from 'n8n-workflow';

import { badgeKitApiRequest, badgeKitApiRequestAllItems, PAGE_SIZE, type RequestOptions } from '../../transport';
import { storableBody } from '../../shared/storedText';
import { limitOf } from './fields';

/** Requests of the action node's operations (moving into transport/ with the request layer). */

type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

/** One request, with the item index attached so errors point at the right item. */
export async function apiRequest(
	this: IExecuteFunctions,
	itemIndex: number,
	request: RequestOptions,
	method: Method,
	path: string,
	body?: IDataObject,
	query?: IDataObject,
	extra: Partial<RequestOptions> = {},
): Promise<IDataObject> {
	const options = { ...request, ...extra, itemIndex };
	// Every body BadgeKit stores passes the one stored-text rule (shared/storedText).
	const sent = body === undefined ? undefined : storableBody(this.getNode(), body, options.unstorableText ?? 'refuse', itemIndex, options.forwardedOnly);
	return await badgeKitApiRequest.call(this, method, path, sent, query, options);
}

/**
 * A list read through BadgeKit's page/count pagination, honouring Return All / Limit. With `keep`,
 * items are filtered on our side and pages are read until Limit items passed the filter.
 */
export async function getList(
	this: IExecuteFunctions,
	itemIndex: number,
	path: string,
	listKey: string,
	request: RequestOptions,
	query: IDataObject = {},
	keep?: (item: IDataObject) => boolean,
): Promise<IDataObject[]> {
	const limit = limitOf.call(this, itemIndex);
	const options = { ...request, itemIndex };
	if (!keep) return await badgeKitApiRequestAllItems.call(this, path, listKey, query, limit, options);

	const results: IDataObject[] = [];
	let seen = 0;
	for (let page = 1; ; page++) {
		const response = await badgeKitApiRequest.call(this, 'GET', path, undefined, { ...query, page, count: PAGE_SIZE }, options);
		const items = (response[listKey] as IDataObject[] | undefined) ?? [];
		seen += items.length;
		results.push(...items.filter(keep));
		if (limit !== undefined && results.length >= limit) return results.slice(0, limit);
		// no pageData: the endpoint ignored page/count and this was the whole list
		const pageData = response.pageData as IDataObject | undefined;
		if (!pageData) return limit !== undefined ? results.slice(0, limit) : results;
		const total = pageData.total as number | undefined;
		if (items.length < PAGE_SIZE || (total !== undefined && seen >= total)) return results;
	}
}

/** `{status: 'created', instance: {…}}` → `{…}`. */
export function unwrap(this: IExecuteFunctions, response: IDataObject, key: string, itemIndex: number): IDataObject {
	const value = response?.[key];
	if (value && typeof value === 'object' && !Array.isArray(value)) return value as IDataObject;
	throw new NodeOperationError(this.getNode(), `BadgeKit's answer has no "${key}"`, {
		description: `Expected an object named "${key}" in BadgeKit's answer, got: ${JSON.stringify(response).slice(0, 300)}`,
		itemIndex,
	});
}

/** The HTTP status of a failed BadgeKit request (from the NodeApiError the transport throws). */
export function httpStatusOf(error: unknown): number | undefined {
	const code = (error as { httpCode?: string | null } | undefined)?.httpCode;
	return code ? Number(code) : undefined;
}
