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
	/** BadgeKit's field names → the labels of the node's fields that fill them (`fieldLabelsOf`). */
	labels?: FieldLabels;
}

/** BadgeKit's field (or node parameter) name → the label the user sees in the node. */
export type FieldLabels = Record<string, string>;

// The operation's labels, set by the node for its execution context (all items run one operation).
const labelsByContext = new WeakMap<object, FieldLabels>();

/** Lets errors of requests made in `context` name fields by these labels. */
export function useFieldLabels(context: object, labels: FieldLabels | undefined): void {
	if (labels) labelsByContext.set(context, labels);
}

/** The labels `useFieldLabels` set for `context`. */
export function fieldLabelsOf(context: object): FieldLabels | undefined {
	return labelsByContext.get(context);
}

// What a 404 names (BadgeKit's model in "Could not find <model> field…", or a path segment) → the
// node parameter that chose it, and the label to use when the operation gave none.
const NOT_FOUND_FIELDS: Record<string, { parameter: string; label: string; thing: string }> = {
	system: { parameter: 'system', label: 'System', thing: 'system' },
	systems: { parameter: 'system', label: 'System', thing: 'system' },
	issuer: { parameter: 'issuer', label: 'Issuer', thing: 'issuer' },
	issuers: { parameter: 'issuer', label: 'Issuer', thing: 'issuer' },
	program: { parameter: 'program', label: 'Program', thing: 'program' },
	programs: { parameter: 'program', label: 'Program', thing: 'program' },
	badge: { parameter: 'badge', label: 'Badge', thing: 'badge' },
	badges: { parameter: 'badge', label: 'Badge', thing: 'badge' },
	application: { parameter: 'applicationSlug', label: 'Application', thing: 'application' },
	applications: { parameter: 'applicationSlug', label: 'Application', thing: 'application' },
	review: { parameter: 'reviewSlug', label: 'Review', thing: 'review' },
	reviews: { parameter: 'reviewSlug', label: 'Review', thing: 'review' },
	claimCode: { parameter: 'code', label: 'Claim Code', thing: 'claim code' },
	codes: { parameter: 'code', label: 'Claim Code', thing: 'claim code' },
	badgeInstance: { parameter: 'email', label: 'Earner Email', thing: 'award' },
	instances: { parameter: 'email', label: 'Earner Email', thing: 'award' },
	milestone: { parameter: 'milestoneId', label: 'Milestone', thing: 'milestone' },
	milestones: { parameter: 'milestoneId', label: 'Milestone', thing: 'milestone' },
};

const quoted = (labels: string[]) => labels.map((label) => `"${label}"`).join(', ');

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
	const where = `Request: ${request.method} ${request.path}`;
	const itemIndex = request.itemIndex;

	if (!httpError.response) {
		const code = httpError.code ?? '';
		if (code === 'ECONNABORTED' || code === 'ETIMEDOUT' || /timeout/i.test(httpError.message ?? '')) {
			const message = `BadgeKit did not answer within ${Math.round(request.timeout / 1000)} s`;
			return keepMessage(
				new NodeApiError(node, { code, message: httpError.message ?? 'timeout' } as JsonObject, {
					message,
					description:
						'BadgeKit never answers two requests: creating a claim code that already exists, ' +
						'and issuing a badge with a claim code that does not exist. Otherwise the server may be slow or down: ' +
						`check it, or raise "Timeout" in the node's options. ${where}`,
					itemIndex,
				}),
				message,
			);
		}
		const message = `Could not reach BadgeKit at ${request.baseUrl}`;
		return keepMessage(
			new NodeApiError(node, { code, message: httpError.message ?? String(error) } as JsonObject, {
				message,
				description: `Check the Base URL in the BadgeKit API credential and that the server is running (${httpError.message ?? code}). ${where}`,
				itemIndex,
			}),
			message,
		);
	}

	const status = httpError.response.status ?? 0;
	const data = parseErrorBody(httpError.response.data);
	const serverMessage = typeof data.message === 'string' ? data.message : '';
	const { message, description } = explainFailure(status, data, request, serverMessage || `HTTP ${status}`);
	const failure = keepMessage(
		new NodeApiError(node, data as JsonObject, {
			message,
			description: `${description} ${where}`,
			httpCode: String(status),
			itemIndex,
		}),
		message,
	);
	failure.context.badgeKitMessage = serverMessage;
	return failure;
}

