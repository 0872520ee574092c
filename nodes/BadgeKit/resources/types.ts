import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

/**
 * One operation of one resource, in `resources/<resource>/<operation>.ts`.
 * `execute` runs it for one input item and returns what becomes output items: one object per
 * resource (never BadgeKit's wrapper object), an array for lists, or `[]` when nothing is output
 * (e.g. "skip" when a badge is already awarded).
 */
export interface BadgeKitOperation {
	description: INodeProperties[];
	execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject | IDataObject[]>;
	/**
	 * Present when items may run at the same time (the node's Concurrency option): what an item must
	 * not overlap with. Items sharing a key run one after another, in input order.
	 */
	concurrencyKeys?(this: IExecuteFunctions, itemIndex: number): string[];
}

/** A resource: its operation selector, and the operations by their `value`. */
export interface BadgeKitResource {
	description: INodeProperties[];
	operations: Record<string, BadgeKitOperation>;
}
