import { NodeOperationError, type IDataObject, type IDisplayOptions, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

import { fromVersion1_1, inVersion1 } from '../../fields/fields';
import { milestoneField, requiredIdentifier, scopePath } from '../../fields/scope';
import { listOf } from '../../fields/values';
import { badgeKitApiRequest, isNotFound, nodeErrorOf } from '../../transport';

/** Helpers of the Milestone resource: milestone ids, badge slugs → ids, and the shared fields. */

/** The choices of a milestone's "Action" (what happens once enough support badges are earned). */
export const MILESTONE_ACTIONS = [
	{
		name: 'Issue the Milestone Badge',
		value: 'issue',
		description: 'Award the milestone badge automatically once enough support badges are earned',
	},
	{
		name: 'Queue an Application',
		value: 'queue-application',
		description: 'Create an application for the milestone badge, to be reviewed',
	},
];

export const SUPPORT_BADGES_DESCRIPTION = 'Comma-separated IDs of the badges that count towards the milestone, e.g. "reader-1, reader-2, reader-3"';

/** The milestone's id, from the "Milestone" picker ("Milestone ID" in version 1). */
export function milestoneIdOf(this: IExecuteFunctions, itemIndex: number): string {
	const id =
		this.getNode().typeVersion < 1.1
			? String(this.getNodeParameter('milestoneId', itemIndex, '') ?? '').trim()
			: requiredIdentifier.call(this, 'milestoneId', itemIndex, { version1: 'Milestone ID', picker: 'Milestone', typed: 'enter its ID' });
	if (!/^\d+$/.test(id)) {
		throw new NodeOperationError(this.getNode(), id ? `"${id}" is not a milestone ID` : 'No milestone ID given', {
			description: 'A milestone ID is a whole number, e.g. 3. "Get Many" on milestones lists them with their IDs.',
			itemIndex,
		});
	}
	return id;
}

/** `/systems/:system/milestones[/:id]`. */
export function milestonePath(this: IExecuteFunctions, itemIndex: number, id?: string): string {
	const base = `${scopePath.call(this, itemIndex, { issuer: false, program: false })}/milestones`;
	return id === undefined ? base : `${base}/${encodeURIComponent(id)}`;
}

/** The id of a badge of the chosen system, looked up by its slug (BadgeKit's milestones use ids). */
export async function badgeIdBySlug(this: IExecuteFunctions, itemIndex: number, slug: string, role: string): Promise<number> {
	const systemPath = scopePath.call(this, itemIndex, { issuer: false, program: false });
	let response: IDataObject;
	try {
		response = await badgeKitApiRequest.call(this, 'GET', `${systemPath}/badges/${encodeURIComponent(slug)}`, { itemIndex });
	} catch (error) {
		if (isNotFound(error)) {
			throw new NodeOperationError(this.getNode(), `The ${role} "${slug}" was not found`, {
				description: `There is no badge with the ID "${slug}" in this system (or the system itself does not exist). Check the ID.`,
				itemIndex,
			});
		}
		throw nodeErrorOf(this.getNode(), error, itemIndex);
	}
	const id = (response.badge as IDataObject | undefined)?.id;
	if (typeof id !== 'number') {
		throw new NodeOperationError(this.getNode(), `BadgeKit gave no id for the ${role} "${slug}"`, { itemIndex });
	}
	return id;
}

/** The support badges' slugs → ids, in order, without duplicates. */
export async function supportBadgeIdsOf(this: IExecuteFunctions, itemIndex: number, value: unknown): Promise<number[]> {
	const slugs = [...new Set(listOf(value))];
	if (slugs.length === 0) {
		throw new NodeOperationError(this.getNode(), 'No support badges given', {
			description: 'Enter the IDs of the badges that count towards the milestone, separated by commas.',
			itemIndex,
		});
	}
	const ids: number[] = [];
	for (const slug of slugs) ids.push(await badgeIdBySlug.call(this, itemIndex, slug, 'support badge'));
	return ids;
}

/** Number Required must be a whole number from 1 to the number of support badges. */
export function checkNumberRequired(this: IExecuteFunctions, itemIndex: number, numberRequired: unknown, supportCount: number): number {
	const value = Number(numberRequired);
	if (!Number.isInteger(value) || value < 1) {
		throw new NodeOperationError(this.getNode(), `Number Required must be a whole number of 1 or more (got ${String(numberRequired)})`, {
			itemIndex,
		});
	}
	if (value > supportCount) {
		throw new NodeOperationError(this.getNode(), `Number Required (${value}) is more than the ${supportCount} support badge(s)`, {
			description: 'Nobody could ever earn this milestone: lower "Number Required" or add support badges.',
			itemIndex,
		});
	}
	return value;
}

/** Version 1's Milestone ID text field and, from 1.1, the Milestone picker. */
export const milestoneIdFields = (displayOptions: IDisplayOptions): INodeProperties[] => [
	milestoneIdField(inVersion1(displayOptions)),
	milestoneField(fromVersion1_1(displayOptions)),
];

const milestoneIdField = (displayOptions: IDisplayOptions): INodeProperties => ({
	displayName: 'Milestone ID',
	name: 'milestoneId',
	type: 'string',
	required: true,
	default: '',
	placeholder: 'e.g. 3',
	description: 'The number identifying the milestone. "Get Many" lists the milestones with their IDs.',
	displayOptions,
});
