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
export function timeoutMsOf(node: INode | (() => INode), value: unknown, itemIndex?: number): number {
	if (value === undefined || value === null || value === '') return DEFAULT_TIMEOUT_MS;
	const seconds = Number(value);
	if (!Number.isFinite(seconds) || seconds <= 0) {
		throw new NodeOperationError(
			typeof node === 'function' ? node() : node,
			`Timeout must be a number of seconds above 0 (got ${JSON.stringify(value)})`,
			{
				description: `Correct "Timeout" under Options, or remove it to wait ${DEFAULT_TIMEOUT_MS / 1000} seconds.`,
				itemIndex,
			},
		);
	}
	return Math.round(seconds * 1000);
}

/** Name of the action node's Options collection (the triggers' is `options`: both are stored in saved workflows, so neither is renamed). */
export const ACTION_OPTIONS = 'requestOptions';

export interface ItemSettings {
	timeout: number;
	unstorableText: UnstorableTextMode;
}

/** The action node's Options for one item, checked. */
export function itemSettingsOf(context: IExecuteFunctions, itemIndex: number): ItemSettings {
	const options = context.getNodeParameter(ACTION_OPTIONS, itemIndex, {}) as IDataObject;
	return {
		// getNode() copies the node: only when there is an error to make
		timeout: timeoutMsOf(() => context.getNode(), options.timeout, itemIndex),
		unstorableText: options.replaceUnstorable === true ? 'replace' : 'refuse',
	};
}

/**
 * Items an operation that allows it works on at once. Chosen by a sweep against BadgeKit-like latency
 * (BENCHMARKS.md 4d): 8 hides n8n's own per-item work behind BadgeKit's writes; more only queue there.
 */
export const DEFAULT_CONCURRENCY = 8;
const MAX_CONCURRENCY = 100;

/**
 * The action node's "Concurrency" option, shown only for the operations that use it (`shownFor`:
 * resource → operations), so that it never sits in a panel where it would do nothing.
 */
export function concurrencyOption(shownFor: Record<string, string[]>): INodeProperties {
	return {
		displayName: 'Concurrency',
		name: 'concurrency',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: MAX_CONCURRENCY, numberPrecision: 0 },
		default: DEFAULT_CONCURRENCY,
		description:
			'How many items to send to BadgeKit at the same time. Output order stays the input order, and items for the same award (earner and badge) or the same application still go one after another. 1 sends one item after another.',
		// In a collection, paths starting with "/" are the node's own parameters.
		displayOptions: { show: { '/resource': Object.keys(shownFor), '/operation': [...new Set(Object.values(shownFor).flat())] } },
	};
}

/** The node's Concurrency (read from the first item: it applies to the whole run), checked. */
export function concurrencyOf(context: IExecuteFunctions): number {
	const value = (context.getNodeParameter(ACTION_OPTIONS, 0, {}) as IDataObject).concurrency;
	if (value === undefined || value === null || value === '') return DEFAULT_CONCURRENCY;
	const count = Number(value);
	if (!Number.isInteger(count) || count < 1 || count > MAX_CONCURRENCY) {
		throw new NodeOperationError(
			context.getNode(),
			`Concurrency must be a whole number from 1 to ${MAX_CONCURRENCY} (got ${JSON.stringify(value)})`,
			{
				description: `Correct "Concurrency" under Options, or remove it to send ${DEFAULT_CONCURRENCY} items at a time.`,
			},
		);
	}
	return count;
}
