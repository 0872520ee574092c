import { NodeOperationError, type INode } from 'n8n-workflow';

import { toIsoDate, toUnixSeconds } from './dates';

/** The date rules of fields/dates.ts for node parameters: a bad value fails on its item, naming the field. */

/** `toIsoDate` for node parameters: a bad value becomes a NodeOperationError on that item. */
export function toIsoDateOrFail(node: INode, value: unknown, fieldName: string, itemIndex: number, timeZone?: string): string | undefined {
	try {
		return toIsoDate(value, fieldName, timeZone);
	} catch (error) {
		throw new NodeOperationError(node, (error as Error).message, { itemIndex });
	}
}

/** `toUnixSeconds` for node parameters: a bad value becomes a NodeOperationError on that item. */
export function toUnixSecondsOrFail(node: INode, value: unknown, fieldName: string, itemIndex: number, timeZone?: string): number | undefined {
	try {
		return toUnixSeconds(value, fieldName, timeZone);
	} catch (error) {
		throw new NodeOperationError(node, (error as Error).message, { itemIndex });
	}
}
