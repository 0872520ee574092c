/**
 * Runs our nodes inside REAL n8n execution contexts (n8n-core's ExecuteContext, LoadOptionsContext and
 * PollContext around a real n8n-workflow `Workflow`), so parameters get n8n's defaults, expressions
 * resolve, `getNodeParameter(..., { extractValue: true })` works on resource locators, and
 * `this.helpers.httpRequestWithAuthentication` goes through n8n's own HTTP code with the credential's
 * `authenticate` signing each request — against a real HTTP server (the BadgeKit test server).
 *
 * Only the parts of n8n that live outside n8n-core are replaced by small real objects: the
 * credentials helper (credential store + `authenticate`), the node-type registry and the rest of
 * `IWorkflowExecuteAdditionalData`.
 *
 * API
 *
 *   runNode(nodeType, parameters, inputItems?, options?) → Promise<RunNodeResult>
 *     Runs `nodeType.execute()` once over `inputItems` (plain objects become `{ json }` items; default
 *     one empty item). Never rejects for a node error: a thrown error is returned in `result.error`.
 *     result.items = first output; result.outputs = every output; result.hints = execution hints.
 *     options.credentials: credential data by type, e.g. `{ badgeKitApi: { baseUrl, key, secret } }`.
 *     options.continueOnFail: sets the node's "On Error: Continue" setting.
 *
 *   runPoll(nodeType, parameters, options?) → Promise<RunPollResult>
 *     Runs `nodeType.poll()` once. options.staticData is the node's static data (what
 *     `this.getWorkflowStaticData('node')` returns) and result.staticData is it after the run, as a
 *     plain object: feed it into the next runPoll to simulate successive polls. options.mode is
 *     'trigger' (active workflow, default) or 'manual' (the editor's "Fetch Test Event").
 *     result.items = first output or [] when poll() returned null; result.outputs = raw return value.
 *
 *   runListSearch(nodeType, methodName, parameters, options?) → Promise<INodeListSearchResult>
 *     Calls `nodeType.methods.listSearch[methodName]` in a LoadOptionsContext whose current node
 *     parameters are `parameters` (with n8n's defaults). options.filter / options.paginationToken.
 *     Rejects on error.
 *
 *   runLoadOptions(nodeType, methodName, parameters, options?) → Promise<INodePropertyOptions[]>
 *     Same for `methods.loadOptions[methodName]`.
 */
import { Container } from '@n8n/di';
import { ExecuteContext, InstanceSettings, LoadOptionsContext, PollContext } from 'n8n-core';
import { ScheduledTaskManager } from 'n8n-core/dist/execution-engine/scheduled-task-manager';
import { SSHClientsManager } from 'n8n-core/dist/execution-engine/ssh-clients-manager';
import {
	ICredentialsHelper,
	Workflow,
	createRunExecutionData,
	type ICredentialDataDecryptedObject,
	type ICredentials,
	type ICredentialType,
	type IDataObject,
	type IExecuteData,
	type IHttpRequestOptions,
	type INode,
	type INodeCredentialsDetails,
	type INodeExecutionData,
	type INodeListSearchResult,
	type INodeParameters,
	type INodeProperties,
	type INodePropertyOptions,
	type INodeType,
	type INodeTypes,
	type IRequestOptionsSimplified,
	type IVersionedNodeType,
	type IWorkflowExecuteAdditionalData,
	type NodeExecutionHint,
	type WorkflowActivateMode,
	type WorkflowExecuteMode,
} from 'n8n-workflow';

import { BadgeKitApi } from '../../credentials/BadgeKitApi.credentials';
import { BadgeKitWebhookApi } from '../../credentials/BadgeKitWebhookApi.credentials';

export type CredentialsByType = Record<string, ICredentialDataDecryptedObject>;

export interface HarnessOptions {
	/** Credential data by credential type name, e.g. `{ badgeKitApi: { baseUrl, key: 'master', secret } }`. */
	credentials?: CredentialsByType;
	/** Extra credential classes besides this package's own (looked up by their `name`). */
	credentialTypes?: ICredentialType[];
	/** The node's name in the workflow (default: the node type's displayName). */
	nodeName?: string;
	/** Workflow timezone (default UTC so date output is stable). */
	timezone?: string;
	/** The node's type version, as a saved workflow has it (default: the newest). */
	typeVersion?: number;
}

