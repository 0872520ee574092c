import {
	NodeConnectionTypes,
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodePropertyOptions,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { fieldLabels } from './fields/labels';
import * as listSearch from './listSearch';
import application from './resources/application';
import assertion from './resources/assertion';
import badge from './resources/badge';
import badgeInstance from './resources/badgeInstance';
import claimCode from './resources/claimCode';
import { containerResource } from './resources/container';
import milestone from './resources/milestone';
import review from './resources/review';
import type { BadgeKitResource } from './resources/types';
import { withReadOnce } from './fields/readOnce';
import { useFieldLabels } from './transport';
import { runBounded } from './transport/concurrency';
import { nodeErrorOf } from './transport/errors';
import { ACTION_OPTIONS, concurrencyOf, concurrencyOption, itemSettingsOf, timeoutOption } from './transport/options';

const RESOURCES: Record<string, BadgeKitResource> = {
	badgeInstance,
	application,
	review,
	claimCode,
	badge,
	system: containerResource('system'),
	issuer: containerResource('issuer'),
	program: containerResource('program'),
	milestone,
	assertion,
};

const RESOURCE_OPTIONS: INodePropertyOptions[] = [
	{ name: 'Application', value: 'application', description: "An earner's application for a badge" },
	{
		name: 'Award',
		value: 'badgeInstance',
		description: "A badge awarded to an earner (BadgeKit's badge instance): issue, look up or revoke awards",
	},
	{
		name: 'Award Page',
		value: 'assertion',
		description: "The public page of an award (BadgeKit's assertion), readable without a credential",
	},
	{ name: 'Badge', value: 'badge', description: 'A badge that can be earned' },
	{ name: 'Claim Code', value: 'claimCode', description: 'A code an earner redeems for a badge' },
	{ name: 'Issuer', value: 'issuer', description: 'An organisation issuing badges within a system' },
	{ name: 'Milestone', value: 'milestone', description: 'A badge awarded for holding a number of other badges' },
	{ name: 'Program', value: 'program', description: 'A program of an issuer' },
	{ name: 'Review', value: 'review', description: "A reviewer's assessment of an application" },
	{ name: 'System', value: 'system', description: 'The top-level container of issuers and badges' },
];

/**
 * The canvas subtitle, e.g. "Issue: Award": display names, not stored values, looked up in a table
 * built from the resource and operation options.
 */
function subtitle(): string {
	const names: Record<string, string> = {};
	for (const resource of RESOURCE_OPTIONS) {
		const operations = RESOURCES[String(resource.value)].description.find((field) => field.name === 'operation');
		for (const operation of (operations?.options ?? []) as INodePropertyOptions[]) {
			names[`${String(resource.value)}.${String(operation.value)}`] = `${operation.name}: ${resource.name}`;
		}
	}
	return `={{ (${JSON.stringify(names)})[$parameter["resource"] + "." + $parameter["operation"]] || $parameter["operation"] }}`;
}

export class BadgeKit implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'BadgeKit',
		name: 'badgeKit',
		icon: { light: 'file:badgekit.svg', dark: 'file:badgekit.dark.svg' },
		group: ['transform'],
		// 1.1: Issue to Many outputs one item per email; deletes answer alike; pickers for identifiers.
		version: [1, 1.1],
		defaultVersion: 1.1,
		subtitle: subtitle(),
		description: 'Issue Open Badges and manage applications, reviews and claim codes in Mozilla BadgeKit API',
		defaults: { name: 'BadgeKit' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{
				name: 'badgeKitApi',
				required: true,
				// A public assertion read by its full URL needs no credential ("Find By" exists only there).
				displayOptions: { hide: { assertionSource: ['url'] } },
			},
		],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: RESOURCE_OPTIONS,
				default: 'badgeInstance',
			},
			...Object.values(RESOURCES).flatMap((resource) => resource.description),
			{
				displayName: 'Options',
				name: ACTION_OPTIONS,
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				options: [
					concurrencyOption(concurrentOperations()),
					{
						displayName: 'Replace Characters BadgeKit Cannot Store',
						name: 'replaceUnstorable',
						type: 'boolean',
						default: false,
						description:
							'Whether to send "?" in place of characters outside the Basic Multilingual Plane (emoji and some rare symbols), which BadgeKit saves as "?" anyway. Off: such text is refused with an error naming the field. An award\'s comment is only forwarded by BadgeKit and is always sent as it is.',
					},
					timeoutOption(
						'Seconds to wait for BadgeKit before giving up on a request. BadgeKit never answers some requests, so there is always a limit.',
					),
				],
			},
		],
	};

	methods = { listSearch: { ...listSearch } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		// Resource and operation take no expressions: the same for every item.
		const resource = this.getNodeParameter('resource', 0) as string;
		const operation = this.getNodeParameter('operation', 0) as string;
		const handler = RESOURCES[resource]?.operations[operation];
		const concurrency = handler?.concurrencyKeys ? concurrencyOf(this) : 1;
		const continueOnFail = this.continueOnFail();
		const signal = this.getExecutionCancelSignal?.();
		const context = withReadOnce(this);
		// Once per run: getNode() copies the whole node.
		if (handler) useFieldLabels(context, labelsOf(resource, operation, context.getNode().typeVersion));

		const outcomes = await runBounded(
			items.length,
			async (itemIndex) => {
				if (!handler) {
					throw new NodeOperationError(context.getNode(), `The operation "${operation}" is not supported for "${resource}"`, { itemIndex });
				}
				// Options are read by every request; checked here first so a bad Timeout fails before anything else.
				itemSettingsOf(context, itemIndex);
				return await handler.execute.call(context, itemIndex);
			},
			{ limit: concurrency, keysOf: (itemIndex) => handler?.concurrencyKeys?.call(context, itemIndex) ?? [], stopOnError: !continueOnFail, signal },
		);

		if (signal?.aborted && outcomes.some((outcome) => outcome.status === 'skipped')) {
			throw new NodeOperationError(this.getNode(), 'The execution was cancelled', {
				description: `Items sent before the cancel: ${itemList(outcomes, 'done')}. The others were not sent.`,
			});
		}
		const returnData: INodeExecutionData[] = [];
		for (let itemIndex = 0; itemIndex < outcomes.length; itemIndex++) {
			const outcome = outcomes[itemIndex];
			if (outcome.status === 'done') {
				const json = this.helpers.returnJsonArray(outcome.value as IDataObject | IDataObject[]);
				returnData.push(...this.helpers.constructExecutionMetaData(json, { itemData: { item: itemIndex } }));
			} else if (outcome.status === 'failed' && continueOnFail) {
				returnData.push({ json: errorItemOf(outcome.error), pairedItem: { item: itemIndex } });
			} else if (outcome.status === 'failed') {
				throw withSentAlongside(nodeErrorOf(this.getNode(), outcome.error, itemIndex), outcomes, itemIndex, concurrency);
			}
		}

		return [returnData];
	}
}

