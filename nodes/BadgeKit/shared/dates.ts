import { NodeOperationError, type INode } from 'n8n-workflow';

/**
 * BadgeKit stores dates it is sent as-is: unix seconds become 1970 or `0000-00-00` (see the BadgeKit
 * README), so every date the node sends goes out as an ISO 8601 string, whatever the user typed.
 */

// Below this a number is read as unix seconds, above it as milliseconds: 1e11 s is the year 5138,
// 1e11 ms is 1973-03-03, so neither reading is ambiguous for real dates.
const SECONDS_LIMIT = 1e11;

export type DateInput = string | number | Date | { toISO(): string | null } | null | undefined;

function isLuxonLike(value: unknown): value is { toISO(): string | null; isValid?: boolean } {
	return typeof value === 'object' && value !== null && typeof (value as { toISO?: unknown }).toISO === 'function';
}

function fromNumber(value: number): Date {
	return new Date(Math.abs(value) < SECONDS_LIMIT ? value * 1000 : value);
}

/**
 * Any date a user can give in n8n (ISO string, n8n/luxon DateTime, JS Date, unix seconds or ms, as a
 * number or a string of digits) as an ISO 8601 string in UTC. Empty → undefined. Anything else throws
 * an Error naming the field; `toIsoDateOrFail` wraps that into a NodeOperationError.
 */
export function toIsoDate(value: unknown, fieldName: string): string | undefined {
	if (value === undefined || value === null || value === '') return undefined;
	let date: Date | undefined;
	if (value instanceof Date) {
		date = value;
	} else if (isLuxonLike(value)) {
		if (value.isValid === false) throw new Error(`${fieldName} is an invalid date`);
		const iso = value.toISO();
		date = iso ? new Date(iso) : undefined;
	} else if (typeof value === 'number') {
		date = Number.isFinite(value) ? fromNumber(value) : undefined;
	} else if (typeof value === 'string') {
		const text = value.trim();
		if (/^-?\d+(\.\d+)?$/.test(text)) date = fromNumber(Number(text));
		// only strings that start like a date: Date.parse also accepts things like "1" or "May"
		else if (/^\d{4}-\d{2}-\d{2}/.test(text) || /^[A-Za-z]{3},? \d{1,2} [A-Za-z]{3} \d{4}/.test(text)) date = new Date(text);
	}
	if (!date || Number.isNaN(date.getTime())) {
		throw new Error(
			`${fieldName} is not a date: ${JSON.stringify(typeof value === 'object' ? String(value) : value)}. ` +
				'Use an ISO 8601 date such as 2024-05-01T09:30:00Z, a date from a date field or expression, or unix seconds/milliseconds.',
		);
	}
	return date.toISOString();
}

/** `toIsoDate` for node parameters: a bad value becomes a NodeOperationError on that item. */
export function toIsoDateOrFail(node: INode, value: unknown, fieldName: string, itemIndex: number): string | undefined {
	try {
		return toIsoDate(value, fieldName);
	} catch (error) {
		throw new NodeOperationError(node, (error as Error).message, { itemIndex });
	}
}

/**
 * For BadgeKit's `expires`, which goes through its `dateFromUnixtime` (an ISO string there becomes a
 * 1970 date): the same inputs as `toIsoDate`, as whole unix seconds.
 */
export function toUnixSeconds(value: unknown, fieldName: string): number | undefined {
	const iso = toIsoDate(value, fieldName);
	return iso === undefined ? undefined : Math.floor(Date.parse(iso) / 1000);
}

/** `toUnixSeconds` for node parameters: a bad value becomes a NodeOperationError on that item. */
export function toUnixSecondsOrFail(node: INode, value: unknown, fieldName: string, itemIndex: number): number | undefined {
	try {
		return toUnixSeconds(value, fieldName);
	} catch (error) {
		throw new NodeOperationError(node, (error as Error).message, { itemIndex });
	}
}
