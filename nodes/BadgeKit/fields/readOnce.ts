import { deepCopy, type IDataObject, type IExecuteFunctions, type IGetNodeParameterOptions, type INode } from 'n8n-workflow';

/**
 * The action node's context for one run, with what is the same for every item read once. n8n reads a
 * parameter anew for each item (copy, expression check, schema check), and `getNode()` copies the whole
 * node on every call; an award reads about a dozen of them. A parameter without an expression has the
 * same value for every item, so it is read once and handed out as a copy; one with an expression
 * anywhere in it is evaluated once per item (the Concurrency keys and the operation both read the
 * earner's email). The node is copied once.
 */
export function withReadOnce(context: IExecuteFunctions): IExecuteFunctions {
	const readOnce = Object.create(context) as IExecuteFunctions;
	const values = new Map<string, unknown>();
	let node: INode | undefined;

	readOnce.getNode = () => (node ??= context.getNode());

	const read = context.getNodeParameter.bind(context) as (
		name: string,
		itemIndex: number,
		fallback?: unknown,
		options?: IGetNodeParameterOptions,
	) => unknown;
	readOnce.getNodeParameter = ((name: string, itemIndex: number, fallbackValue?: unknown, options?: IGetNodeParameterOptions) => {
		if (options?.rawExpressions || options?.contextNode) return read(name, itemIndex, fallbackValue, options);
		const key = JSON.stringify([name, fallbackValue ?? null, options ?? null]);
		if (values.has(key)) return copyOf(values.get(key));
		const itemKey = `${itemIndex} ${key}`;
		if (values.has(itemKey)) return copyOf(values.get(itemKey));
		const value = read(name, itemIndex, fallbackValue, options);
		values.set(isSameForEveryItem(read, name) ? key : itemKey, copyOf(value));
		return value;
	}) as IExecuteFunctions['getNodeParameter'];

	return readOnce;
}

function isSameForEveryItem(
	read: (name: string, itemIndex: number, fallback?: unknown, options?: IGetNodeParameterOptions) => unknown,
	name: string,
): boolean {
	let raw: unknown;
	try {
		raw = read(name, 0, null, { rawExpressions: true });
	} catch {
		return false;
	}
	return !hasExpression(raw);
}

/** Whether a stored parameter value holds an expression (a string starting with "=") anywhere. */
export function hasExpression(value: unknown): boolean {
	if (typeof value === 'string') return value.startsWith('=');
	if (Array.isArray(value)) return value.some(hasExpression);
	if (value && typeof value === 'object') return Object.values(value).some(hasExpression);
	return false;
}

function copyOf<T>(value: T): T {
	return value !== null && typeof value === 'object' ? (deepCopy(value as IDataObject) as T) : value;
}