/** The items with `status`, e.g. "item 0, item 2" or "none". */
function itemList(outcomes: Array<{ status: string }>, status: string, after = -1): string {
	const indexes = outcomes.flatMap((outcome, index) => (outcome.status === status && index > after ? [`item ${index}`] : []));
	return indexes.length ? indexes.join(', ') : 'none';
}

/**
 * With several items at once, items after the failed one may have been sent already: the error says
 * which, so a re-run can skip them ("If Already Awarded").
 */
function withSentAlongside<T extends Error>(error: T, outcomes: Array<{ status: string }>, failedIndex: number, concurrency: number): T {
	const sent = itemList(outcomes, 'done', failedIndex);
	if (concurrency === 1 || sent === 'none') return error;
	const failure = error as T & { description?: string | null };
	const note = `With Concurrency ${concurrency}, later items were already sent and succeeded: ${sent}. Items without output were not sent.`;
	failure.description = failure.description ? `${failure.description} ${note}` : note;
	return error;
}

/** resource → its operations whose items may run at the same time (those with `concurrencyKeys`). */
export function concurrentOperations(): Record<string, string[]> {
	const shown: Record<string, string[]> = {};
	for (const [resource, { operations }] of Object.entries(RESOURCES)) {
		const concurrent = Object.keys(operations).filter((operation) => operations[operation].concurrencyKeys);
		if (concurrent.length) shown[resource] = concurrent;
	}
	return shown;
}

const labelsByOperation = new Map<string, Record<string, string>>();

/** The labels of an operation's fields, so that errors name a field BadgeKit refused as the user sees it. */
function labelsOf(resource: string, operation: string, version: number): Record<string, string> {
	const key = `${resource}.${operation}@${version}`;
	if (!labelsByOperation.has(key)) labelsByOperation.set(key, fieldLabels(RESOURCES[resource].description, resource, operation, version));
	return labelsByOperation.get(key)!;
}

/** What a failed item becomes with Continue On Fail: the message plus what helps fixing it. */
function errorItemOf(error: unknown): IDataObject {
	const failure = error as { message?: string; description?: string | null; httpCode?: string | null };
	const json: IDataObject = { error: failure?.message ?? String(error) };
	if (failure?.description) json.description = failure.description;
	if (failure?.httpCode) json.httpCode = failure.httpCode;
	return json;
}