/** BadgeKit's own message in a failed request's error (the error's message is the node's words). */
export function badgeKitMessageOf(error: unknown): string {
	const failure = error as { message?: string; context?: { badgeKitMessage?: unknown } } | undefined;
	const own = failure?.context?.badgeKitMessage;
	return typeof own === 'string' ? own : String(failure?.message ?? '');
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

/**
 * The error's message names what is wrong in the node's words (the field by its label); its description
 * says what to do and keeps BadgeKit's own message. The request (method and path) is added after it.
 */
function explainFailure(
	status: number,
	data: IDataObject,
	request: RequestDescription,
	serverMessage: string,
): { message: string; description: string } {
	const labels = request.labels ?? {};
	const said = `BadgeKit said: "${serverMessage}".`;
	const details = data.details;
	if (status === 400 && Array.isArray(details) && details.length) {
		const problems = (details as IDataObject[]).map((detail) => {
			const field = String(detail.field);
			const problem = detail.message ? String(detail.message) : 'is required';
			const value = detail.value !== undefined && detail.value !== '' ? ` (got ${JSON.stringify(detail.value)})` : '';
			return { label: labels[field] ?? field, text: `${field}: ${problem}${value}`, problem };
		});
		const named = [...new Set(problems.map((problem) => problem.label))];
		const message =
			problems.length === 1
				? `"${problems[0].label}" ${problems[0].problem === 'is required' ? 'is required' : `was refused: ${problems[0].problem}`}`
				: `BadgeKit refused ${quoted(named)}`;
		return {
			message,
			description: `Correct ${quoted(named)} and run again. ${said} ${problems.map((problem) => problem.text).join('; ')}.`,
		};
	}
	if (status === 403) {
		return {
			message: `BadgeKit refused the credential: ${serverMessage}`,
			description:
				'Check the Secret and the Key in the BadgeKit API credential: "master" needs the server\'s master secret; ' +
				'a consumer key needs its own secret and only works on its own system.',
		};
	}
	if (status === 404) return explainNotFound(request, labels, serverMessage, said);
	if (status === 409) {
		const url = (details as IDataObject | undefined)?.assertionUrl;
		if (url) {
			return {
				message: `The earner already has this badge`,
				description: `Their award is ${String(url)}. Set "If Already Awarded" to return the existing award or to skip it. ${said}`,
			};
		}
		return { message: `Already in BadgeKit: ${serverMessage}`, description: 'Choose another value, or change the existing one instead.' };
	}
	if (status === 415) return { message: `BadgeKit: ${serverMessage}`, description: "BadgeKit refused the request's format." };
	if (status >= 500 && !data.code && serverMessage.startsWith('ER_')) {
		return {
			message: `BadgeKit: ${serverMessage}`,
			description: "BadgeKit's database refused it: a required field is probably missing or a value is out of range.",
		};
	}
	return { message: `BadgeKit: ${serverMessage}`, description: `BadgeKit answered HTTP ${status}.` };
}

/** A 404: which of the chosen things BadgeKit did not find, by its field's label. */
function explainNotFound(
	request: RequestDescription,
	labels: FieldLabels,
	serverMessage: string,
	said: string,
): { message: string; description: string } {
	const labelOf = (field: { parameter: string; label: string }) => labels[field.parameter] ?? field.label;
	const named = /^Could not find (\w+) field: `[^`]*`, value: `([^`]*)`/.exec(serverMessage);
	const field = named ? NOT_FOUND_FIELDS[named[1]] : undefined;
	if (field && named) {
		return {
			message: field.parameter === 'email' ? `"${named[2]}" has no award of this badge` : `BadgeKit has no ${field.thing} "${named[2]}"`,
			description: `Check "${labelOf(field)}": pick it from the list or correct it. ${said}`,
		};
	}
	// Otherwise: every field the request's path was built from.
	const segments = request.path.split('?')[0].split('/');
	const fields = segments.flatMap((segment, index) => (NOT_FOUND_FIELDS[segment] && index + 1 < segments.length ? [NOT_FOUND_FIELDS[segment]] : []));
	const toCheck = [...new Set(fields.map(labelOf))];
	return {
		message: `BadgeKit found nothing: ${serverMessage}`,
		description: toCheck.length ? `Check ${quoted(toCheck)}. ${said}` : `Check what you entered. ${said}`,
	};
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
