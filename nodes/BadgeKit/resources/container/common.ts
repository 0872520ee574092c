import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { showFor } from '../../fields/fields';
import { requiredString } from '../../fields/parameters';
import { requiredLocator } from '../../fields/scope';
import { compact } from '../../fields/values';

// Systems, issuers and programs share one shape: their fields, request bodies and paths are built here.

/** What a system, issuer or program is called in texts. */
export type ContainerKind = 'system' | 'issuer' | 'program';

const SLUG_EXAMPLES: Record<ContainerKind, string> = {
	system: 'city-of-chicago',
	issuer: 'chicago-public-library',
	program: 'cpl-summer-readers',
};

/** ID (BadgeKit's slug), Name and URL (required on Create) plus Description, Email and Image URL. */
export function containerCreateFields(kind: ContainerKind): INodeProperties[] {
	const display = showFor(kind, ['create']);
	return [
		{
			displayName: 'ID',
			name: 'slug',
			type: 'string',
			required: true,
			default: '',
			placeholder: `e.g. ${SLUG_EXAMPLES[kind]}`,
			description: `The ${kind}'s short, unique ID in BadgeKit addresses (BadgeKit's "slug"; case is ignored): lowercase letters, digits and dashes`,
			displayOptions: display,
		},
		{
			displayName: 'Name',
			name: 'name',
			type: 'string',
			required: true,
			default: '',
			description: `Name of the ${kind} as people see it (up to 255 characters)`,
			displayOptions: display,
		},
		{
			displayName: 'URL',
			name: 'url',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'e.g. https://www.example.org',
			description: `Website of the ${kind}, with https:// in front`,
			displayOptions: display,
		},
		{
			displayName: 'Additional Fields',
			name: 'additionalFields',
			type: 'collection',
			placeholder: 'Add Field',
			default: {},
			displayOptions: display,
			options: containerOptionalFields(kind),
		},
	];
}

function containerOptionalFields(kind: ContainerKind): INodeProperties[] {
	return [
		{
			displayName: 'Description',
			name: 'description',
			type: 'string',
			default: '',
			description: `A short description of the ${kind} (up to 255 characters)`,
		},
		{
			displayName: 'Email',
			name: 'email',
			type: 'string',
			default: '',
			placeholder: 'e.g. badges@example.org',
			description: `Email address of the ${kind}'s badge administrator`,
		},
		{
			displayName: 'Image URL',
			name: 'image',
			type: 'string',
			default: '',
			placeholder: 'e.g. https://www.example.org/logo.png',
			description: `Address of an image for the ${kind}`,
		},
	];
}

/** "Update Fields" for a system, issuer or program. */
export function containerUpdateFields(kind: ContainerKind): INodeProperties {
	return {
		displayName: 'Update Fields',
		name: 'updateFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		description: 'Only the fields added here are changed',
		displayOptions: showFor(kind, ['update']),
		options: [
			...containerOptionalFields(kind),
			{
				displayName: 'Name',
				name: 'name',
				type: 'string',
				default: '',
				description: `New name of the ${kind}`,
			},
			{
				displayName: 'New ID',
				name: 'slug',
				type: 'string',
				default: '',
				placeholder: `e.g. ${SLUG_EXAMPLES[kind]}`,
				description: `Changes the ${kind}'s ID in BadgeKit addresses (BadgeKit's "slug")`,
			},
			{
				displayName: 'URL',
				name: 'url',
				type: 'string',
				default: '',
				placeholder: 'e.g. https://www.example.org',
				description: `New website of the ${kind}, with https:// in front`,
			},
		],
	};
}

/** The Create body: required fields plus the additional fields that were given. */
export function containerCreateBody(this: IExecuteFunctions, itemIndex: number): IDataObject {
	const body: IDataObject = {
		slug: requiredString.call(this, 'slug', itemIndex, 'ID'),
		name: requiredString.call(this, 'name', itemIndex, 'Name'),
		url: requiredString.call(this, 'url', itemIndex, 'URL'),
	};
	const { description, email, image } = this.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject;
	return { ...body, ...compact({ description, email, image }) };
}

const PARENT: Record<ContainerKind, ContainerKind | undefined> = { system: undefined, issuer: 'system', program: 'issuer' };

/**
 * `/systems`, `/systems/:s/issuers` or `/systems/:s/issuers/:i/programs` (the list a system, issuer
 * or program lives in), with the chosen slug appended when `one` is set.
 */
export function containerPath(this: IExecuteFunctions, kind: ContainerKind, itemIndex: number, one: boolean): string {
	let path = '';
	const chain: ContainerKind[] = [];
	for (let level: ContainerKind | undefined = PARENT[kind]; level; level = PARENT[level]) chain.unshift(level);
	for (const level of chain) path += `/${level}s/${encodeURIComponent(requiredLocator.call(this, level, itemIndex))}`;
	path += `/${kind}s`;
	if (one) path += `/${encodeURIComponent(requiredLocator.call(this, kind, itemIndex))}`;
	return path;
}
