import { NodeApiError, NodeOperationError, type INode, type JsonObject } from 'n8n-workflow';

import { nodeErrorOf } from '../../nodes/BadgeKit/transport';

const node: INode = { id: '1', name: 'BadgeKit', type: 'n8n-nodes-badgekit.badgeKit', typeVersion: 1, position: [0, 0], parameters: {} };

describe('nodeErrorOf (what catch blocks throw on)', () => {
	it("passes n8n's errors on as they are: BadgeKit's message, status and item stay", () => {
		const api = new NodeApiError(node, { message: 'Could not find badge' } as JsonObject, { httpCode: '404', itemIndex: 2 });
		const operation = new NodeOperationError(node, 'Claim code "x" does not exist', { itemIndex: 1 });
		expect(nodeErrorOf(node, api, 0)).toBe(api);
		expect(nodeErrorOf(node, operation, 0)).toBe(operation);
	});

	it("passes on an error of n8n's own copy of n8n-workflow (a node error that is not of our classes)", () => {
		const foreign = Object.assign(new Error('from n8n'), { node, context: {} });
		expect(nodeErrorOf(node, foreign)).toBe(foreign);
	});

	it('wraps anything else in a NodeOperationError for the item, keeping its message', () => {
		const wrapped = nodeErrorOf(node, new TypeError('x is undefined'), 3);
		expect(wrapped).toBeInstanceOf(NodeOperationError);
		expect(wrapped.message).toBe('x is undefined');
		expect((wrapped as NodeOperationError).context.itemIndex).toBe(3);
	});
});
