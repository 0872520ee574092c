import {
	NodeOperationError,
	type ICredentialDataDecryptedObject,
	type IDataObject,
	type IExecuteFunctions,
	type IHookFunctions,
	type IHttpRequestMethods,
	type IHttpRequestOptions,
	type ILoadOptionsFunctions,
	type INode,
	type IPollFunctions,
} from 'n8n-workflow';

import { storableBody } from './storedText';
import { fieldLabelsOf, toBadgeKitError } from './errors';
import { DEFAULT_TIMEOUT_MS, itemSettingsOf } from './options';
import { appendQuery, normaliseBaseUrl, toAsciiJson } from './signing';

/**
 * Every request to BadgeKit goes through `badgeKitApiRequest`; lists through paging.ts. Errors are
 * made in errors.ts, the nodes' request settings in options.ts.
 */

export type BadgeKitContext = IExecuteFunctions | IPollFunctions | ILoadOptionsFunctions | IHookFunctions;

export const CREDENTIAL_TYPE = 'badgeKitApi';

export interface RequestOptions {
	body?: IDataObject | IDataObject[];
	query?: IDataObject;
	/**
	 * The action node's item: errors name it, and its Options (Timeout, Replace Characters BadgeKit
	 * Cannot Store) apply unless given here.
	 */
	itemIndex?: number;
	/** Milliseconds before the request is given up; BadgeKit never answers some requests. */
	timeout?: number;
	/** Skip signing: BadgeKit's public endpoints (assertions, badge classes) need no credential. */
	unauthenticated?: boolean;
	/** Another server than the credential's (a public assertion URL): unsigned, no credential read. */
	baseUrl?: string;
	/** Characters BadgeKit cannot store in a body: refused (default) or replaced (storedText.ts). */
	unstorableText?: 'refuse' | 'replace';
	/** Top-level body keys BadgeKit only forwards in a webhook, not stored (an award's `comment`). */
	forwardedOnly?: string[];
}

// Credentials are read once per execution context, not per request: reading them is costly in n8n 2.x
// (~100 ms each), and a context lives for one execution, so a changed credential is seen next time.
const credentialsByContext = new WeakMap<object, Promise<ICredentialDataDecryptedObject>>();

export async function getBadgeKitCredentials(this: BadgeKitContext): Promise<ICredentialDataDecryptedObject> {
	let credentials = credentialsByContext.get(this);
	if (!credentials) {
		credentials = this.getCredentials(CREDENTIAL_TYPE);
		credentialsByContext.set(this, credentials);
		credentials.catch(() => credentialsByContext.delete(this));
	}
	return await credentials;
}

/** The credential's base URL, checked so that a typo gives a clear error instead of a network one. */
export function baseUrlOf(node: INode, credentials: ICredentialDataDecryptedObject): string {
	const baseUrl = normaliseBaseUrl(credentials.baseUrl);
	if (!/^https?:\/\/[^/]+/i.test(baseUrl)) {
		throw new NodeOperationError(node, `The BadgeKit API credential's Base URL "${baseUrl}" is not a URL`, {
			description: 'Open the BadgeKit API credential and enter the address of your BadgeKit API server, e.g. https://badgekit-api.example.org',
		});
	}
	return baseUrl;
}

/**
 * One request to BadgeKit, signed by the credential's `authenticate` unless `unauthenticated`. The
 * body passes the stored-text rule and goes out as ASCII-only JSON, the query in a fixed order; errors
 * become a NodeApiError carrying BadgeKit's own message.
 */
export async function badgeKitApiRequest(
	this: BadgeKitContext,
	method: IHttpRequestMethods,
	path: string,
	options: RequestOptions = {},
): Promise<IDataObject> {
	const { itemIndex } = options;
	const node = this.getNode();
	const settings = itemIndex !== undefined && 'getInputData' in this ? itemSettingsOf(this as IExecuteFunctions, itemIndex) : undefined;
	const timeout = options.timeout ?? settings?.timeout ?? DEFAULT_TIMEOUT_MS;
	const unstorableText = options.unstorableText ?? settings?.unstorableText ?? 'refuse';
	const credentials = options.baseUrl === undefined ? await getBadgeKitCredentials.call(this) : undefined;
	const baseUrl = credentials ? baseUrlOf(node, credentials) : String(options.baseUrl);
	const request: IHttpRequestOptions = {
		method,
		baseURL: baseUrl,
		url: appendQuery(path, options.query),
		headers: { Accept: 'application/json' },
		json: true,
		timeout,
	};
	if (options.body !== undefined) {
		const body = Array.isArray(options.body)
			? options.body
			: storableBody(node, options.body, unstorableText, itemIndex, options.forwardedOnly, fieldLabelsOf(this));
		request.body = toAsciiJson(body);
	}

	try {
		if (options.unauthenticated || !credentials) return (await this.helpers.httpRequest(request)) as IDataObject;
		return (await this.helpers.httpRequestWithAuthentication.call(this, CREDENTIAL_TYPE, request, {
			credentialsDecrypted: { id: '', name: '', type: CREDENTIAL_TYPE, data: credentials },
		})) as IDataObject;
	} catch (error) {
		throw toBadgeKitError(node, error, { method, path: request.url, baseUrl, timeout, itemIndex, labels: fieldLabelsOf(this) });
	}
}

/** `{status: 'created', instance: {…}}` → `{…}`; an answer without it is an error naming what came. */
export function unwrap(this: BadgeKitContext, response: IDataObject, key: string, itemIndex?: number): IDataObject {
	const value = response?.[key];
	if (value && typeof value === 'object' && !Array.isArray(value)) return value as IDataObject;
	throw new NodeOperationError(this.getNode(), `BadgeKit's answer has no "${key}"`, {
		description: `Expected an object named "${key}" in BadgeKit's answer, got: ${JSON.stringify(response).slice(0, 300)}`,
		itemIndex,
	});
}
