import {
	NodeOperationError,
	type IDataObject,
	type IDisplayOptions,
	type IExecuteFunctions,
	type INodeProperties,
} from 'n8n-workflow';

import { locatorValue } from '../../shared/scope';
import { badgeKitApiRequest, badgeKitApiRequestAllItems, type RequestOptions } from '../../transport';

/**
 * Helpers shared by the System, Issuer, Program, Badge and Milestone resources: display options,
 * Return All / Limit, unwrapping BadgeKit's `{system: …}` answers, and "Update Fields" handling.
 */

/** `displayOptions` showing a field for one resource and the given operations. */
export function showFor(resource: string, operations: string[], extra: IDataObject = {}): IDisplayOptions {
	return { show: { resource: [resource], operation: operations, ...extra } } as IDisplayOptions;
}

/** Return All + Limit for a resource's Get Many operation. */
export function paginationFields(resource: string): INodeProperties[] {
	return [
		{
			displayName: 'Return All',
			name: 'returnAll',
			type: 'boolean',
			default: false,
			description: 'Whether to return all results or only up to a given limit',
			displayOptions: showFor(resource, ['getAll']),
		},
		{
			displayName: 'Limit',
			name: 'limit',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 50,
			description: 'Max number of results to return',
			displayOptions: showFor(resource, ['getAll'], { returnAll: [false] }),
		},
	];
}

/** The Limit chosen in the node, or undefined for Return All. */
export function limitOf(this: IExecuteFunctions, itemIndex: number): number | undefined {
	const returnAll = this.getNodeParameter('returnAll', itemIndex, false) as boolean;
	if (returnAll) return undefined;
	const limit = Number(this.getNodeParameter('limit', itemIndex, 50));
	if (!Number.isFinite(limit) || limit < 1) {
		throw new NodeOperationError(this.getNode(), `Limit must be 1 or more (got ${String(limit)})`, {
			description: 'Enter how many results you want, or switch on "Return All".',
			itemIndex,
		});
	}
	return Math.floor(limit);
}

/** Reads a list through BadgeKit's page/count pagination, honouring Return All / Limit. */
export async function getMany(
	this: IExecuteFunctions,
	itemIndex: number,
	path: string,
	listKey: string,
	request: RequestOptions,
	query: IDataObject = {},
): Promise<IDataObject[]> {
	const limit = limitOf.call(this, itemIndex);
	return await badgeKitApiRequestAllItems.call(this, path, listKey, query, limit, { ...request, itemIndex });
}

/** One request, with the item index attached so errors point at the right item. */
export async function apiRequest(
	this: IExecuteFunctions,
	itemIndex: number,
	request: RequestOptions,
	method: 'GET' | 'POST' | 'PUT' | 'DELETE',
	path: string,
	body?: IDataObject,
	query?: IDataObject,
): Promise<IDataObject> {
	return await badgeKitApiRequest.call(this, method, path, body, query, { ...request, itemIndex });
}

/** `{status: 'created', badge: {…}}` → `{…}`. */
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

/** `a, b,,c` or `['a', 'b']` → `['a', 'b', 'c']`. */
export function listOf(value: unknown): string[] {
	const parts = Array.isArray(value) ? value.flatMap((entry) => String(entry ?? '').split(',')) : String(value ?? '').split(',');
	return parts.map((part) => part.trim()).filter((part) => part !== '');
}

// --- Systems, issuers and programs share one shape ------------------------------------------------

/** What a system, issuer or program is called in texts. */
export type ContainerKind = 'system' | 'issuer' | 'program';

const SLUG_EXAMPLES: Record<ContainerKind, string> = {
	system: 'city-of-chicago',
	issuer: 'chicago-public-library',
	program: 'cpl-summer-readers',
};

/** Slug, Name and URL (required on Create) plus Description, Email and Image URL. */
export function containerCreateFields(kind: ContainerKind): INodeProperties[] {
	const display = showFor(kind, ['create']);
	return [
		{
			displayName: 'Slug',
			name: 'slug',
			type: 'string',
			required: true,
			default: '',
			placeholder: `e.g. ${SLUG_EXAMPLES[kind]}`,
			description: `Short, unique name of the ${kind} used in BadgeKit addresses: lowercase letters, digits and dashes`,
			displayOptions: display,
		},
		{
			displayName: 'Name',
			name: 'name',
			type: 'string',
			required: true,
			default: '',
			description: `Name of the ${kind} as people see it (up to 255 characters)`,
			displayOptions: display,
		},
		{
			displayName: 'URL',
			name: 'url',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'e.g. https://www.example.org',
			description: `Website of the ${kind}, with https:// in front`,
			displayOptions: display,
		},
		{
			displayName: 'Additional Fields',
			name: 'additionalFields',
			type: 'collection',
			placeholder: 'Add Field',
			default: {},
			displayOptions: display,
			options: containerOptionalFields(kind),
		},
	];
}

