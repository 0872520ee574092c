import {
	NodeOperationError,
	type IDisplayOptions,
	type IExecuteFunctions,
	type ILoadOptionsFunctions,
	type INodeProperties,
	type IPollFunctions,
} from 'n8n-workflow';

import { requiredString } from './parameters';

/**
 * BadgeKit nests most things under a system, optionally an issuer, optionally a program:
 * `/systems/:system[/issuers/:issuer[/programs/:program]]`, and applications, reviews and claim codes
 * under a badge there. These fields pick each of them from a list loaded from the server (listSearch/),
 * with the slug, ID or code typed in as the alternative (for expressions).
 */

const SLUG_PATTERN = '^[A-Za-z0-9_.~-]+$';

/** The typed alternative to the list: its mode name (stored in saved workflows), label and check. */
interface TypedMode {
	name: string;
	displayName: string;
	placeholder: string;
	regex?: string;
	errorMessage?: string;
}

const BY_SLUG: TypedMode = {
	name: 'slug',
	// BadgeKit calls them slugs; the editor calls them IDs, as every other field does (mode name kept).
	displayName: 'By ID',
	placeholder: 'e.g. my-school',
	regex: SLUG_PATTERN,
	errorMessage: 'An ID has only letters, digits, "-", "_", "." and "~"',
};

function locator(
	name: string,
	displayName: string,
	searchListMethod: string,
	required: boolean,
	description: string,
	displayOptions?: IDisplayOptions,
	typed: TypedMode = BY_SLUG,
): INodeProperties {
	return {
		displayName,
		name,
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required,
		description,
		...(displayOptions ? { displayOptions } : {}),
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				typeOptions: { searchListMethod, searchable: true, searchFilterRequired: false },
			},
			{
				displayName: typed.displayName,
				name: typed.name,
				type: 'string',
				placeholder: typed.placeholder,
				...(typed.regex
					? { validation: [{ type: 'regex' as const, properties: { regex: typed.regex, errorMessage: typed.errorMessage ?? '' } }] }
					: {}),
			},
		],
	};
}

export function systemField(displayOptions?: IDisplayOptions): INodeProperties {
	return locator('system', 'System', 'searchSystems', true, 'The BadgeKit system', displayOptions);
}

export function issuerField(displayOptions?: IDisplayOptions, required = false): INodeProperties {
	return locator(
		'issuer',
		'Issuer',
		'searchIssuers',
		required,
		required ? 'The issuer within the system' : 'Optional: narrow to an issuer within the system. Leave empty for the whole system.',
		displayOptions,
	);
}

export function programField(displayOptions?: IDisplayOptions, required = false): INodeProperties {
	return locator(
		'program',
		'Program',
		'searchPrograms',
		required,
		required ? 'The program within the issuer' : 'Optional: narrow to a program within the issuer. Needs an issuer. Leave empty otherwise.',
		displayOptions,
	);
}

export function badgeField(displayOptions?: IDisplayOptions, required = true): INodeProperties {
	return locator('badge', 'Badge', 'searchBadges', required, 'The badge, within the system, issuer or program chosen above', displayOptions);
}

/** System, then the optional issuer and program: where a resource's system/issuer/program forms live. */
export function scopeFields(displayOptions?: IDisplayOptions): INodeProperties[] {
	return [systemField(displayOptions), issuerField(displayOptions), programField(displayOptions)];
}

/**
 * Identifiers below a badge or system, picked from lists since node version 1.1 (version 1 has plain
 * text fields of the same names: see resources/*\/index.ts). Values stay BadgeKit's slugs, IDs, codes.
 */
export function applicationField(displayOptions?: IDisplayOptions): INodeProperties {
	return locator(
		'applicationSlug',
		'Application',
		'searchApplications',
		true,
		"The application, listed by earner email and the day they applied (open ones first). Search by email address to find one earner's applications.",
		displayOptions,
		{ ...BY_SLUG, placeholder: 'e.g. 3f2a9c…' },
	);
}

export function reviewField(displayOptions?: IDisplayOptions): INodeProperties {
	return locator(
		'reviewSlug',
		'Review',
		'searchReviews',
		true,
		'The review, listed by reviewer email, among the reviews of the application',
		displayOptions,
	);
}

