import { NodeApiError, NodeOperationError, type IDataObject, type INode, type JsonObject } from 'n8n-workflow';

/**
 * Failed requests as errors a non-developer can act on: the HTTP client's error is dug out of the
 * wrappers n8n puts around it, and BadgeKit's own message is kept.
 */

/** What was asked of whom, for the error's text. */
export interface RequestDescription {
	method: string;
	path: string;
	baseUrl: string;
	timeout: number;
	itemIndex?: number;
}

interface HttpErrorLike {
	code?: string;
	message?: string;
	status?: number;
	response?: { status?: number; data?: unknown };
	cause?: unknown;
	errorResponse?: unknown;
}

/**
 * Finds the HTTP client's error inside the wrappers n8n puts around it (NodeApiError keeps it as
 * `errorResponse` in n8n 1.x and 2.x; other wrappers use `cause`).
 */
function innermostHttpError(error: unknown): HttpErrorLike {
	let current = error as HttpErrorLike | undefined;
	for (let depth = 0; current && typeof current === 'object' && depth < 5; depth++) {
		if (current.response || (current.code && /^E[A-Z]+/.test(current.code))) return current;
		const flattened = fromFlattenedNodeApiError(current);
		if (flattened) return flattened;
		current = (current.errorResponse ?? current.cause) as HttpErrorLike | undefined;
	}
	return (error ?? {}) as HttpErrorLike;
}

/**
 * n8n-core 1.x wraps the axios error in a NodeApiError that keeps neither `cause` nor `errorResponse`
 * (the class field resets `cause`), only `httpCode` (the status, or the error code such as
 * ECONNABORTED), the response body as `context.data` and the client's messages in `messages`.
 */
function fromFlattenedNodeApiError(error: HttpErrorLike): HttpErrorLike | undefined {
	const wrapper = error as HttpErrorLike & {
		httpCode?: string | null;
		context?: { data?: unknown };
		messages?: string[];
		description?: string | null;
	};
	const httpCode = wrapper.httpCode;
	if (typeof httpCode !== 'string' || wrapper.errorResponse || wrapper.cause) return undefined;
	if (/^\d{3}$/.test(httpCode)) {
		const data = wrapper.context?.data ?? (wrapper.description ? { message: wrapper.description } : {});
		return { response: { status: Number(httpCode), data } };
	}
	if (/^E[A-Z]+/.test(httpCode)) {
		return { code: httpCode, message: wrapper.messages?.find((message) => message) ?? wrapper.message };
	}
	return undefined;
}

/** Turns a failed request into an error a non-developer can act on, keeping BadgeKit's own words. */
export function toBadgeKitError(node: INode, error: unknown, request: RequestDescription): Error {
	if (error instanceof NodeOperationError) return error;
	const httpError = innermostHttpError(error);
	const where = `${request.method} ${request.path}`;
	const itemIndex = request.itemIndex;

	if (!httpError.response) {
		const code = httpError.code ?? '';
		if (code === 'ECONNABORTED' || code === 'ETIMEDOUT' || /timeout/i.test(httpError.message ?? '')) {
			const message = `BadgeKit did not answer within ${Math.round(request.timeout / 1000)} s`;
			return keepMessage(
				new NodeApiError(node, { code, message: httpError.message ?? 'timeout' } as JsonObject, {
					message,
					description:
						`${where} got no answer. BadgeKit never answers two requests: creating a claim code that already exists, ` +
						'and issuing a badge with a claim code that does not exist. Otherwise the server may be slow or down: ' +
						'check it, or raise "Timeout" in the node\'s options.',
					itemIndex,
				}),
				message,
			);
		}
		const message = `Could not reach BadgeKit at ${request.baseUrl}`;
		return keepMessage(
			new NodeApiError(node, { code, message: httpError.message ?? String(error) } as JsonObject, {
				message,
				description: `${where} failed: ${httpError.message ?? code}. Check the Base URL in the BadgeKit API credential and that the server is running.`,
				itemIndex,
			}),
			message,
		);
	}

	const status = httpError.response.status ?? 0;
	const data = parseErrorBody(httpError.response.data);
	const serverMessage = typeof data.message === 'string' ? data.message : '';
	const message = `BadgeKit: ${serverMessage || `HTTP ${status}`}`;
	return keepMessage(
		new NodeApiError(node, data as JsonObject, {
			message,
			description: describeFailure(status, data, where),
			httpCode: String(status),
			itemIndex,
		}),
		message,
	);
}

