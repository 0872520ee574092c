import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { listOf } from '../../fields/values';

/**
 * The badge fields of badges.md, as n8n fields: the ones BadgeKit requires on Create sit at the top
 * level there, every other one (and, on Update, all of them) in a collection. `badgeBody` turns the
 * values into BadgeKit's request body.
 */

const CRITERIA: INodeProperties = {
	displayName: 'Criteria',
	name: 'criteria',
	type: 'fixedCollection',
	typeOptions: { multipleValues: true, sortable: true },
	placeholder: 'Add Criterion',
	default: {},
	description: 'What an earner has to do. Reviewers judge applications against these.',
	options: [
		{
			displayName: 'Criterion',
			name: 'criterion',
			values: [
				{
					displayName: 'Description',
					name: 'description',
					type: 'string',
					default: '',
					description: 'What the earner has to show, e.g. "Read five books over the summer"',
				},
				{
					displayName: 'Note for Reviewers',
					name: 'note',
					type: 'string',
					default: '',
					description: 'Guidance for the people reviewing applications',
				},
				{
					displayName: 'Required',
					name: 'required',
					type: 'boolean',
					default: true,
					description: 'Whether this criterion must be met to earn the badge',
				},
			],
		},
	],
};

const ALIGNMENTS: INodeProperties = {
	displayName: 'Alignments',
	name: 'alignments',
	type: 'fixedCollection',
	typeOptions: { multipleValues: true },
	placeholder: 'Add Alignment',
	default: {},
	description: 'Educational standards the badge aligns with',
	options: [
		{
			displayName: 'Alignment',
			name: 'alignment',
			values: [
				{
					displayName: 'Description',
					name: 'description',
					type: 'string',
					default: '',
					description: 'What the standard is about',
				},
				{
					displayName: 'Name',
					name: 'name',
					type: 'string',
					default: '',
					description: 'Name of the standard',
				},
				{
					displayName: 'URL',
					name: 'url',
					type: 'string',
					default: '',
					placeholder: 'e.g. https://www.corestandards.org/ELA-Literacy/RL/5/1/',
					description: 'Address of the standard',
				},
			],
		},
	],
};

/** Only on Update: BadgeKit ignores `archived` when it creates a badge. */
const ARCHIVED: INodeProperties = {
	displayName: 'Archived',
	name: 'archived',
	type: 'boolean',
	default: false,
	description: 'Whether the badge is archived: archived badges can no longer be earned',
};

/** Optional on Create (in "Additional Fields"); all in "Update Fields" on Update. Sorted by name. */
function optionalFields(): INodeProperties[] {
	return [
		ALIGNMENTS,
		{
			displayName: 'Categories',
			name: 'categories',
			type: 'string',
			default: '',
			placeholder: 'e.g. reading, science',
			description: 'Comma-separated list of categories for the badge',
		},
		{
			displayName: 'Earner Limit',
			name: 'earnerLimit',
			type: 'number',
			typeOptions: { minValue: 0 },
			default: 0,
			description: 'How many people can earn the badge at most (0 for no limit)',
		},
		{
			displayName: 'Evidence Type',
			name: 'evidenceType',
			type: 'options',
			default: 'URL',
			description: 'The kind of evidence earners send with an application',
			options: [
				{ name: 'Photo', value: 'Photo' },
				{ name: 'Sound', value: 'Sound' },
				{ name: 'Text', value: 'Text' },
				{ name: 'URL', value: 'URL' },
				{ name: 'Video', value: 'Video' },
			],
		},
		{
			displayName: 'Issuer URL',
			name: 'issuerUrl',
			type: 'string',
			default: '',
			placeholder: 'e.g. https://www.example.org',
			description: 'Website of whoever issues the badge',
		},
		{
			displayName: 'Rubric URL',
			name: 'rubricUrl',
			type: 'string',
			default: '',
			placeholder: 'e.g. https://www.example.org/rubric',
			description: 'Link to rubric or other supporting material',
		},
		{
			displayName: 'Strapline',
			name: 'strapline',
			type: 'string',
			default: '',
			description: 'A short tagline for the badge (up to 140 characters)',
		},
		{
			displayName: 'Tags',
			name: 'tags',
			type: 'string',
			default: '',
			placeholder: 'e.g. summer, library',
			description: 'Comma-separated list of tags that help people find the badge',
		},
		{
			displayName: 'Time Units',
			name: 'timeUnits',
			type: 'options',
			default: 'hours',
			description: 'Unit of "Time Value"',
			options: [
				{ name: 'Days', value: 'days' },
				{ name: 'Hours', value: 'hours' },
				{ name: 'Minutes', value: 'minutes' },
				{ name: 'Weeks', value: 'weeks' },
			],
		},
		{
			displayName: 'Time Value',
			name: 'timeValue',
			type: 'number',
			typeOptions: { minValue: 0 },
			default: 0,
			description: 'About how long earning the badge takes, in "Time Units"',
		},
	];
}

