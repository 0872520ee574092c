/**
 * BadgeKit stores dates it is sent as-is: unix seconds become 1970 or `0000-00-00` (see the BadgeKit
 * README), so every date the node sends goes out as an ISO 8601 string, whatever the user typed.
 */

// Below this a number is read as unix seconds, above it as milliseconds: 1e11 s is the year 5138,
// 1e11 ms is 1973-03-03, so neither reading is ambiguous for real dates.
const SECONDS_LIMIT = 1e11;

// `2024-05-01`, `2024-05-01T09:30`, `2024-05-01 09:30:00.123`: no `Z` or offset. n8n's date picker
// gives these; they mean a wall-clock time in the workflow's timezone.
const LOCAL_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3})\d*)?)?)?$/;

function isLuxonLike(value: unknown): value is { toISO(): string | null; isValid?: boolean } {
	return typeof value === 'object' && value !== null && typeof (value as { toISO?: unknown }).toISO === 'function';
}

/** A unix time in seconds or milliseconds (told apart by size) as milliseconds; NaN when not finite. */
export function unixTimeToMs(value: number): number {
	if (!Number.isFinite(value)) return NaN;
	return Math.abs(value) < SECONDS_LIMIT ? value * 1000 : value;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** How far (ms) the wall clock of `timeZone` is ahead of UTC at `epochMs`. */
function offsetOf(timeZone: string, epochMs: number): number {
	let formatter = formatters.get(timeZone);
	if (!formatter) {
		formatter = new Intl.DateTimeFormat('en-US', {
			timeZone,
			hourCycle: 'h23',
			year: 'numeric',
			month: '2-digit',
			day: '2-digit',
			hour: '2-digit',
			minute: '2-digit',
			second: '2-digit',
		});
		formatters.set(timeZone, formatter);
	}
	const parts: Record<string, number> = {};
	for (const part of formatter.formatToParts(new Date(epochMs))) parts[part.type] = Number(part.value);
	const wall = Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second);
	return wall - Math.floor(epochMs / 1000) * 1000;
}

/** A wall-clock time without offset, read in `timeZone` (UTC when none or unknown). */
function fromLocalDateTime(match: RegExpExecArray, timeZone: string | undefined): Date {
	const [, year, month, day, hour = '0', minute = '0', second = '0', fraction = '0'] = match;
	const wall = Date.UTC(+year, +month - 1, +day, +hour, +minute, +second, Number(fraction.padEnd(3, '0')));
	const date = new Date(wall);
	// Date.UTC rolls 2024-02-30 over to March: an impossible date is junk, not a guess.
	if (date.getUTCFullYear() !== +year || date.getUTCMonth() !== +month - 1 || date.getUTCDate() !== +day || +hour > 23) return new Date(NaN);
	if (!timeZone || timeZone === 'UTC') return date;
	try {
		// twice, so a time right after a DST change gets the offset that applies then
		let utc = wall - offsetOf(timeZone, wall);
		utc = wall - offsetOf(timeZone, utc);
		return new Date(utc);
	} catch {
		return date; // unknown timezone name
	}
}

/**
 * Any date a user can give in n8n (ISO string, n8n/luxon DateTime, JS Date, unix seconds or ms, as a
 * number or a string of digits) as an ISO 8601 string in UTC. A date/time without offset is read in
 * `timeZone` (the workflow's), else UTC. Empty → undefined. Anything else throws an Error naming the
 * field; fields/dateParameters.ts wraps that into a NodeOperationError.
 */
export function toIsoDate(value: unknown, fieldName: string, timeZone?: string): string | undefined {
	if (value === undefined || value === null || value === '') return undefined;
	let date: Date | undefined;
	if (value instanceof Date) {
		date = value;
	} else if (isLuxonLike(value)) {
		if (value.isValid === false) throw new Error(`${fieldName} is an invalid date`);
		const iso = value.toISO();
		date = iso ? new Date(iso) : undefined;
	} else if (typeof value === 'number') {
		date = new Date(unixTimeToMs(value));
	} else if (typeof value === 'string') {
		const text = value.trim();
		const local = LOCAL_DATE_TIME.exec(text);
		if (/^-?\d+(\.\d+)?$/.test(text)) date = new Date(unixTimeToMs(Number(text)));
		else if (local) date = fromLocalDateTime(local, timeZone);
		// only strings that look like a date: Date.parse also accepts things like "1" or "May"
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

/**
 * For BadgeKit's `expires`, which goes through its `dateFromUnixtime` (an ISO string there becomes a
 * 1970 date): the same inputs as `toIsoDate`, as whole unix seconds.
 */
export function toUnixSeconds(value: unknown, fieldName: string, timeZone?: string): number | undefined {
	const iso = toIsoDate(value, fieldName, timeZone);
	return iso === undefined ? undefined : Math.floor(Date.parse(iso) / 1000);
}

/**
 * A time as BadgeKit sends it, in milliseconds; NaN when absent or not a date. BadgeKit sends ISO
 * strings, and unix seconds for award times (`issuedOn`, `expires`; a caller's raw number may be
 * milliseconds); the node's own date rules (`toIsoDate`) read them, and nothing is ever invented.
 */
export function badgeKitTimeToMs(value: unknown): number {
	try {
		const iso = toIsoDate(value, 'time');
		return iso === undefined ? NaN : Date.parse(iso);
	} catch {
		return NaN;
	}
}

/** A time as BadgeKit sends it (see `badgeKitTimeToMs`) as an ISO 8601 string in UTC; null when absent or not a date. */
export function isoFromBadgeKitTime(value: unknown): string | null {
	const ms = badgeKitTimeToMs(value);
	return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}