/**
 * NodeApiError swaps the message for a generic one when the error's code or text mentions a known
 * network error (ECONNABORTED → "The connection was aborted…"); ours says more, so it is put back.
 */
function keepMessage(error: NodeApiError, message: string): NodeApiError {
	error.message = message;
	return error;
}

function parseErrorBody(data: unknown): IDataObject {
	if (data && typeof data === 'object' && !Buffer.isBuffer(data)) return data as IDataObject;
	const text = Buffer.isBuffer(data) ? data.toString('utf8') : String(data ?? '');
	try {
		const parsed = JSON.parse(text);
		if (parsed && typeof parsed === 'object') return parsed as IDataObject;
	} catch {
		// not JSON: keep the text as the message
	}
	return { message: text };
}

function describeFailure(status: number, data: IDataObject, where: string): string {
	const details = data.details;
	if (status === 400 && Array.isArray(details)) {
		const fields = (details as IDataObject[]).map((detail) => {
			const problem = detail.message ? String(detail.message) : 'is required';
			const value = detail.value !== undefined && detail.value !== '' ? ` (got ${JSON.stringify(detail.value)})` : '';
			return `${String(detail.field)}: ${problem}${value}`;
		});
		return `BadgeKit rejected these fields of ${where}: ${fields.join('; ')}. Correct them and run again.`;
	}
	if (status === 403) {
		return (
			`BadgeKit refused the request's signature (${where}). Check the Secret and the Key in the BadgeKit API credential: ` +
			'"master" needs the server\'s master secret; a consumer key needs its own secret and only works on its own system.'
		);
	}
	if (status === 404) return `Nothing found at ${where}. Check the slugs (system, issuer, program, badge) and identifiers you gave.`;
	if (status === 409) {
		const url = (details as IDataObject | undefined)?.assertionUrl;
		return url ? `It already exists: the existing badge instance is ${String(url)}.` : `It already exists (${where}).`;
	}
	if (status === 415) return `BadgeKit refused the request's format (${where}).`;
	if (status >= 500 && !data.code && typeof data.message === 'string' && data.message.startsWith('ER_')) {
		return `BadgeKit's database refused ${where}: a required field is probably missing or a value is out of range.`;
	}
	return `${where} failed with HTTP ${status}.`;
}

/** The HTTP status of a failed BadgeKit request (from the NodeApiError `toBadgeKitError` makes). */
export function httpStatusOf(error: unknown): number | undefined {
	const code = (error as { httpCode?: string | null } | undefined)?.httpCode;
	return code ? Number(code) : undefined;
}

/**
 * The one wrapper for what a catch block throws: n8n's own errors as they are (they already carry
 * BadgeKit's message; one from n8n's own copy of n8n-workflow has a `node` and a `context` too),
 * pointed at `itemIndex` when they name no item yet so n8n shows "item N"; anything else (a bug) as a
 * NodeOperationError, so that n8n always gets a node error.
 */
export function nodeErrorOf(node: INode, error: unknown, itemIndex?: number): Error {
	if (isNodeError(error)) {
		if (itemIndex !== undefined && error.context.itemIndex === undefined) error.context.itemIndex = itemIndex;
		return error;
	}
	return new NodeOperationError(node, error as Error, { itemIndex });
}

function isNodeError(error: unknown): error is Error & { context: IDataObject } {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return true;
	const context = (error as { context?: unknown } | undefined)?.context;
	return error instanceof Error && 'node' in error && typeof context === 'object' && context !== null;
}

/** Whether a request failed because BadgeKit found nothing there (404). */
export function isNotFound(error: unknown): boolean {
	return httpStatusOf(error) === 404;
}
