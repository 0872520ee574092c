import type { IDataObject } from 'n8n-workflow';

/** Shaping values for BadgeKit: request bodies without empty keys, lists, and its 0/1 booleans. */

/** Drops undefined, null and '' values: BadgeKit treats a present key as "set" (even `false`). */
export function compact(body: IDataObject): IDataObject {
	const result: IDataObject = {};
	for (const [key, value] of Object.entries(body)) if (value !== undefined && value !== null && value !== '') result[key] = value;
	return result;
}

/** `a, b,,c` or `['a', 'b']` → `['a', 'b', 'c']`. */
export function listOf(value: unknown): string[] {
	const parts = Array.isArray(value) ? value.flatMap((entry) => String(entry ?? '').split(',')) : String(value ?? '').split(',');
	return parts.map((part) => part.trim()).filter((part) => part !== '');
}

/**
 * BadgeKit answers some booleans as MySQL's 0/1 (a badge's `unique`, a code's `claimed`, a review
 * item's `satisfied`): 0/1 become false/true so that an IF node's "is true" works; anything else is
 * kept as BadgeKit returned it.
 */
export function fromTinyInt<T>(value: T): T | boolean {
	if (value === (0 as unknown) || value === ('0' as unknown)) return false;
	if (value === (1 as unknown) || value === ('1' as unknown)) return true;
	return value;
}

/**
 * Whether a flag is on, for values sent to BadgeKit: it counts any non-empty string as true, so
 * only true, 1, '1' and 'true' are.
 */
export function isTrue(value: unknown): boolean {
	return value === true || value === 1 || value === '1' || value === 'true';
}
