import { NodeOperationError, type IDataObject, type IDisplayOptions, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

/** Field descriptions every resource uses: display options, and Return All / Limit with its reader. */

/** `displayOptions` showing a field for one resource and the given operations. */
export function showFor(resource: string, operations: string[], extra: IDataObject = {}): IDisplayOptions {
	return { show: { resource: [resource], operation: operations, ...extra } } as IDisplayOptions;
}

/** A field of node version 1 only: version 1.1 replaced it (e.g. a text field by a picker). */
export function inVersion1(displayOptions: IDisplayOptions): IDisplayOptions {
	return { ...displayOptions, show: { ...displayOptions.show, '@version': [1] } };
}

/** A field of node version 1.1 and later. */
export function fromVersion1_1(displayOptions: IDisplayOptions): IDisplayOptions {
	return { ...displayOptions, hide: { ...displayOptions.hide, '@version': [1] } };
}

/** Return All + Limit for the given list operations of a resource. */
export function paginationFields(resource: string, operations: string[] = ['getAll']): INodeProperties[] {
	return [
		{
			displayName: 'Return All',
			name: 'returnAll',
			type: 'boolean',
			default: false,
			description: 'Whether to return all results or only up to a given limit',
			displayOptions: showFor(resource, operations),
		},
		{
			displayName: 'Limit',
			name: 'limit',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 50,
			description: 'Max number of results to return',
			displayOptions: showFor(resource, operations, { returnAll: [false] }),
		},
	];
}

/** The Limit chosen in the node, or undefined for Return All. */
export function limitOf(this: IExecuteFunctions, itemIndex: number): number | undefined {
	if (this.getNodeParameter('returnAll', itemIndex, false) as boolean) return undefined;
	const limit = Number(this.getNodeParameter('limit', itemIndex, 50));
	if (!Number.isFinite(limit) || limit < 1) {
		throw new NodeOperationError(this.getNode(), `Limit must be 1 or more (got ${String(limit)})`, {
			description: 'Enter how many results you want, or switch on "Return All".',
			itemIndex,
		});
	}
	return Math.floor(limit);
}
