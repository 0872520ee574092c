import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { limitOf, paginationFields } from '../../fields/fields';
import { requiredEmail } from '../../fields/parameters';
import { locatorValue, scopePath } from '../../fields/scope';
import { badgeKitApiRequestAllItems } from '../../transport';
import type { BadgeKitOperation } from '../types';

function slugOf(value: unknown): string | undefined {
	return value && typeof value === 'object' ? ((value as IDataObject).slug as string | undefined) : undefined;
}

/**
 * Badge Instance Get Many for an Earner: every award of an email address in the system. BadgeKit's
 * issuer and program forms of this path ignore the issuer/program, so that filter runs here.
 */
export const operation: BadgeKitOperation = {
	description: paginationFields('badgeInstance', ['getAllForEarner']),

	async execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
		const email = requiredEmail.call(this, 'email', itemIndex, 'Earner Email');
		const path = `${scopePath.call(this, itemIndex)}/instances/${encodeURIComponent(email)}`;
		const issuer = locatorValue.call(this, 'issuer', itemIndex);
		const program = locatorValue.call(this, 'program', itemIndex);
		if (!issuer && !program)
			return await badgeKitApiRequestAllItems.call(this, path, 'instances', { limit: limitOf.call(this, itemIndex), itemIndex });
		return await badgeKitApiRequestAllItems.call(this, path, 'instances', {
			filter: (instance) => {
				const badge = (instance.badge ?? {}) as IDataObject;
				return (!issuer || slugOf(badge.issuer) === issuer) && (!program || slugOf(badge.program) === program);
			},
			limit: limitOf.call(this, itemIndex),
			itemIndex,
		});
	},
};