export function milestoneField(displayOptions?: IDisplayOptions): INodeProperties {
	return locator(
		'milestoneId',
		'Milestone',
		'searchMilestones',
		true,
		'The milestone, listed by its milestone badge and how many support badges it takes (BadgeKit gives milestones no name)',
		displayOptions,
		{ name: 'id', displayName: 'By ID', placeholder: 'e.g. 3', regex: '^\\d+$', errorMessage: 'A milestone ID is a whole number, e.g. 3' },
	);
}

export function claimCodeField(displayOptions?: IDisplayOptions): INodeProperties {
	return locator(
		'code',
		'Claim Code',
		'searchClaimCodes',
		true,
		'The claim code, among the codes of the badge. BadgeKit ignores case: "summer-2024" is the same code as "SUMMER-2024".',
		displayOptions,
		{ name: 'code', displayName: 'By Code', placeholder: 'e.g. SUMMER-2024' },
	);
}

type ParameterContext = IExecuteFunctions | IPollFunctions;

/** The slug in a resource locator parameter ('' when empty or absent). */
export function locatorValue(this: ParameterContext | ILoadOptionsFunctions, name: string, itemIndex = 0): string {
	let value: unknown;
	if ('getCurrentNodeParameter' in this) {
		value = this.getCurrentNodeParameter(name, { extractValue: true });
	} else if ('getInputData' in this) {
		value = (this as IExecuteFunctions).getNodeParameter(name, itemIndex, '', { extractValue: true });
	} else {
		value = (this as IPollFunctions).getNodeParameter(name, '', { extractValue: true });
	}
	return typeof value === 'string' ? value.trim() : value === undefined || value === null ? '' : String(value);
}

/**
 * The slug picked in a system, issuer, program or badge field; empty is a clear error. `label` is the
 * field's name in the editor when it is not the capitalised `name` (e.g. "Milestone Badge").
 */
export function requiredLocator(
	this: ParameterContext | ILoadOptionsFunctions,
	name: string,
	itemIndex = 0,
	label?: string,
	typed = 'enter its ID',
): string {
	const slug = locatorValue.call(this, name, itemIndex);
	if (!slug) {
		const fieldName = label ?? name.charAt(0).toUpperCase() + name.slice(1);
		const what = fieldName.toLowerCase();
		throw new NodeOperationError(this.getNode(), `No ${what} chosen`, {
			description: `Pick the ${what} from the "${fieldName}" list, or ${typed}.`,
			itemIndex,
		});
	}
	return slug;
}

/**
 * An identifier that is a text field in node version 1 and a picker from version 1.1 (same parameter
 * name): its value, or a clear error naming the field as that version shows it.
 */
export function requiredIdentifier(
	this: IExecuteFunctions,
	name: string,
	itemIndex: number,
	labels: { version1: string; picker: string; typed?: string },
): string {
	if (this.getNode().typeVersion < 1.1) return requiredString.call(this, name, itemIndex, labels.version1);
	return requiredLocator.call(this, name, itemIndex, labels.picker, labels.typed);
}

/** `/systems/:s[/issuers/:i[/programs/:p]]` for the scope chosen in the node. */
export function scopePath(
	this: ParameterContext | ILoadOptionsFunctions,
	itemIndex = 0,
	options: { issuer?: boolean; program?: boolean } = {},
): string {
	const system = requiredLocator.call(this, 'system', itemIndex);
	let path = `/systems/${encodeURIComponent(system)}`;
	const issuer = options.issuer === false ? '' : locatorValue.call(this, 'issuer', itemIndex);
	const program = options.program === false ? '' : locatorValue.call(this, 'program', itemIndex);
	if (program && !issuer) {
		throw new NodeOperationError(this.getNode(), 'A program was chosen without its issuer', {
			description: 'In BadgeKit a program belongs to an issuer: choose the issuer too, or clear the program.',
			itemIndex,
		});
	}
	if (issuer) path += `/issuers/${encodeURIComponent(issuer)}`;
	if (program) path += `/programs/${encodeURIComponent(program)}`;
	return path;
}

/** The scope path plus `/badges/:badge`. */
export function badgePath(this: ParameterContext | ILoadOptionsFunctions, itemIndex = 0): string {
	const badge = requiredLocator.call(this, 'badge', itemIndex);
	return `${scopePath.call(this, itemIndex)}/badges/${encodeURIComponent(badge)}`;
}
