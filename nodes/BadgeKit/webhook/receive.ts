import type {
	ICredentialsDecrypted,
	IDataObject,
	IHookFunctions,
	INodeCredentialTestResult,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';

import { isWebhookEvent, webhookDeliveryItem } from '../fields/triggerItem';
import { RefusalReporter, refusalLogLine, refusedItem, unverifiedSubject, type Refusal } from './refusals';
import { registrationSql } from './registration';
import { ReplayStore } from './replayStore';
import { saveAfterN8nResets } from './staticData';
import { verifyDelivery, webhookSecretProblem } from './verification';

/**
 * The BadgeKit Trigger's work: receiving a delivery (webhook), what happens at activation, and the
 * webhook credential's test. The node file holds the description and calls these.
 */

const HOUR_MS = 3_600_000;
/** The first type version with the opt-in Refused output. */
export const REFUSED_OUTPUT_VERSION = 1.2;

/** Identifies one trigger node in this process: workflow id + node id (or name). */
function triggerKey(context: IWebhookFunctions): string {
	return `${context.getWorkflow().id ?? ''}:${context.getNode().id ?? context.getNode().name}`;
}

// Replay memory per trigger node in this process. n8n loads the workflow's static data from the
// database for every webhook call and saves it whole afterwards, so the saved copy can lag behind
// (calls that overlap load before each other's save) or be overwritten by another process's save.
// Each call therefore merges what n8n loaded (other processes' entries included) into this memory
// and writes the union back: saves only ever add, and an entry lost from the database by an
// overlapping save is written again by the next call here. Limits: README, "Replay protection".
const replayStores = new Map<string, ReplayStore>();

function replayStoreFor(context: IWebhookFunctions): ReplayStore {
	const key = triggerKey(context);
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

const refusals = new RefusalReporter();

/** Whether this node runs its Refused output (type version 1.2 on, with the option set). */
function refusedOutputOn(context: IWebhookFunctions): boolean {
	return context.getNode().typeVersion >= REFUSED_OUTPUT_VERSION && context.getNodeParameter('refusedOutput', false) === true;
}

/**
 * Answers the caller with the refusal (BadgeKit gets its 401/403 whatever else happens), logs it
 * (rate-limited per reason) and, when the Refused output is on and its interval allows, starts a run
 * of that output only.
 */
function refuse(
	context: IWebhookFunctions,
	status: number,
	reason: string,
	body: { parsed: unknown; raw: Buffer | undefined },
): IWebhookResponseData {
	context.getResponseObject().status(status).json({ error: reason });
	const refusal: Refusal = { reason, status, ...unverifiedSubject(body.parsed, body.raw) };
	const key = triggerKey(context);
	const now = Date.now();
	const heldBack = refusals.logLine(key, reason, now);
	if (heldBack !== undefined) context.logger.warn(refusalLogLine(context.getNode().name, refusal, heldBack));
	if (!refusedOutputOn(context)) return { noWebhookResponse: true };
	const report = refusals.run(key, now);
	if (!report) return { noWebhookResponse: true };
	return { noWebhookResponse: true, workflowData: [[], [{ json: refusedItem(refusal, report, now) }]] };
}

export async function receiveDelivery(this: IWebhookFunctions): Promise<IWebhookResponseData> {
	const request = this.getRequestObject();
	const acknowledge = (body: IDataObject): IWebhookResponseData => {
		this.getResponseObject().status(200).json(body);
		return { noWebhookResponse: true };
	};

	let rawBody: Buffer | undefined = request.rawBody;
	if (rawBody === undefined && typeof request.readRawBody === 'function') {
		await request.readRawBody();
		rawBody = request.rawBody;
	}
	const parsed = parsedByN8n(request);

	const credentials = await this.getCredentials('badgeKitWebhookApi');
	const options = this.getNodeParameter('options', {}) as IDataObject;
	const verification = verifyDelivery({
		authorization: request.headers.authorization,
		rawBody: rawBody ?? Buffer.alloc(0),
		secret: String(credentials.secret ?? ''),
		clockToleranceSeconds: Number(options.clockToleranceSeconds ?? 30),
		parsedBody: parsed,
	});
	if (!verification.ok) return refuse(this, verification.status, verification.reason, { parsed, raw: rawBody });

	const { body, signature } = verification;
	if (!isWebhookEvent(body.action)) return acknowledge({ ignored: 'unknown action' });

	const windowMs = Number(options.replayWindowHours ?? 24) * HOUR_MS;
	if (windowMs > 0 && isReplay(this, signature, windowMs)) {
		return refuse(this, 403, 'Delivery already received', { parsed: body, raw: undefined });
	}

	const events = this.getNodeParameter('events', []) as string[];
	const onlyApproved = this.getNodeParameter('onlyApproved', false) as boolean;
	if (!events.includes(body.action) || (body.action === 'review' && onlyApproved && body.approved !== true)) {
		return acknowledge({ ignored: 'event not selected' });
	}

	const items = this.helpers.returnJsonArray([webhookDeliveryItem(body)]);
	return { workflowData: refusedOutputOn(this) ? [items, []] : [items] };
}

/**
 * At activation: nothing to register on BadgeKit's side (it has no API for webhooks), but this is
 * where n8n knows the Production URL, so the log gets the registration SQL with it filled in (the
 * secret and the system stay placeholders: the log must not hold the secret).
 */
export async function logRegistration(this: IHookFunctions): Promise<boolean> {
	const url = this.getNodeWebhookUrl('default');
	if (url) {
		this.logger.info(
			`BadgeKit Trigger "${this.getNode().name}" is active. To register it, run in BadgeKit's MySQL database (WEBHOOK_SECRET and SYSTEM_SLUG replaced): ${registrationSql({ url })}`,
		);
	}
	return true;
}

/**
 * The webhook credential's test. No request can prove a webhook secret (see webhookSecretProblem):
 * this checks what can be checked here, and the first delivery proves the rest.
 */
export async function testWebhookSecret(credential: ICredentialsDecrypted): Promise<INodeCredentialTestResult> {
	const problem = webhookSecretProblem(String(credential.data?.secret ?? ''));
	if (problem) return { status: 'Error', message: problem };
	return {
		status: 'OK',
		message:
			'The secret is usable. BadgeKit offers no way to check it against its webhooks table: a delivery signed with another secret is refused (403).',
	};
}
