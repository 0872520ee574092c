import {
	NodeOperationError,
	type IDisplayOptions,
	type IExecuteFunctions,
	type ILoadOptionsFunctions,
	type INodeProperties,
	type IPollFunctions,
} from 'n8n-workflow';

/**
 * BadgeKit nests most things under a system, optionally an issuer, optionally a program:
 * `/systems/:system[/issuers/:issuer[/programs/:program]]`. These fields pick that scope from lists
 * loaded from the server, with "By Slug" as the alternative.
 */

const SLUG_PATTERN = '^[A-Za-z0-9_.~-]+$';

function slugLocator(
	name: string,
	displayName: string,
	searchListMethod: string,
	required: boolean,
	description: string,
	displayOptions?: IDisplayOptions,
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
				displayName: 'By Slug',
				name: 'slug',
				type: 'string',
				placeholder: 'e.g. my-slug',
				validation: [{ type: 'regex', properties: { regex: SLUG_PATTERN, errorMessage: 'A slug has only letters, digits, "-", "_", "." and "~"' } }],
			},
		],
	};
}

export function systemField(displayOptions?: IDisplayOptions): INodeProperties {
	return slugLocator('system', 'System', 'searchSystems', true, 'The BadgeKit system', displayOptions);
}

export function issuerField(displayOptions?: IDisplayOptions, required = false): INodeProperties {
	return slugLocator(
		'issuer',
		'Issuer',
		'searchIssuers',
		required,
		required ? 'The issuer within the system' : 'Optional: narrow to an issuer within the system. Leave empty for the whole system.',
		displayOptions,
	);
}

export function programField(displayOptions?: IDisplayOptions, required = false): INodeProperties {
	return slugLocator(
		'program',
		'Program',
		'searchPrograms',
		required,
		required ? 'The program within the issuer' : 'Optional: narrow to a program within the issuer. Needs an issuer. Leave empty otherwise.',
		displayOptions,
	);
}

export function badgeField(displayOptions?: IDisplayOptions, required = true): INodeProperties {
	return slugLocator('badge', 'Badge', 'searchBadges', required, 'The badge, within the system, issuer or program chosen above', displayOptions);
}

/** System, then the optional issuer and program: where a resource's system/issuer/program forms live. */
export function scopeFields(displayOptions?: IDisplayOptions): INodeProperties[] {
	return [systemField(displayOptions), issuerField(displayOptions), programField(displayOptions)];
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
export function requiredLocator(this: ParameterContext | ILoadOptionsFunctions, name: string, itemIndex = 0, label?: string): string {
	const slug = locatorValue.call(this, name, itemIndex);
	if (!slug) {
		const fieldName = label ?? name.charAt(0).toUpperCase() + name.slice(1);
		const what = fieldName.toLowerCase();
		throw new NodeOperationError(this.getNode(), `No ${what} chosen`, {
			description: `Pick the ${what} from the "${fieldName}" list, or enter its slug.`,
			itemIndex,
		});
	}
	return slug;
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
export function badgePath(this: ParameterContext, itemIndex = 0): string {
	const badge = requiredLocator.call(this, 'badge', itemIndex);
	return `${scopePath.call(this, itemIndex)}/badges/${encodeURIComponent(badge)}`;
}
