import type { IDataObject } from 'n8n-workflow';

import { fromTinyInt } from './values';

/**
 * BadgeKit returns some booleans as MySQL's 0/1 (a badge's `unique`, a criterion's `required`) and
 * others as true/false. These turn the 0/1 ones into true/false, so that an IF node's "is true" works;
 * everything else is kept exactly as BadgeKit returned it.
 */

function isObject(value: unknown): value is IDataObject {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A criterion `{id, description, required, note}` with `required` as true/false. */
export function normaliseCriterion(criterion: unknown): unknown {
	if (!isObject(criterion) || !('required' in criterion)) return criterion;
	return { ...criterion, required: fromTinyInt(criterion.required) };
}

/** A milestone: its primary badge and support badges normalised. */
export function normaliseMilestone(milestone: unknown): IDataObject {
	if (!isObject(milestone)) return milestone as IDataObject;
	const result: IDataObject = { ...milestone };
	if (isObject(result.primaryBadge)) result.primaryBadge = normaliseBadge(result.primaryBadge);
	if (Array.isArray(result.supportBadges)) {
		result.supportBadges = (result.supportBadges as unknown[]).map((badge) => (isObject(badge) ? normaliseBadge(badge) : badge)) as IDataObject[];
	}
	return result;
}

/** A badge with `unique`, `archived` and its criteria's `required` as true/false. */
export function normaliseBadge(badge: unknown): IDataObject {
	if (!isObject(badge)) return badge as IDataObject;
	const result: IDataObject = { ...badge };
	if ('unique' in result) result.unique = fromTinyInt(result.unique);
	if ('archived' in result) result.archived = fromTinyInt(result.archived);
	if (Array.isArray(result.criteria)) result.criteria = (result.criteria as unknown[]).map(normaliseCriterion) as IDataObject[];
	if (Array.isArray(result.milestones)) result.milestones = (result.milestones as unknown[]).map(normaliseMilestone);
	return result;
}
