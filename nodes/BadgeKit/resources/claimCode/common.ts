import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { fromTinyInt, isTrue } from '../../fields/values';
import { badgePath, requiredIdentifier } from '../../fields/scope';

/** `…/badges/:badge/codes/:code` for the badge and code chosen in the node. */
export function codePath(this: IExecuteFunctions, itemIndex: number): string {
	const code = requiredIdentifier.call(this, 'code', itemIndex, { version1: 'Claim Code', picker: 'Claim Code', typed: 'enter it' });
	return `${badgePath.call(this, itemIndex)}/codes/${encodeURIComponent(code)}`;
}

/** A claim code as output: `claimed`/`multiuse` as true/false instead of BadgeKit's 0/1. */
export function normaliseClaimCode(code: IDataObject): IDataObject {
	const result = { ...code };
	if ('claimed' in result) result.claimed = fromTinyInt(result.claimed);
	if ('multiuse' in result) result.multiuse = fromTinyInt(result.multiuse);
	return result;
}

/** Options of a new code. */
export function newCodeFields(operation: string): INodeProperties {
	return {
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: { show: { resource: ['claimCode'], operation: [operation] } },
		options: [
			{
				displayName: 'Earner Email',
				name: 'email',
				type: 'string',
				default: '',
				placeholder: 'e.g. earner@example.org',
				description: 'Email address of the earner the code is meant for',
			},
			{
				displayName: 'Multi-Use',
				name: 'multiuse',
				type: 'boolean',
				default: false,
				description: 'Whether many people can claim the badge with this code (e.g. a code given out at an event)',
			},
		],
	};
}

/**
 * The body of a new code. BadgeKit counts `multiuse` as true whenever the key is present, even with
 * `false`, so it is only sent when it is on.
 */
export function newCodeBody(fields: IDataObject): IDataObject {
	const body: IDataObject = {};
	const email = String(fields.email ?? '').trim();
	if (email) body.email = email;
	if (isTrue(fields.multiuse)) body.multiuse = true;
	return body;
}
