import type { IDataObject, IExecuteFunctions, IPollFunctions } from 'n8n-workflow';

import { locatorValue, scopePath } from './scope';

/**
 * BadgeKit applications, for the action node and the Application Trigger alike: when one counts as
 * processed, where they are listed, and how to ask for them.
 */

/**
 * Processed means the `processed` field holds a date. BadgeKit only ever sends null or an ISO string,
 * so null, undefined and '' mean still open; anything else is a date, whatever its form.
 */
export function isProcessed(application: { processed?: unknown }): boolean {
	const value = application.processed;
	return value !== null && value !== undefined && value !== '';
}

/** The query for open applications only. */
export const OPEN_APPLICATIONS: IDataObject = { processed: 'false' };

/**
 * The query for every application, processed or not. BadgeKit answers `?processed=true` with a 500
 * (an SQL error), so processed applications are read with this and picked out with `isProcessed`.
 */
export const ALL_APPLICATIONS: IDataObject = { processed: 'any' };

/** `/systems/:s[/issuers/:i[/programs/:p]][/badges/:b]/applications` for the scope and (optional) badge chosen in the node. */
export function applicationsPath(this: IExecuteFunctions | IPollFunctions, itemIndex = 0): string {
	const badge = locatorValue.call(this, 'badge', itemIndex);
	return `${scopePath.call(this, itemIndex)}${badge ? `/badges/${encodeURIComponent(badge)}` : ''}/applications`;
}

/** One application of a badge: `<badge path>/applications/:slug` (the badge path ends in `/badges/:badge`). */
export function applicationPathIn(badgePath: string, slug: string): string {
	return `${badgePath}/applications/${encodeURIComponent(slug)}`;
}
