import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { toIsoDateOrFail, toUnixSecondsOrFail } from './dateParameters';

/** "Issued On" and "Expires" of an award (Issue and Issue to Many), and how BadgeKit must get them. */

/** The two date fields, for an "Additional Fields" collection. */
export function awardDateFields(): INodeProperties[] {
	return [
		{
			displayName: 'Expires',
			name: 'expires',
			type: 'dateTime',
			default: '',
			description: 'When the award stops being valid. An ISO date, a date from an expression, or unix seconds/milliseconds.',
		},
		{
			displayName: 'Issued On',
			name: 'issuedOn',
			type: 'dateTime',
			default: '',
			description: 'When the badge was earned; now if empty. An ISO date, a date from an expression, or unix seconds/milliseconds.',
		},
	];
}

/** The dates given in `fields`, as BadgeKit reads them (undefined when empty). */
export function awardDatesOf(this: IExecuteFunctions, fields: IDataObject, itemIndex: number): { issuedOn?: string; expires?: number } {
	const node = this.getNode();
	return {
		// issuedOn must be ISO: BadgeKit stores unix seconds as 0000-00-00
		issuedOn: toIsoDateOrFail(node, fields.issuedOn, 'Issued On', itemIndex, this.getTimezone()),
		// expires goes through BadgeKit's dateFromUnixtime, which reads an ISO string as 1970
		expires: toUnixSecondsOrFail(node, fields.expires, 'Expires', itemIndex, this.getTimezone()),
	};
}
