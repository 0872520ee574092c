import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { applicationPathIn } from '../../fields/applications';
import { badgePath, requiredIdentifier } from '../../fields/scope';

/** The application chosen in the node (Application Slug in version 1). */
export function applicationSlugOf(this: IExecuteFunctions, itemIndex: number): string {
	return requiredIdentifier.call(this, 'applicationSlug', itemIndex, { version1: 'Application Slug', picker: 'Application' });
}

/** `…/badges/:badge/applications/:application` for the badge and application chosen in the node. */
export function applicationPath(this: IExecuteFunctions, itemIndex: number): string {
	const slug = applicationSlugOf.call(this, itemIndex);
	return applicationPathIn(badgePath.call(this, itemIndex), slug);
}

/** With Concurrency, items for the same application run one after another (case ignored, as BadgeKit's slugs). */
export function applicationKey(this: IExecuteFunctions, itemIndex: number): string {
	return `application:${applicationPath.call(this, itemIndex)}`.toLowerCase();
}

/** Evidence items as a list the user fills in (url, media type, reflection). */
export const evidenceField: INodeProperties = {
	displayName: 'Evidence',
	name: 'evidence',
	type: 'fixedCollection',
	typeOptions: { multipleValues: true },
	placeholder: 'Add Evidence',
	default: {},
	description: "What the earner shows to prove they meet the badge's criteria",
	options: [
		{
			displayName: 'Evidence',
			name: 'items',
			values: [
				{
					displayName: 'Media Type',
					name: 'mediaType',
					type: 'options',
					default: 'link',
					options: [
						{ name: 'Image', value: 'image', description: 'The URL points to an image' },
						{ name: 'Link', value: 'link', description: 'The URL points to a web page' },
						{ name: 'None', value: '', description: 'A reflection without URL' },
					],
				},
				{
					displayName: 'Reflection',
					name: 'reflection',
					type: 'string',
					typeOptions: { rows: 2 },
					default: '',
					description: "The earner's own words about this evidence",
				},
				{
					displayName: 'URL',
					name: 'url',
					type: 'string',
					default: '',
					placeholder: 'e.g. https://example.org/my-project',
					description: 'Where the evidence can be seen',
				},
			],
		},
	],
};

/** The Evidence fixed collection as BadgeKit's `evidence` array (empty entries dropped). */
export function evidenceOf(value: unknown): IDataObject[] {
	const items = ((value as IDataObject | undefined)?.items as IDataObject[] | undefined) ?? [];
	return items
		.map((item) => {
			const evidence: IDataObject = {};
			const url = String(item.url ?? '').trim();
			const reflection = String(item.reflection ?? '');
			if (url) evidence.url = url;
			if (item.mediaType) evidence.mediaType = item.mediaType;
			if (reflection.trim()) evidence.reflection = reflection;
			return evidence;
		})
		.filter((evidence) => evidence.url !== undefined || evidence.reflection !== undefined);
}
