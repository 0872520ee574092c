// withReadOnce: what the action node's per-item work reads once per run, or once per item.
import type { IExecuteFunctions, IGetNodeParameterOptions, INodeParameters } from 'n8n-workflow';

import { hasExpression, withReadOnce } from '../../nodes/BadgeKit/fields/readOnce';

/** A context whose getNodeParameter resolves "=item" to the item index and counts its evaluations. */
function countingContext(parameters: INodeParameters) {
	const evaluations: string[] = [];
	let nodeCopies = 0;
	const context = {
		getNode: () => (nodeCopies++, { name: 'BadgeKit', parameters }),
		getNodeParameter(name: string, itemIndex: number, fallback?: unknown, options?: IGetNodeParameterOptions) {
			const raw = parameters[name] ?? fallback;
			if (options?.rawExpressions) return raw;
			evaluations.push(`${name}@${itemIndex}`);
			const resolve = (value: unknown): unknown =>
				value === '=item'
					? `item ${itemIndex}`
					: value && typeof value === 'object'
						? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolve(v)]))
						: value;
			return resolve(raw);
		},
	} as unknown as IExecuteFunctions;
	return { context, evaluations, nodeCopies: () => nodeCopies };
}

describe('withReadOnce', () => {
	it('reads a parameter without expressions once per run, one with an expression once per item', () => {
		const { context, evaluations, nodeCopies } = countingContext({ fixed: { a: 'x' }, email: '=item', nested: { deep: ['=item'] } });
		const readOnce = withReadOnce(context);
		for (const itemIndex of [0, 1, 2]) {
			for (let twice = 0; twice < 2; twice++) {
				expect(readOnce.getNodeParameter('fixed', itemIndex)).toEqual({ a: 'x' });
				expect(readOnce.getNodeParameter('email', itemIndex)).toBe(`item ${itemIndex}`);
				expect(readOnce.getNodeParameter('nested', itemIndex)).toEqual({ deep: { 0: `item ${itemIndex}` } });
			}
			readOnce.getNode();
		}
		expect(evaluations).toEqual(['fixed@0', 'email@0', 'nested@0', 'email@1', 'nested@1', 'email@2', 'nested@2']);
		expect(nodeCopies()).toBe(1);
	});

	it('hands out copies: changing a value read does not change the next read', () => {
		const readOnce = withReadOnce(countingContext({ fields: { slug: 'a' } }).context);
		(readOnce.getNodeParameter('fields', 0) as { slug: string }).slug = 'changed';
		expect(readOnce.getNodeParameter('fields', 1)).toEqual({ slug: 'a' });
	});

	it('finds an expression anywhere in a stored value', () => {
		expect(hasExpression({ __rl: true, mode: 'slug', value: '={{ $json.badge }}' })).toBe(true);
		expect(hasExpression([{ a: 'plain' }, { b: ['={{1}}'] }])).toBe(true);
		expect(hasExpression({ __rl: true, mode: 'slug', value: 'direct-demo' })).toBe(false);
		expect(hasExpression('a = b')).toBe(false);
	});
});