/** Fields BadgeKit requires for a new badge (top level on Create; optional on Update). */
function coreFields(update: boolean): INodeProperties[] {
	const requiredOnCreate = !update;
	const fields: INodeProperties[] = [
		{
			displayName: 'Name',
			name: 'name',
			type: 'string',
			default: '',
			description: 'Name of the badge (up to 255 characters)',
		},
		{
			displayName: update ? 'New ID' : 'ID',
			name: 'slug',
			type: 'string',
			default: '',
			placeholder: 'e.g. summer-reader',
			description: update
				? 'Changes the badge\'s ID in BadgeKit addresses (BadgeKit\'s "slug"), unique across all systems (case is ignored)'
				: 'The badge\'s short ID in BadgeKit addresses (BadgeKit\'s "slug"), unique across all systems (case is ignored): lowercase letters, digits and dashes. BadgeKit 0.2.22 gives a new badge a random ID; the node changes it to this one right away.',
		},
		{
			displayName: 'Type',
			name: 'type',
			type: 'string',
			default: '',
			placeholder: 'e.g. skill',
			description: 'A short word for the kind of badge, used to group badges (up to 255 characters). BadgeKit cannot store a badge without one.',
		},
		{
			displayName: 'Earner Description',
			name: 'earnerDescription',
			type: 'string',
			typeOptions: { rows: 3 },
			default: '',
			description: 'Description of the badge for people who might earn it',
		},
		{
			displayName: 'Consumer Description',
			name: 'consumerDescription',
			type: 'string',
			typeOptions: { rows: 3 },
			default: '',
			description: 'Description of the badge for people looking at an earned badge, e.g. employers',
		},
		{
			displayName: 'Criteria URL',
			name: 'criteriaUrl',
			type: 'string',
			default: '',
			placeholder: 'e.g. https://www.example.org/badges/summer-reader/criteria',
			description: 'Link to a page describing how to earn the badge',
		},
		{
			displayName: 'Image URL',
			name: 'imageUrl',
			type: 'string',
			default: '',
			placeholder: 'e.g. https://www.example.org/badges/summer-reader.png',
			description: 'Address of the badge image (PNG)',
		},
		{
			displayName: 'Unique',
			name: 'unique',
			type: 'boolean',
			default: false,
			description: 'Whether each earner can earn the badge only once',
		},
	];
	if (requiredOnCreate) for (const field of fields) if (field.type === 'string') field.required = true;
	return fields;
}

/** The Create operation's fields. */
export function createFields(displayOptions: INodeProperties['displayOptions']): INodeProperties[] {
	return [
		...coreFields(false).map((field) => ({ ...field, displayOptions })),
		{ ...CRITERIA, displayOptions },
		{
			displayName: 'Additional Fields',
			name: 'additionalFields',
			type: 'collection',
			placeholder: 'Add Field',
			default: {},
			displayOptions,
			options: optionalFields(),
		},
	];
}

/** The Update operation's "Update Fields" collection. */
export function updateFields(displayOptions: INodeProperties['displayOptions']): INodeProperties[] {
	const options = [...coreFields(true), CRITERIA, ARCHIVED, ...optionalFields()];
	options.sort((a, b) => a.displayName.localeCompare(b.displayName));
	return [
		{
			displayName: 'Update Fields',
			name: 'updateFields',
			type: 'collection',
			placeholder: 'Add Field',
			default: {},
			description: 'Only the fields added here are changed',
			displayOptions,
			options,
		},
	];
}

/** A criterion as BadgeKit takes it: `note` is never null (BadgeKit's database refuses null). */
export interface CriterionBody extends IDataObject {
	id?: number;
	description: string;
	required: boolean;
	note: string;
}

/** The criteria fixedCollection's value → BadgeKit's `criteria` array. */
export function criteriaFrom(value: unknown): CriterionBody[] {
	const items = ((value as IDataObject | undefined)?.criterion as IDataObject[] | undefined) ?? [];
	return items.map((item) => ({
		description: String(item.description ?? ''),
		required: item.required === undefined ? true : Boolean(item.required),
		note: String(item.note ?? ''),
	}));
}

function alignmentsFrom(value: unknown): IDataObject[] {
	const items = ((value as IDataObject | undefined)?.alignment as IDataObject[] | undefined) ?? [];
	return items.map((item) => ({
		name: String(item.name ?? ''),
		url: String(item.url ?? ''),
		description: String(item.description ?? ''),
	}));
}

/**
 * n8n field values → BadgeKit's badge body. Only keys present in `values` are sent; `imageUrl` goes
 * out as `image` (the name BadgeKit reads) and "Earner Limit" as `limit`.
 */
export function badgeBody(values: IDataObject): IDataObject {
	const body: IDataObject = {};
	for (const [key, value] of Object.entries(values)) {
		if (value === undefined || value === null) continue;
		switch (key) {
			case 'imageUrl':
				body.image = value;
				break;
			case 'earnerLimit':
				body.limit = value;
				break;
			case 'categories':
			case 'tags':
				body[key] = listOf(value);
				break;
			case 'criteria':
				body.criteria = criteriaFrom(value);
				break;
			case 'alignments':
				body.alignments = alignmentsFrom(value);
				break;
			default:
				body[key] = value;
		}
	}
	return body;
}
