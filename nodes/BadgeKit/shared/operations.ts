import {
	NodeOperationError,
	type IDataObject,
	type IDisplayOptions,
	type IExecuteFunctions,
	type INodeProperties,
} from 'n8n-workflow';

import { badgeKitApiRequest, badgeKitApiRequestAllItems, PAGE_SIZE, type RequestOptions } from '../transport';
import { storableBody } from './storedText';

/**
 * Helpers for the operations of every resource: display options, Return All / Limit, lists (filtered
 * on our side where BadgeKit cannot), unwrapping BadgeKit's answers, "Update Fields", checked inputs.
 */

type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

/** `displayOptions` showing a field for one resource and the given operations. */
export function showFor(resource: string, operations: string[], extra: IDataObject = {}): IDisplayOptions {
	return { show: { resource: [resource], operation: operations, ...extra } } as IDisplayOptions;
}

/** Return All + Limit for the given list operations of a resource. */
export function paginationFields(resource: string, operations: string[] = ['getAll']): INodeProperties[] {
	return [
		{
			displayName: 'Return All',
			name: 'returnAll',
			type: 'boolean',
			default: false,
			description: 'Whether to return all results or only up to a given limit',
			displayOptions: showFor(resource, operations),
		},
		{
			displayName: 'Limit',
			name: 'limit',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 50,
			description: 'Max number of results to return',
			displayOptions: showFor(resource, operations, { returnAll: [false] }),
		},
	];
}

/** The Limit chosen in the node, or undefined for Return All. */
export function limitOf(this: IExecuteFunctions, itemIndex: number): number | undefined {
	if (this.getNodeParameter('returnAll', itemIndex, false) as boolean) return undefined;
	const limit = Number(this.getNodeParameter('limit', itemIndex, 50));
	if (!Number.isFinite(limit) || limit < 1) {
		throw new NodeOperationError(this.getNode(), `Limit must be 1 or more (got ${String(limit)})`, {
			description: 'Enter how many results you want, or switch on "Return All".',
			itemIndex,
		});
	}
	return Math.floor(limit);
}

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

/** The "Update Fields" collection without unset entries; an empty one is an error. */
export function updateFieldsOf(this: IExecuteFunctions, itemIndex: number, what: string): IDataObject {
	const fields = this.getNodeParameter('updateFields', itemIndex, {}) as IDataObject;
	const set: IDataObject = {};
	for (const [key, value] of Object.entries(fields ?? {})) if (value !== undefined && value !== null) set[key] = value;
	if (Object.keys(set).length === 0) {
		throw new NodeOperationError(this.getNode(), 'Choose at least one field to update', {
			description: `Add a field under "Update Fields" and enter the new value: the ${what} is left as it is otherwise.`,
			itemIndex,
		});
	}
	return set;
}

/** `a, b,,c` or `['a', 'b']` → `['a', 'b', 'c']`. */
export function listOf(value: unknown): string[] {
	const parts = Array.isArray(value) ? value.flatMap((entry) => String(entry ?? '').split(',')) : String(value ?? '').split(',');
	return parts.map((part) => part.trim()).filter((part) => part !== '');
}

/** A required text parameter, trimmed; empty is a clear error. */
export function requiredString(this: IExecuteFunctions, name: string, itemIndex: number, label: string): string {
	const value = String(this.getNodeParameter(name, itemIndex, '') ?? '').trim();
	if (!value) {
		throw new NodeOperationError(this.getNode(), `"${label}" is empty`, {
			description: `Enter a value for "${label}".`,
			itemIndex,
		});
	}
	return value;
}

const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** A required email parameter; a malformed one fails here, naming the field, before any request. */
export function requiredEmail(this: IExecuteFunctions, name: string, itemIndex: number, label: string): string {
	const value = requiredString.call(this, name, itemIndex, label);
	if (!EMAIL_PATTERN.test(value)) {
		throw new NodeOperationError(this.getNode(), `"${label}" is not an email address: "${value}"`, {
			description: `Enter an email address such as earner@example.org in "${label}".`,
			itemIndex,
		});
	}
	return value;
}

/** The HTTP status of a failed BadgeKit request (from the NodeApiError the transport throws). */
export function httpStatusOf(error: unknown): number | undefined {
	const code = (error as { httpCode?: string | null } | undefined)?.httpCode;
	return code ? Number(code) : undefined;
}

/** Drops undefined, null and '' values: BadgeKit treats a present key as "set" (even `false`). */
export function compact(body: IDataObject): IDataObject {
	const result: IDataObject = {};
	for (const [key, value] of Object.entries(body)) if (value !== undefined && value !== null && value !== '') result[key] = value;
	return result;
}

/** BadgeKit answers some booleans as 0/1; output them as true/false. */
export function toBoolean(value: unknown): boolean {
	return value === true || value === 1 || value === '1' || value === 'true';
}
