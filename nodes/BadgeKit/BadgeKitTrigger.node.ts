import {
	NodeConnectionTypes,
	type ICredentialsDecrypted,
	type ICredentialTestFunctions,
	type IDataObject,
	type IHookFunctions,
	type INodeCredentialTestResult,
	type INodeType,
	type INodeTypeDescription,
	type IWebhookFunctions,
	type IWebhookResponseData,
} from 'n8n-workflow';

import { isWebhookEvent, webhookDeliveryItem, WEBHOOK_EVENTS } from './webhook/deliveryItem';
import { ReplayStore } from './webhook/replayStore';
import { saveAfterN8nResets } from './webhook/staticData';
import { verifyDelivery, webhookSecretProblem } from './webhook/verification';

const HOUR_MS = 3_600_000;

// Replay memory per trigger node in this process. n8n loads the workflow's static data from the
// database for every webhook call and saves it whole afterwards, so the saved copy can lag behind
// (calls that overlap load before each other's save) or be overwritten by another process's save.
// Each call therefore merges what n8n loaded (other processes' entries included) into this memory
// and writes the union back: saves only ever add, and an entry lost from the database by an
// overlapping save is written again by the next call here. Limits: README, "Replay protection".
const replayStores = new Map<string, ReplayStore>();

function replayStoreFor(context: IWebhookFunctions): ReplayStore {
	const key = `${context.getWorkflow().id ?? ''}:${context.getNode().id ?? context.getNode().name}`;
	let store = replayStores.get(key);
	if (!store) {
		store = new ReplayStore();
		replayStores.set(key, store);
	}
	return store;
}

/**
 * Refuses a delivery identical to one accepted within the window (403) and remembers new ones, in
 * this process and in the workflow's static data. Returns whether it was a replay.
 */
function isReplay(context: IWebhookFunctions, signature: string, windowMs: number): boolean {
	const staticData = context.getWorkflowStaticData('node');
	const replays = replayStoreFor(context);
	const now = Date.now();
	replays.merge(staticData, now);
	const replay = replays.has(signature, now);
	if (!replay) replays.remember(signature, now, windowMs);
	if (replays.writeTo(staticData)) saveAfterN8nResets(staticData, () => replays.writeTo(staticData));
	return replay;
}

/**
 * n8n parses JSON request bodies from the same raw bytes before the trigger runs; reusing that saves
 * a second parse. Anything else (another content type, an empty object from a failed parse) is
 * left to the verifier, which parses the raw bytes itself.
 */
function parsedByN8n(request: { headers: IDataObject; body?: unknown }): unknown {
	const contentType = String(request.headers['content-type'] ?? '');
	const body = request.body;
	if (!contentType.includes('json') || !body || typeof body !== 'object') return undefined;
	return Object.keys(body).length > 0 ? body : undefined;
}

