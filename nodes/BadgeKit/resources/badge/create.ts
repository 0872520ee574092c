import { NodeOperationError, type IDataObject, type IExecuteFunctions } from 'n8n-workflow';

import { locatorValue, scopePath } from '../../fields/scope';
import { showFor } from '../../fields/fields';
import { requiredString } from '../../fields/parameters';
import { badgeKitApiRequest, isNotFound, nodeErrorOf, unwrap } from '../../transport';
import type { BadgeKitOperation } from '../types';
import { badgeBody, createFields } from './fields';
import { normaliseBadge } from '../../fields/normalise';

const REQUIRED_TEXT: Array<[string, string]> = [
	['name', 'Name'],
	['slug', 'ID'],
	['type', 'Type'],
	['earnerDescription', 'Earner Description'],
	['consumerDescription', 'Consumer Description'],
	['criteriaUrl', 'Criteria URL'],
	['imageUrl', 'Image URL'],
];

/**
 * The update that renames a just-created badge: BadgeKit 0.2.22 ignores a posted slug (the badge
 * gets md5(time + name)). An update replaces criteria, alignments, categories and tags with what it
 * carries, so all of them are sent back as created (criteria with their ids).
 */
function renamingUpdate(created: IDataObject, slug: string): IDataObject | undefined {
	if (created.slug === slug) return undefined;
	const body: IDataObject = { slug };
	body.criteria = ((created.criteria as IDataObject[] | undefined) ?? []).map((criterion) => ({
		id: criterion.id,
		description: criterion.description ?? '',
		required: criterion.required === true || criterion.required === 1,
		note: criterion.note ?? '',
	}));
	body.alignments = ((created.alignments as IDataObject[] | undefined) ?? []).map((alignment) => ({
		name: alignment.name ?? '',
		url: alignment.url ?? '',
		description: alignment.description ?? '',
	}));
	body.categories = (created.categories as unknown[] | undefined) ?? [];
	body.tags = (created.tags as unknown[] | undefined) ?? [];
	return body;
}

/**
 * Badge Create: a new badge in the system, issuer or program chosen, under the chosen slug.
 * BadgeKit 0.2.22 (its last release) stores a random slug whatever is posted, so when the answer
 * carries another slug the badge is renamed at once; a server that kept the slug needs no second step.
 */
export const operation: BadgeKitOperation = {
	description: createFields(showFor('badge', ['create'])),

	async execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
		const values: IDataObject = {};
		for (const [name, label] of REQUIRED_TEXT) values[name] = requiredString.call(this, name, itemIndex, label);
		values.unique = this.getNodeParameter('unique', itemIndex, false) as boolean;
		values.criteria = this.getNodeParameter('criteria', itemIndex, {}) as IDataObject;
		Object.assign(values, this.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject);
		const slug = values.slug as string;

		// With a random slug on create, a taken slug only shows at the rename: check first, so that
		// the usual mistake changes nothing. (Badge slugs are unique in the whole BadgeKit database,
		// compared ignoring case; a clash in another system still fails at the rename, below.)
		const system = locatorValue.call(this, 'system', itemIndex);
		try {
			const taken = await badgeKitApiRequest.call(this, 'GET', `/systems/${encodeURIComponent(system)}/badges/${encodeURIComponent(slug)}`, {
				itemIndex,
			});
			const existing = (taken.badge as IDataObject | undefined) ?? {};
			throw new NodeOperationError(this.getNode(), `A badge with the ID "${String(existing.slug ?? slug)}" already exists`, {
				description: 'Choose another "ID": BadgeKit compares IDs without regard to case. Nothing was created.',
				itemIndex,
			});
		} catch (error) {
			if (error instanceof NodeOperationError || !isNotFound(error)) throw nodeErrorOf(this.getNode(), error, itemIndex);
		}

		const path = `${scopePath.call(this, itemIndex)}/badges`;
		const response = await badgeKitApiRequest.call(this, 'POST', path, { body: badgeBody(values), itemIndex });
		const created = unwrap.call(this, response, 'badge', itemIndex);

		const update = renamingUpdate(created, slug);
		if (!update) return normaliseBadge(created);
		try {
			const renamed = await badgeKitApiRequest.call(this, 'PUT', `${path}/${encodeURIComponent(String(created.slug))}`, { body: update, itemIndex });
			return normaliseBadge(unwrap.call(this, renamed, 'badge', itemIndex));
		} catch (error) {
			const reason = (error as Error).message;
			throw new NodeOperationError(
				this.getNode(),
				`Badge "${String(created.name)}" was created with the ID "${String(created.slug)}", but giving it the ID "${slug}" failed: ${reason}`,
				{
					description:
						'BadgeKit 0.2.22 ignores the ID (slug) when a badge is created, so it is changed right after. ' +
						`The badge exists as "${String(created.slug)}": change it with Badge → Update (New ID), or delete it and try again.`,
					itemIndex,
				},
			);
		}
	},
};