export interface RunNodeOptions extends HarnessOptions {
	continueOnFail?: boolean;
	mode?: WorkflowExecuteMode;
	/** Aborting it cancels in-flight requests, like stopping an execution in n8n. */
	abortSignal?: AbortSignal;
}

export interface RunNodeResult {
	/** The first output's items ([] when the node failed). */
	items: INodeExecutionData[];
	/** Every output, as `execute()` returned it. */
	outputs: INodeExecutionData[][];
	/** What `execute()` threw, if it did. */
	error?: Error;
	hints: NodeExecutionHint[];
}

export interface RunPollOptions extends HarnessOptions {
	/** The node's static data before the poll (what `getWorkflowStaticData('node')` returns). */
	staticData?: IDataObject;
	/** 'trigger' = an active workflow polling (default); 'manual' = "Fetch Test Event" in the editor. */
	mode?: 'trigger' | 'manual';
	activation?: WorkflowActivateMode;
}

export interface RunPollResult {
	items: INodeExecutionData[];
	/** What `poll()` returned (null = nothing new). */
	outputs: INodeExecutionData[][] | null;
	/** The node's static data after the poll, as a plain object. */
	staticData: IDataObject;
	error?: Error;
}

export interface ListSearchOptions extends HarnessOptions {
	filter?: string;
	paginationToken?: string;
}

// --- n8n-core services ---------------------------------------------------------------------------

// n8n-core reads InstanceSettings from its DI container; the real one creates ~/.n8n/config with an
// encryption key. Our nodes never use it, so a stand-in with the two fields the contexts read is set.
function ensureInstanceSettings(): void {
	if (Container.has(InstanceSettings)) return;
	const settings = Object.create(InstanceSettings.prototype) as InstanceSettings;
	Object.assign(settings, { instanceId: 'test-instance', hmacSignatureSecret: 'test-hmac-secret', n8nFolder: '/tmp/n8n-test' });
	Container.set(InstanceSettings, settings);
}

// The contexts pull singletons from n8n-core's container whose constructors start interval timers
// (SSH client cleanup, cron logging); unref'd, they no longer keep Jest from exiting.
function unrefBackgroundTimers(): void {
	const services: Array<new (...args: never[]) => unknown> = [SSHClientsManager, ScheduledTaskManager];
	for (const service of services) {
		if (!Container.has(service)) continue;
		const instance = Container.get(service) as Record<string, { unref?: () => void } | undefined>;
		instance.cleanupTimer?.unref?.();
		instance.logInterval?.unref?.();
	}
}

// --- credentials -----------------------------------------------------------------------------------

const OWN_CREDENTIAL_TYPES: ICredentialType[] = [new BadgeKitApi(), new BadgeKitWebhookApi()];

/**
 * n8n's CredentialsHelper lives in the n8n CLI package; this one keeps credentials in memory and
 * authenticates requests the way n8n does for credential classes whose `authenticate` is a function.
 */
class TestCredentialsHelper extends ICredentialsHelper {
	private readonly types = new Map<string, ICredentialType>();

	constructor(
		private readonly store: CredentialsByType,
		extraTypes: ICredentialType[] = [],
	) {
		super();
		for (const type of [...OWN_CREDENTIAL_TYPES, ...extraTypes]) this.types.set(type.name, type);
	}

	private credentialType(name: string): ICredentialType {
		const type = this.types.get(name);
		if (!type) throw new Error(`Test harness: unknown credential type "${name}"`);
		return type;
	}

	getParentTypes(name: string): string[] {
		return this.credentialType(name).extends ?? [];
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		requestOptions: IHttpRequestOptions | IRequestOptionsSimplified,
	): Promise<IHttpRequestOptions> {
		const authenticate = this.credentialType(typeName).authenticate;
		if (typeof authenticate === 'function') {
			return await authenticate(credentials, requestOptions as IHttpRequestOptions);
		}
		if (authenticate) throw new Error('Test harness: generic (declarative) credential authentication is not supported');
		return requestOptions as IHttpRequestOptions;
	}

	async preAuthentication(): Promise<ICredentialDataDecryptedObject | undefined> {
		return undefined;
	}

	async getCredentials(nodeCredentials: INodeCredentialsDetails, type: string): Promise<ICredentials> {
		const data = this.dataOf(type);
		return {
			id: nodeCredentials.id,
			name: nodeCredentials.name,
			type,
			data: undefined,
			getData: () => ({ ...data }),
			getDataToSave: () => ({ id: nodeCredentials.id, name: nodeCredentials.name, type, data: '' }),
			setData: () => undefined,
		} as unknown as ICredentials;
	}

