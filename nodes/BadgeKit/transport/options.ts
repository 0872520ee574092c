import { NodeOperationError, type IDataObject, type IExecuteFunctions, type INode, type INodeProperties } from 'n8n-workflow';

import type { UnstorableTextMode } from './storedText';

/**
 * The request settings users choose in the nodes: "Timeout" (the action node and the application
 * trigger, declared and read here for both), and the action node's "Options" as a whole, read by the
 * request function so that operations only pass their item index.
 */

export const DEFAULT_TIMEOUT_MS = 30_000;

/** The Timeout option, in seconds; `description` says what a timeout means for the node that has it. */
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

/** Name of the action node's Options collection. */
export const ACTION_OPTIONS = 'requestOptions';

export interface ItemSettings {
	timeout: number;
	unstorableText: UnstorableTextMode;
}

/** The action node's Options for one item, checked. */
export function itemSettingsOf(context: IExecuteFunctions, itemIndex: number): ItemSettings {
	const options = context.getNodeParameter(ACTION_OPTIONS, itemIndex, {}) as IDataObject;
	return {
		timeout: timeoutMsOf(context.getNode(), options.timeout, itemIndex),
		unstorableText: options.replaceUnstorable === true ? 'replace' : 'refuse',
	};
}
