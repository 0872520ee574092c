/**
 * A small webhook runtime for tests: a real HTTP server on loopback that hands each request to the
 * trigger node through n8n-core's real WebhookContext, the way n8n's webhook server does (raw body
 * kept, Express-like `status().json()`, an empty 200 once an execution starts, static data saved on
 * the workflow). "Executions" are recorded instead of run. The real n8n is tested in test/e2e.
 */
import http from 'http';
import type { AddressInfo } from 'net';
import { Logger } from '@n8n/backend-common';
import { Container } from '@n8n/di';
import { WebhookContext } from 'n8n-core';
import {
	Workflow,
	type IDataObject,
	type INode,
	type INodeParameters,
	type INodeType,
	type INodeTypes,
	type IWebhookData,
	type IWorkflowExecuteAdditionalData,
} from 'n8n-workflow';

export interface WebhookHarness {
	url: string;
	/** Runs of the main output: its items. */
	executions: IDataObject[][];
	/** Runs of the second (Refused) output: its items. */
	refusedRuns: IDataObject[][];
	/** What the node logged, in order (all harnesses of the process share n8n's one Logger). */
	logs: Array<{ level: string; message: string }>;
	workflow: Workflow;
	post(body: Buffer | string, headers?: Record<string, string>): Promise<{ status: number; body: string }>;
	close(): Promise<void>;
}

export interface WebhookHarnessOptions {
	nodeType: INodeType;
	parameters?: INodeParameters;
	credentials: Record<string, IDataObject>;
	/** Workflow static data to start from (e.g. to simulate a restart). */
	staticData?: IDataObject;
	/** Defaults to a fresh id, so tests don't share the trigger's in-process replay memory. */
	workflowId?: string;
	typeVersion?: number;
}

// n8n-core's node contexts take their logger from the DI container: one recording logger for all.
const logs: Array<{ level: string; message: string }> = [];
const recordingLogger = Object.fromEntries(
	['error', 'warn', 'info', 'debug'].map((level) => [level, (message: string) => logs.push({ level, message: String(message) })]),
);
Container.set(Logger, recordingLogger as unknown as Logger);

let harnessCount = 0;

function nodeTypesFor(nodeType: INodeType): INodeTypes {
	return {
		getByName: () => nodeType,
		getByNameAndVersion: () => nodeType,
		getKnownTypes: () => ({}),
	} as unknown as INodeTypes;
}

function expressLikeResponse(res: http.ServerResponse) {
	const response = res as http.ServerResponse & { status(code: number): typeof response; json(body: unknown): void };
	response.status = (code: number) => {
		res.statusCode = code;
		return response;
	};
	response.json = (body: unknown) => {
		res.setHeader('Content-Type', 'application/json');
		res.end(JSON.stringify(body));
	};
	return response;
}

/** n8n's body parser: JSON bodies parsed (an empty object when they don't parse), others left alone. */
function parseLikeN8n(contentType: string | undefined, rawBody: Buffer): unknown {
	if (!contentType?.includes('json')) return {};
	try {
		return JSON.parse(rawBody.toString('utf8'));
	} catch {
		return {};
	}
}

export async function startWebhookHarness(options: WebhookHarnessOptions): Promise<WebhookHarness> {
	const credentialTypes = Object.keys(options.credentials);
	const node: INode = {
		id: 'trigger-node-id',
		name: 'BadgeKit Trigger',
		type: 'badgeKitTrigger',
		typeVersion: options.typeVersion ?? 1,
		position: [0, 0],
		parameters: options.parameters ?? {},
		credentials: Object.fromEntries(credentialTypes.map((type) => [type, { id: type, name: type }])),
	};
	const workflow = new Workflow({
		id: options.workflowId ?? `workflow-${process.pid}-${++harnessCount}`,
		nodes: [node],
		connections: {},
		active: true,
		nodeTypes: nodeTypesFor(options.nodeType),
		staticData: options.staticData ?? {},
	});
	const executions: IDataObject[][] = [];
	const refusedRuns: IDataObject[][] = [];
	logs.length = 0;

	const server = http.createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', async () => {
			const rawBody = Buffer.concat(chunks);
			const request = Object.assign(req, { rawBody, body: parseLikeN8n(req.headers['content-type'], rawBody), query: {}, params: {} });
			const response = expressLikeResponse(res);
			const additionalData = {
				httpRequest: request,
				httpResponse: response,
				credentialsHelper: {
					getDecrypted: async (_data: unknown, _nodeCredentials: unknown, type: string) => options.credentials[type],
				},
			} as unknown as IWorkflowExecuteAdditionalData;
			const webhookData = {
				webhookDescription: options.nodeType.description.webhooks![0],
				node: node.name,
				workflowId: workflow.id,
				httpMethod: 'POST',
				path: 'webhook',
			} as unknown as IWebhookData;
			try {
				const context = new WebhookContext(workflow, node, additionalData, 'webhook', webhookData, [], null);
				const result = await options.nodeType.webhook!.call(context);
				if (result.workflowData) {
					const [main = [], refused = []] = result.workflowData;
					if (main.length) executions.push(main.map((item) => item.json));
					if (refused.length) refusedRuns.push(refused.map((item) => item.json));
				}
				if (!result.noWebhookResponse) res.end();
			} catch (error) {
				res.statusCode = 500;
				res.end(String((error as Error).message));
			}
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhook`;

	return {
		url,
		executions,
		refusedRuns,
		logs,
		workflow,
		async post(body, headers = {}) {
			const response = await fetch(url, { method: 'POST', body, headers });
			return { status: response.status, body: await response.text() };
		},
		async close() {
			server.closeAllConnections();
			await new Promise<void>((resolve) => server.close(() => resolve()));
		},
	};
}