export class BadgeKitTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'BadgeKit Trigger',
		name: 'badgeKitTrigger',
		icon: { light: 'file:badgekit.svg', dark: 'file:badgekit.dark.svg' },
		group: ['trigger'],
		// 1.1 changes nothing in the node: n8n evaluates a leftover v1 webhook expression
		// ({{$parameter["options"]["binaryData"]}}) on every call to a version-1 webhook node, which with
		// lazily acquired isolates costs one isolate per delivery (see BENCHMARKS.md, part 2).
		version: [1, 1.1],
		defaultVersion: 1.1,
		subtitle: '={{$parameter["events"].join(", ")}}',
		description: 'Starts the workflow when BadgeKit reviews an application, awards a badge or revokes one',
		defaults: { name: 'BadgeKit Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'badgeKitWebhookApi', required: true, testedBy: 'badgeKitWebhookSecret' }],
		webhooks: [
			{
				name: 'default',
				httpMethod: 'POST',
				// Answered with an empty 200 once the execution has started: BadgeKit treats anything else
				// as a failure and never retries.
				responseMode: 'onReceived',
				responseData: 'noData',
				path: 'webhook',
			},
		],
		properties: [
			// Plain text only: n8n 2.x's editor drops tags such as <br> and <code> from a notice (1.x keeps
			// them), so the SQL gets a notice of its own instead of markup around it.
			{
				displayName:
					"Register this trigger in BadgeKit: BadgeKit has one webhook per system, set by a row in its database. Copy the Production URL shown above. Then run the SQL below in BadgeKit's MySQL database, with PRODUCTION_URL, WEBHOOK_SECRET and SYSTEM_SLUG replaced by that URL, the secret of your BadgeKit Webhook credential and your system's slug, and activate the workflow. Deliveries that are not signed with that secret are refused.",
				name: 'registrationNotice',
				type: 'notice',
				default: '',
			},
			{
				// "ID", not "id": n8n's lint wants ID upper-cased in display names, and MySQL column names ignore case.
				displayName:
					"INSERT INTO webhooks (url, secret, systemId) SELECT 'PRODUCTION_URL', 'WEBHOOK_SECRET', ID FROM systems WHERE slug = 'SYSTEM_SLUG';",
				name: 'registrationSql',
				type: 'notice',
				default: '',
			},
			{
				displayName: 'Events',
				name: 'events',
				type: 'multiOptions',
				required: true,
				default: [...WEBHOOK_EVENTS],
				description: 'The BadgeKit events that start this workflow; others are acknowledged and ignored',
				options: [
					{ name: 'Award', value: 'award', description: 'A badge was issued to an earner' },
					{ name: 'Review', value: 'review', description: 'A reviewer submitted a review of an application' },
					{ name: 'Revoke', value: 'revoke', description: 'A badge was taken back from an earner' },
				],
			},
			{
				displayName: 'Only Approved Reviews',
				name: 'onlyApproved',
				type: 'boolean',
				default: false,
				displayOptions: { show: { events: ['review'] } },
				description: 'Whether to start only for reviews that satisfy every required criterion (BadgeKit\'s "approved")',
			},
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add option',
				default: {},
				options: [
					{
						displayName: 'Clock Tolerance (Seconds)',
						name: 'clockToleranceSeconds',
						type: 'number',
						typeOptions: { minValue: 0 },
						default: 30,
						description: "Clock difference allowed when a token carries an expiry (BadgeKit's own tokens carry none)",
					},
					{
						displayName: 'Replay Window (Hours)',
						name: 'replayWindowHours',
						type: 'number',
						typeOptions: { minValue: 0 },
						default: 24,
						description:
							"For how long a delivery identical to one already accepted is refused. BadgeKit's tokens never expire, so a copied delivery could otherwise start the workflow again. 0 turns this off.",
					},
				],
			},
		],
	};

	methods = {
		credentialTest: {
			// No request can prove a webhook secret (see webhookSecretProblem): this checks what can be
			// checked here, and the first delivery proves the rest.
			async badgeKitWebhookSecret(this: ICredentialTestFunctions, credential: ICredentialsDecrypted): Promise<INodeCredentialTestResult> {
				const problem = webhookSecretProblem(String(credential.data?.secret ?? ''));
				if (problem) return { status: 'Error', message: problem };
				return {
					status: 'OK',
					message:
						'The secret is usable. BadgeKit offers no way to check it against its webhooks table: a delivery signed with another secret is refused (403).',
				};
			},
		},
	};

	// BadgeKit has no API for webhooks: a system's one webhook is a row in its database, inserted by
	// hand with the SQL this node shows (README, "Register the webhook in BadgeKit"). So n8n's
	// lifecycle has nothing to look up, register or remove on BadgeKit's side.
	webhookMethods = {
		default: {
			// n8n cannot see BadgeKit's table: answering "not there" lets create() say that it did nothing.
			async checkExists(this: IHookFunctions): Promise<boolean> {
				return false;
			},
			async create(this: IHookFunctions): Promise<boolean> {
				return true;
			},
			// The row stays in BadgeKit: its deliveries then get n8n's 404, which BadgeKit only logs.
			async delete(this: IHookFunctions): Promise<boolean> {
				return true;
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const request = this.getRequestObject();
		const respond = (status: number, body: IDataObject): IWebhookResponseData => {
			this.getResponseObject().status(status).json(body);
			return { noWebhookResponse: true };
		};

		let rawBody: Buffer | undefined = request.rawBody;
		if (rawBody === undefined && typeof request.readRawBody === 'function') {
			await request.readRawBody();
			rawBody = request.rawBody;
		}

		const credentials = await this.getCredentials('badgeKitWebhookApi');
		const options = this.getNodeParameter('options', {}) as IDataObject;
		const verification = verifyDelivery({
			authorization: request.headers.authorization,
			rawBody: rawBody ?? Buffer.alloc(0),
			secret: String(credentials.secret ?? ''),
			clockToleranceSeconds: Number(options.clockToleranceSeconds ?? 30),
			parsedBody: parsedByN8n(request),
		});
		if (!verification.ok) return respond(verification.status, { error: verification.reason });

		const { body, signature } = verification;
		if (!isWebhookEvent(body.action)) return respond(200, { ignored: 'unknown action' });

		const windowMs = Number(options.replayWindowHours ?? 24) * HOUR_MS;
		if (windowMs > 0) {
			if (isReplay(this, signature, windowMs)) return respond(403, { error: 'Delivery already received' });
		}

		const events = this.getNodeParameter('events', []) as string[];
		const onlyApproved = this.getNodeParameter('onlyApproved', false) as boolean;
		if (!events.includes(body.action) || (body.action === 'review' && onlyApproved && body.approved !== true)) {
			return respond(200, { ignored: 'event not selected' });
		}

		return { workflowData: [this.helpers.returnJsonArray([webhookDeliveryItem(body)])] };
	}
}