function containerOptionalFields(kind: ContainerKind): INodeProperties[] {
	return [
		{
			displayName: 'Description',
			name: 'description',
			type: 'string',
			default: '',
			description: `A short description of the ${kind} (up to 255 characters)`,
		},
		{
			displayName: 'Email',
			name: 'email',
			type: 'string',
			default: '',
			placeholder: 'e.g. badges@example.org',
			description: `Email address of the ${kind}'s badge administrator`,
		},
		{
			displayName: 'Image URL',
			name: 'image',
			type: 'string',
			default: '',
			placeholder: 'e.g. https://www.example.org/logo.png',
			description: `Address of an image for the ${kind}`,
		},
	];
}

/** "Update Fields" for a system, issuer or program. */
export function containerUpdateFields(kind: ContainerKind): INodeProperties {
	return {
		displayName: 'Update Fields',
		name: 'updateFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		description: 'Only the fields added here are changed',
		displayOptions: showFor(kind, ['update']),
		options: [
			...containerOptionalFields(kind),
			{
				displayName: 'Name',
				name: 'name',
				type: 'string',
				default: '',
				description: `New name of the ${kind}`,
			},
			{
				displayName: 'New Slug',
				name: 'slug',
				type: 'string',
				default: '',
				placeholder: `e.g. ${SLUG_EXAMPLES[kind]}`,
				description: `Renames the ${kind}: its new short name in BadgeKit addresses`,
			},
			{
				displayName: 'URL',
				name: 'url',
				type: 'string',
				default: '',
				placeholder: 'e.g. https://www.example.org',
				description: `New website of the ${kind}, with https:// in front`,
			},
		],
	};
}

/** The Create body: required fields plus the additional fields that were given. */
export function containerCreateBody(this: IExecuteFunctions, itemIndex: number): IDataObject {
	const body: IDataObject = {
		slug: requiredString.call(this, 'slug', itemIndex, 'Slug'),
		name: requiredString.call(this, 'name', itemIndex, 'Name'),
		url: requiredString.call(this, 'url', itemIndex, 'URL'),
	};
	const additional = this.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject;
	for (const key of ['description', 'email', 'image']) {
		const value = additional[key];
		if (value !== undefined && value !== null && value !== '') body[key] = value;
	}
	return body;
}

const PARENT: Record<ContainerKind, ContainerKind | undefined> = { system: undefined, issuer: 'system', program: 'issuer' };

/** The slug picked in a scope field; empty is a clear error. */
export function requiredLocator(this: IExecuteFunctions, kind: ContainerKind, itemIndex: number): string {
	const slug = locatorValue.call(this, kind, itemIndex);
	if (!slug) {
		const label = kind.charAt(0).toUpperCase() + kind.slice(1);
		throw new NodeOperationError(this.getNode(), `No ${kind} chosen`, {
			description: `Pick the ${kind} from the "${label}" list, or enter its slug.`,
			itemIndex,
		});
	}
	return slug;
}

/**
 * `/systems`, `/systems/:s/issuers` or `/systems/:s/issuers/:i/programs` (the list a system, issuer
 * or program lives in), with the chosen slug appended when `one` is set.
 */
export function containerPath(this: IExecuteFunctions, kind: ContainerKind, itemIndex: number, one: boolean): string {
	let path = '';
	const chain: ContainerKind[] = [];
	for (let level: ContainerKind | undefined = PARENT[kind]; level; level = PARENT[level]) chain.unshift(level);
	for (const level of chain) path += `/${level}s/${encodeURIComponent(requiredLocator.call(this, level, itemIndex))}`;
	path += `/${kind}s`;
	if (one) path += `/${encodeURIComponent(requiredLocator.call(this, kind, itemIndex))}`;
	return path;
}