	async getDecrypted(
		_additionalData: IWorkflowExecuteAdditionalData,
		_nodeCredentials: INodeCredentialsDetails,
		type: string,
	): Promise<ICredentialDataDecryptedObject> {
		return { ...this.dataOf(type) };
	}

	async updateCredentials(_nodeCredentials: INodeCredentialsDetails, type: string, data: ICredentialDataDecryptedObject): Promise<void> {
		this.store[type] = data;
	}

	async updateCredentialsOauthTokenData(nodeCredentials: INodeCredentialsDetails, type: string, data: ICredentialDataDecryptedObject): Promise<void> {
		await this.updateCredentials(nodeCredentials, type, data);
	}

	getCredentialsProperties(type: string): INodeProperties[] {
		return this.credentialType(type).properties;
	}

	private dataOf(type: string): ICredentialDataDecryptedObject {
		const data = this.store[type];
		if (!data) throw new Error(`Test harness: no credential data given for "${type}"`);
		return data;
	}
}

// --- workflow -------------------------------------------------------------------------------------

const PACKAGE_PREFIX = 'n8n-nodes-badgekit';

class SingleNodeTypes implements INodeTypes {
	constructor(private readonly nodeType: INodeType) {}

	getByName(): INodeType | IVersionedNodeType {
		return this.nodeType;
	}

	getByNameAndVersion(): INodeType {
		return this.nodeType;
	}

	getKnownTypes() {
		return {};
	}
}

function typeVersionOf(nodeType: INodeType): number {
	const version = nodeType.description.version;
	return Array.isArray(version) ? Math.max(...version) : version;
}

interface Built {
	workflow: Workflow;
	node: INode;
	additionalData: IWorkflowExecuteAdditionalData;
}

function build(
	nodeType: INodeType,
	parameters: INodeParameters,
	options: HarnessOptions & { continueOnFail?: boolean; staticData?: IDataObject },
): Built {
	ensureInstanceSettings();
	const name = options.nodeName ?? nodeType.description.displayName;
	const credentials = options.credentials ?? {};
	const node: INode = {
		id: 'node-under-test',
		name,
		type: `${PACKAGE_PREFIX}.${nodeType.description.name}`,
		typeVersion: options.typeVersion ?? typeVersionOf(nodeType),
		position: [0, 0],
		// deep copy: the Workflow writes n8n's defaults into the parameters object it is given
		parameters: JSON.parse(JSON.stringify(parameters)) as INodeParameters,
		credentials: Object.fromEntries(Object.keys(credentials).map((type) => [type, { id: `${type}-id`, name: `${type} account` }])),
		...(options.continueOnFail ? { continueOnFail: true, onError: 'continueRegularOutput' as const } : {}),
	};
	const workflow = new Workflow({
		id: 'test-workflow',
		name: 'Test workflow',
		nodes: [node],
		connections: {},
		active: false,
		nodeTypes: new SingleNodeTypes(nodeType),
		staticData: options.staticData ? { [`node:${name}`]: options.staticData } : {},
		settings: { timezone: options.timezone ?? 'UTC' },
	});
	const notAvailable = (what: string) => () => {
		throw new Error(`Test harness: ${what} is not available`);
	};
	const additionalData = {
		credentialsHelper: new TestCredentialsHelper({ ...credentials }, options.credentialTypes),
		executeWorkflow: notAvailable('executeWorkflow'),
		getRunExecutionData: async () => undefined,
		executionId: 'test-execution',
		currentNodeExecutionIndex: 0,
		restApiUrl: 'http://localhost:5678/rest',
		instanceBaseUrl: 'http://localhost:5678/',
		formWaitingBaseUrl: 'http://localhost:5678/form-waiting',
		webhookBaseUrl: 'http://localhost:5678/webhook',
		webhookWaitingBaseUrl: 'http://localhost:5678/webhook-waiting',
		webhookTestBaseUrl: 'http://localhost:5678/webhook-test',
		variables: {},
		logAiEvent: () => undefined,
		startRunnerTask: notAvailable('startRunnerTask'),
	} as unknown as IWorkflowExecuteAdditionalData;
	// the Workflow filled in defaults; the context must see the same node object
	return { workflow, node: workflow.nodes[name], additionalData };
}

function toItems(input: Array<IDataObject | INodeExecutionData>): INodeExecutionData[] {
	return input.map((item) =>
		item && typeof item === 'object' && 'json' in item && typeof item.json === 'object'
			? (item as INodeExecutionData)
			: { json: item as IDataObject },
	);
}

