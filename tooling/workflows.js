'use strict';
// Workflow JSON the e2e tests and the benchmarks import into n8n: a Webhook node followed by a chain
// of nodes, and a lone BadgeKit Trigger. Credential slots hold placeholders; n8n.js withCredentials
// (which the e2e harness and bench/n8n-env.js call on import) points them at real credentials by type.

const crypto = require('node:crypto');
const path = require('node:path');

const { PACKAGE_NAME, ROOT } = require('./n8n.js');

/**
 * A workflow started by a POST to n8n's own Webhook node (answering as soon as the execution has
 * started unless `responseMode` says otherwise), then each of `steps` in turn, each fed the one
 * before. A step is node JSON without id and position (they are filled in).
 */
function webhookWorkflow(name, { path: webhookPath, webhookId = crypto.randomUUID(), responseMode = 'onReceived', typeVersion = 2.1 }, steps = []) {
	const webhook = {
		name: 'Webhook',
		type: 'n8n-nodes-base.webhook',
		typeVersion,
		webhookId,
		parameters: { httpMethod: 'POST', path: webhookPath, responseMode, options: {} },
	};
	const nodes = [webhook, ...steps].map((node, i) => ({ id: crypto.randomUUID(), position: [i * 220, 0], ...node }));
	const connections = {};
	for (let i = 1; i < nodes.length; i++) connections[nodes[i - 1].name] = { main: [[{ node: nodes[i].name, type: 'main', index: 0 }]] };
	return { name, settings: { executionOrder: 'v1' }, nodes, connections };
}

/** The BadgeKit Trigger version a new workflow gets (its description's default) in a built package folder. */
function triggerTypeVersion(packageDir = ROOT) {
	const { BadgeKitTrigger } = require(path.join(path.resolve(packageDir), 'dist', 'nodes', 'BadgeKit', 'BadgeKitTrigger.node.js'));
	const { version, defaultVersion } = new BadgeKitTrigger().description;
	return defaultVersion ?? (Array.isArray(version) ? Math.max(...version) : version);
}

/** A workflow of one BadgeKit Trigger (node name "BadgeKit Trigger") with a BadgeKit Webhook credential slot. */
function badgeKitTriggerWorkflow(
	name,
	webhookId,
	{ parameters = {}, typeVersion = triggerTypeVersion(), credential = { id: 'set-on-import', name: 'BadgeKit Webhook' } } = {},
) {
	return {
		name,
		settings: { executionOrder: 'v1' },
		connections: {},
		nodes: [
			{
				id: crypto.randomUUID(),
				name: 'BadgeKit Trigger',
				type: `${PACKAGE_NAME}.badgeKitTrigger`,
				typeVersion,
				position: [0, 0],
				webhookId,
				parameters,
				credentials: { badgeKitWebhookApi: credential },
			},
		],
	};
}

module.exports = { webhookWorkflow, triggerTypeVersion, badgeKitTriggerWorkflow };
