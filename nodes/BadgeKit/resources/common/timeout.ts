import { NodeOperationError, type INode, type INodeProperties } from 'n8n-workflow';

import { DEFAULT_TIMEOUT_MS } from '../../transport';

/** The "Timeout" option of the action node and the application trigger, and how it is read. */

/** The option, in seconds; `description` says what a timeout means for the node that has it. */
export function timeoutOption(description: string): INodeProperties {
	return {
		displayName: 'Timeout',
		name: 'timeout',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 30,
		description,
	};
}

/** The option's value in milliseconds: empty is the default, anything but a positive number an error. */
export function timeoutMsOf(node: INode, value: unknown, itemIndex?: number): number {
	if (value === undefined || value === null || value === '') return DEFAULT_TIMEOUT_MS;
	const seconds = Number(value);
	if (!Number.isFinite(seconds) || seconds <= 0) {
		throw new NodeOperationError(node, `Timeout must be a number of seconds above 0 (got ${JSON.stringify(value)})`, {
			description: `Correct "Timeout" under Options, or remove it to wait ${DEFAULT_TIMEOUT_MS / 1000} seconds.`,
			itemIndex,
		});
	}
	return Math.round(seconds * 1000);
}