/** Runs `nodeType.execute()` in a real n8n ExecuteContext. Never rejects for a node error: see `error`. */
export async function runNode(
	nodeType: INodeType,
	parameters: INodeParameters,
	inputItems: Array<IDataObject | INodeExecutionData> = [{}],
	options: RunNodeOptions = {},
): Promise<RunNodeResult> {
	if (!nodeType.execute) throw new Error('Test harness: the node has no execute()');
	const { workflow, node, additionalData } = build(nodeType, parameters, options);
	const items = toItems(inputItems);
	const inputData = { main: [items] };
	const executeData: IExecuteData = { node, data: inputData, source: { main: [{ previousNode: 'Input' }] } };
	const runExecutionData = createRunExecutionData({ executionData: { nodeExecutionStack: [executeData] } });
	const context = new ExecuteContext(
		workflow,
		node,
		additionalData,
		options.mode ?? 'manual',
		runExecutionData,
		0,
		items,
		inputData,
		executeData,
		[],
		options.abortSignal,
	);
	unrefBackgroundTimers();
	try {
		const outputs = ((await nodeType.execute.call(context)) ?? []) as INodeExecutionData[][];
		return { items: outputs[0] ?? [], outputs, hints: context.hints };
	} catch (error) {
		return { items: [], outputs: [], error: error as Error, hints: context.hints };
	}
}

/** Runs `nodeType.poll()` once in a real n8n PollContext. */
export async function runPoll(nodeType: INodeType, parameters: INodeParameters, options: RunPollOptions = {}): Promise<RunPollResult> {
	if (!nodeType.poll) throw new Error('Test harness: the node has no poll()');
	const { workflow, node, additionalData } = build(nodeType, parameters, { ...options, staticData: options.staticData ?? {} });
	const mode = options.mode ?? 'trigger';
	const context = new PollContext(workflow, node, additionalData, mode, options.activation ?? (mode === 'manual' ? 'manual' : 'activate'));
	unrefBackgroundTimers();
	const staticDataOf = (): IDataObject => JSON.parse(JSON.stringify(workflow.staticData[`node:${node.name}`] ?? {})) as IDataObject;
	try {
		const outputs = await nodeType.poll.call(context);
		return { items: outputs?.[0] ?? [], outputs, staticData: staticDataOf() };
	} catch (error) {
		return { items: [], outputs: null, staticData: staticDataOf(), error: error as Error };
	}
}

function loadOptionsContext(nodeType: INodeType, parameters: INodeParameters, options: HarnessOptions, path: string): LoadOptionsContext {
	const { workflow, node, additionalData } = build(nodeType, parameters, options);
	// The editor sends the node's current parameters (defaults included) with each list request.
	additionalData.currentNodeParameters = node.parameters;
	const context = new LoadOptionsContext(workflow, node, additionalData, path);
	unrefBackgroundTimers();
	return context;
}

/** Calls `methods.listSearch[methodName]` in a real n8n LoadOptionsContext. */
export async function runListSearch(
	nodeType: INodeType,
	methodName: string,
	parameters: INodeParameters,
	options: ListSearchOptions = {},
): Promise<INodeListSearchResult> {
	const method = nodeType.methods?.listSearch?.[methodName];
	if (!method) throw new Error(`Test harness: no listSearch method "${methodName}"`);
	const context = loadOptionsContext(nodeType, parameters, options, `parameters.${methodName}`);
	return await method.call(context, options.filter, options.paginationToken);
}

/** Calls `methods.loadOptions[methodName]` in a real n8n LoadOptionsContext. */
export async function runLoadOptions(
	nodeType: INodeType,
	methodName: string,
	parameters: INodeParameters,
	options: HarnessOptions = {},
): Promise<INodePropertyOptions[]> {
	const method = nodeType.methods?.loadOptions?.[methodName];
	if (!method) throw new Error(`Test harness: no loadOptions method "${methodName}"`);
	const context = loadOptionsContext(nodeType, parameters, options, `parameters.${methodName}`);
	return await method.call(context);
}

/** BadgeKit API credential data for a test server (master key by default). */
export function badgeKitCredentials(baseUrl: string, secret: string, key = 'master', extra: IDataObject = {}): CredentialsByType {
	return { badgeKitApi: { baseUrl, key, secret, ...extra } as ICredentialDataDecryptedObject };
}
