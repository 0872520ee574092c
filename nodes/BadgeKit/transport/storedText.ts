import { NodeOperationError, type IDataObject, type INode } from 'n8n-workflow';

/**
 * BadgeKit's tables are 3-byte MySQL `utf8`: a character outside the Basic Multilingual Plane (an
 * emoji such as 😀, U+10000 and above) in a stored field is saved and read back as `?`. Every body
 * BadgeKit stores goes through `storableBody` before it is sent: such characters are refused with an
 * error naming the field and the character, or, when the user chose "Replace Characters BadgeKit
 * Cannot Store", replaced by the `?` BadgeKit would store. Fields BadgeKit only forwards in a webhook
 * (an award's `comment`) are left alone.
 */

export type UnstorableTextMode = 'refuse' | 'replace';

const OUTSIDE_BMP = /[\u{10000}-\u{10FFFF}]/u;
const OUTSIDE_BMP_ALL = /[\u{10000}-\u{10FFFF}]/gu;

/** What BadgeKit stores for `text`: each character outside the BMP becomes `?`. */
export function asBadgeKitStoresIt(text: string): string {
	return text.replace(OUTSIDE_BMP_ALL, '?');
}

/** The first character of `text` BadgeKit cannot store, or undefined. */
export function firstUnstorableCharacter(text: string): string | undefined {
	return OUTSIDE_BMP.exec(text)?.[0];
}

function codePointOf(character: string): string {
	return 'U+' + character.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');
}

/** The field by its label in the node and BadgeKit's path, e.g. `"Criteria" (criteria[0].description)`; the path alone without a label. */
function fieldNamed(path: string, labels: Record<string, string>): string {
	const label = labels[/^[^.[]+/.exec(path)?.[0] ?? ''];
	return label ? `"${label}" (${path})` : `"${path}"`;
}

/** `criteria[0].description` style path of a value inside the body. */
function pathOf(parent: string, key: string | number): string {
	if (typeof key === 'number') return `${parent}[${key}]`;
	return parent ? `${parent}.${key}` : key;
}

/**
 * The body with every string checked (mode 'refuse': throws a NodeOperationError naming the field and
 * the character) or made storable (mode 'replace'). `forwardedOnly` lists top-level keys BadgeKit does
 * not store (they pass unchanged).
 */
export function storableBody(
	node: INode,
	body: IDataObject,
	mode: UnstorableTextMode,
	itemIndex?: number,
	forwardedOnly: string[] = [],
	labels: Record<string, string> = {},
): IDataObject {
	const visit = (value: unknown, path: string): unknown => {
		if (typeof value === 'string') {
			const character = firstUnstorableCharacter(value);
			if (character === undefined) return value;
			if (mode === 'replace') return asBadgeKitStoresIt(value);
			throw new NodeOperationError(
				node,
				`${fieldNamed(path, labels)} contains "${character}" (${codePointOf(character)}), which BadgeKit cannot store`,
				{
					description:
						'BadgeKit saves characters outside the Basic Multilingual Plane (emoji and some rare symbols) as "?". ' +
						'Remove the character, or switch on "Replace Characters BadgeKit Cannot Store" under Options to send "?" in its place.',
					itemIndex,
				},
			);
		}
		if (Array.isArray(value)) return value.map((entry, index) => visit(entry, pathOf(path, index)));
		if (value && typeof value === 'object') {
			const result: IDataObject = {};
			for (const [key, entry] of Object.entries(value)) {
				result[key] = path === '' && forwardedOnly.includes(key) ? entry : (visit(entry, pathOf(path, key)) as IDataObject[keyof IDataObject]);
			}
			return result;
		}
		return value;
	};
	return visit(body, '') as IDataObject;
}
