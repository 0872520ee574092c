/**
 * End-to-end harness: a real n8n (from the install cache) with this package installed as users install
 * it (the npm pack tarball, the way n8n's Community Nodes panel or the README's command installs it),
 * a fresh temporary user folder per suite, random free ports, a fixed encryption key, an owner
 * account and a public-API key; optionally the BadgeKit sandbox server and a loopback SMTP
 * mailbox, with n8n credentials for all three. The n8n logic itself lives in tooling/n8n.js
 * (shared with `npm start`).
 *
 *   const env = await startEnvironment({ sandbox: true, smtp: true });
 *   const wf = await env.importWorkflow(json, { activate: true });
 *   ...
 *   await env.close();   // in afterAll: stops n8n (whole process group), servers, removes the folder
 */
import fs from 'fs';
import os from 'os';
import path from 'path';

import type { BadgeKitServer } from '../../../sandbox';
import { FIXTURE_SECRET } from '../../helpers/fixtures';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const lib = require('../../../tooling/n8n.js');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { startSmtpServer } = require('../../../tooling/smtp.js');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const workflows = require('../../../tooling/workflows.js');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { createBadgeKitServer } = require('../../../sandbox');

export const N8N_VERSION: string = lib.N8N_VERSION;
export const N8N_1X_VERSION: string = lib.N8N_1X_VERSION;
export const ROOT: string = lib.ROOT;
export const EXAMPLES_DIR = path.join(lib.ROOT, 'examples');

export const MASTER_SECRET = 'e2e-master-secret';
/** The secret the captured deliveries in test/fixtures/webhooks are signed with. */
export const WEBHOOK_SECRET = FIXTURE_SECRET;
const ENCRYPTION_KEY = 'badgekit-e2e-fixed-encryption-key';
export const OWNER = { email: 'e2e-owner@example.com', password: 'E2e-owner-password-1', firstName: 'E2E', lastName: 'Owner' };

/** Time budget for a suite's beforeAll: first-time install (≈ 4–8 min) + build + start. */
export const SETUP_TIMEOUT_MS = 25 * 60_000;

export interface Execution {
	id: string;
	status: string;
	finished: boolean;
	workflowId: string;
	data?: { resultData?: { runData?: Record<string, unknown>; error?: { message: string } } };
	[key: string]: unknown;
}

export interface CreatedWorkflow {
	id: string;
	name: string;
	nodes: Array<{ name: string; type: string; webhookId?: string; parameters?: Record<string, unknown> }>;
	[key: string]: unknown;
}

export interface CredentialRef {
	id: string;
	name: string;
}

export interface MailMessage {
	subject: string;
	from: string;
	to: string;
	text: string;
	html: string;
	headers: Record<string, string>;
	envelope: { from: string | null; to: string[] };
}

export interface SmtpMailbox {
	host: string;
	port: number;
	messages: MailMessage[];
	waitFor(predicate?: (m: MailMessage) => boolean, options?: { timeoutMs?: number }): Promise<MailMessage>;
	credentialData: Record<string, unknown>;
	close(): Promise<void>;
}

export interface N8nInstance {
	url: string;
	port: number;
	pid: number;
	userFolder: string;
	logFile: string;
	readyMs: number;
	/** the n8n's cache folder and the pinned Node that runs it (never the system Node) */
	install: { version: string; dir: string; node: string };
	logTail(lines?: number): string;
	stop(): Promise<void>;
}

/** The node and credential type names package.json's "n8n" section promises (from its file names). */
export function packageTypes(): { nodes: string[]; credentials: string[] } {
	const pkg = JSON.parse(fs.readFileSync(path.join(lib.ROOT, 'package.json'), 'utf8'));
	const typeName = (file: string) => {
		const base = path.basename(file).replace(/\.(node|credentials)\.js$/, '');
		return base.charAt(0).toLowerCase() + base.slice(1);
	};
	return {
		nodes: pkg.n8n.nodes.map((f: string) => `${lib.PACKAGE_NAME}.${typeName(f)}`).sort(),
		credentials: pkg.n8n.credentials.map(typeName).sort(),
	};
}

/**
 * The package's node types n8n loaded, without the "<name>Tool" variants n8n derives for AI agents
 * from nodes marked usableAsTool (n8n 1.x and 2.x list e.g. n8n-nodes-badgekit.badgeKitTool).
 */
export async function loadedPackageNodes(client: N8nClient): Promise<{ nodes: string[]; tools: string[] }> {
	const all = (await client.loadedTypes('nodes')).filter((n) => n.startsWith(`${lib.PACKAGE_NAME}.`));
	const declared = new Set(packageTypes().nodes);
	return {
		nodes: all.filter((n) => declared.has(n) || !n.endsWith('Tool')).sort(),
		tools: all.filter((n) => !declared.has(n) && n.endsWith('Tool')).sort(),
	};
}

export interface N8nClient {
	baseUrl: string;
	apiKey: string;
	api(method: string, pathname: string, body?: unknown): Promise<any>;
	rest(method: string, pathname: string, body?: unknown): Promise<{ status: number; text: string; json(): any }>;
	createCredential(c: { name: string; type: string; data: Record<string, unknown> }): Promise<CredentialRef & { type: string }>;
	/** Owner created or signed in, an API key, the credentials created: their references by type. */
	setUpOwner(
		owner: { email: string; password: string; firstName?: string; lastName?: string },
		credentials: Array<{ name: string; type: string; data: Record<string, unknown> }>,
	): Promise<Record<string, CredentialRef>>;
	ensureOwner(owner: { email: string; password: string; firstName?: string; lastName?: string }): Promise<'created' | 'existing'>;
	createWorkflow(workflow: unknown): Promise<CreatedWorkflow>;
	activateWorkflow(id: string, options?: { timeoutMs?: number }): Promise<void>;
	deactivateWorkflow(id: string): Promise<void>;
	/** Deactivate + activate: for a polling trigger, "poll now" (n8n polls once on activation). */
	reactivateWorkflow(id: string, options?: { timeoutMs?: number }): Promise<void>;
	executions(workflowId?: string): Promise<Execution[]>;
	waitForExecutions(workflowId: string, count: number, options?: { timeoutMs?: number }): Promise<Execution[]>;
	/** Node (or credential) type names n8n has loaded, as its editor sees them. */
	loadedTypes(kind?: 'nodes' | 'credentials'): Promise<string[]>;
}

export interface EnvironmentOptions {
	/** n8n version from the cache (installed on first use); default the current pinned 2.x. */
	version?: string;
	/** Start the BadgeKit sandbox server (demo seed) and create a "BadgeKit API" credential for it. */
	sandbox?: boolean;
	/** The sandbox's latency model: each write holds one of `concurrency` database slots for `ms`. */
	sandboxLatency?: { ms: number; concurrency: number };
	/** Start a loopback SMTP mailbox and create an "SMTP" credential for it. */
	smtp?: boolean;
	/** Extra environment for n8n. */
	env?: Record<string, string>;
	/**
	 * How the package's `npm pack` tarball is installed into n8n's nodes folder: as n8n's Community
	 * Nodes panel does (default) or with the README's `npm install` command.
	 */
	packageInstall?: 'panel' | 'readme';
	log?: (line: string) => void;
}

export interface Environment {
	n8n: N8nInstance;
	client: N8nClient;
	sandbox?: BadgeKitServer;
	smtp?: SmtpMailbox;
	/** Credentials created in n8n, by credential type. */
	credentials: Record<string, CredentialRef>;
	/** Imports a workflow JSON (credentials rewired to ours by type); activates it if asked. */
	importWorkflow(workflow: unknown, options?: { activate?: boolean }): Promise<CreatedWorkflow>;
	/** Production webhook URL of a webhook-based node of a created workflow. */
	webhookUrl(workflow: CreatedWorkflow, nodeName: string, options?: { isFullPath?: boolean }): string;
	/** A node's static data as n8n saved it in its database (read through n8n's public API); {} when none. */
	savedNodeStaticData(workflow: CreatedWorkflow, nodeName: string): Promise<Record<string, any>>;
	/** Posts raw bytes with exactly the given headers. */
	post(url: string, body: Buffer | string, headers: Record<string, string>): Promise<{ status: number; text: string; json(): any }>;
	/**
	 * Stops n8n (SIGTERM, as a service manager would) and starts it again on the same user folder,
	 * database and port; signs in again. `n8n` and `client` then refer to the new process.
	 * `whileStopped` runs between the stop and the start: what happens while n8n is down.
	 */
	restart(options?: { whileStopped?: () => Promise<void> }): Promise<void>;
	close(): Promise<void>;
}

/** A node of a workflow built below: id and position are filled in. */
export interface WorkflowStep {
	name: string;
	type: string;
	typeVersion: number;
	parameters: Record<string, unknown>;
	credentials?: Record<string, CredentialRef>;
}

/**
 * Webhook (a POST to /webhook/<path>; answers on receipt unless `responseMode` says otherwise) →
 * each step in turn (tooling/workflows.js, shared with the benchmarks).
 */
export function webhookWorkflow(
	name: string,
	webhook: { path: string; webhookId?: string; responseMode?: 'onReceived' | 'lastNode'; typeVersion?: number },
	steps: WorkflowStep[] = [],
): object {
	return workflows.webhookWorkflow(name, webhook, steps);
}

/**
 * One BadgeKit Trigger node, named "BadgeKit Trigger", of the version a new workflow gets unless told;
 * its credential is set by importWorkflow unless given.
 */
export function badgeKitTriggerWorkflow(
	name: string,
	webhookId: string,
	options: { parameters?: Record<string, unknown>; typeVersion?: number; credential?: CredentialRef } = {},
): object {
	return workflows.badgeKitTriggerWorkflow(name, webhookId, options);
}

export function loadExample(file: string): any {
	return JSON.parse(fs.readFileSync(path.join(EXAMPLES_DIR, file), 'utf8'));
}

/** Item JSONs of a node's output in an execution. */
export function nodeOutput(execution: Execution, nodeName: string, options?: { output?: number; run?: number }): any[] | undefined {
	return lib.nodeOutput(execution, nodeName, options);
}

export function executionSummary(execution: Execution): { id: string; status: string; nodes: string[]; error: string | null } {
	return lib.executionSummary(execution);
}

export const sleep = (ms: number): Promise<void> => lib.sleep(ms);

/** Builds the package when needed and installs n8n `version` in the cache (both at most once). */
export async function prepare(version: string = N8N_VERSION, log: (line: string) => void = defaultLog): Promise<void> {
	await lib.ensureBuilt({ log });
	await lib.installN8n(version, { log });
}

function defaultLog(line: string): void {
	process.stderr.write(`[e2e] ${line}\n`);
}

export async function startEnvironment(options: EnvironmentOptions = {}): Promise<Environment> {
	const version = options.version ?? N8N_VERSION;
	const log = options.log ?? defaultLog;
	const install = await lib.installN8n(version, { log });

	const userFolder = fs.mkdtempSync(path.join(os.tmpdir(), `badgekit-e2e-n8n-${version}-`));

	const cleanups: Array<() => Promise<void> | void> = [];
	const close = async (): Promise<void> => {
		for (const cleanup of cleanups.reverse()) {
			try {
				await cleanup();
			} catch (e) {
				log(`cleanup failed: ${(e as Error).message}`);
			}
		}
		cleanups.length = 0;
	};

	const removeFolder = () => {
		if (process.env.BADGEKIT_E2E_KEEP) log(`kept ${userFolder}`);
		else fs.rmSync(userFolder, { recursive: true, force: true });
	};
	cleanups.push(removeFolder);

	try {
		// The package as users get it: the npm pack tarball installed into n8n's nodes folder.
		const tarball = await lib.packBuiltPackage(path.join(userFolder, 'pack'), { log });
		lib.installPackage(userFolder, { tarball, way: options.packageInstall ?? 'panel' });
		let n8n: N8nInstance = await lib.startN8n({
			install,
			userFolder,
			encryptionKey: ENCRYPTION_KEY,
			extraEnv: options.env ?? {},
		});
		cleanups.push(() => n8n.stop());
		log(`n8n ${version} ready on ${n8n.url} after ${n8n.readyMs} ms (user folder ${userFolder})`);
		assertPackageLoaded(n8n);

		let sandbox: BadgeKitServer | undefined;
		if (options.sandbox) {
			sandbox = (await createBadgeKitServer({
				host: '127.0.0.1',
				port: 0,
				masterSecret: MASTER_SECRET,
				seed: 'demo',
				latency: options.sandboxLatency,
			})) as BadgeKitServer;
			const server = sandbox;
			cleanups.push(() => server.close());
		}
		let smtp: SmtpMailbox | undefined;
		if (options.smtp) {
			smtp = (await startSmtpServer({ host: '127.0.0.1', port: 0 })) as SmtpMailbox;
			const mailbox = smtp;
			cleanups.push(() => mailbox.close());
		}

		let client: N8nClient = new lib.N8nClient(n8n.url);
		const credentials: Record<string, CredentialRef> = await client.setUpOwner(OWNER, [
			{ name: 'BadgeKit Webhook (e2e)', type: 'badgeKitWebhookApi', data: { secret: WEBHOOK_SECRET } },
			...(sandbox
				? [
						{
							name: 'BadgeKit API (sandbox)',
							type: 'badgeKitApi',
							data: {
								baseUrl: sandbox.url,
								key: 'master',
								// Only used with a consumer key, but n8n's public API requires every `required` field.
								system: 'demo',
								secret: MASTER_SECRET,
								// n8n adds this field to credentials that sign requests; 1.x's public API then requires it.
								allowedHttpRequestDomains: 'all',
							},
						},
					]
				: []),
			...(smtp ? [{ name: 'SMTP (loopback mailbox)', type: 'smtp', data: smtp.credentialData }] : []),
		]);
		const apiKey = client.apiKey;

		const environment: Environment = {
			n8n,
			client,
			sandbox,
			smtp,
			credentials,
			async importWorkflow(workflow, { activate = false } = {}) {
				const created = await client.createWorkflow(lib.withCredentials(workflow, credentials));
				if (activate) await client.activateWorkflow(created.id);
				return created;
			},
			webhookUrl: (workflow, nodeName, opts) => lib.webhookUrl(n8n.url, workflow, nodeName, opts),
			async savedNodeStaticData(workflow, nodeName) {
				const saved = await environment.client.api('GET', `/workflows/${workflow.id}`);
				// n8n keeps each node's static data under "node:<node name>".
				return (saved.staticData ?? {})[`node:${nodeName}`] ?? {};
			},
			post: (url, body, headers) => lib.request('POST', url, { headers, body }),
			async restart({ whileStopped } = {}) {
				const { port, brokerPort } = n8n as N8nInstance & { brokerPort: number };
				await n8n.stop();
				await whileStopped?.();
				n8n = await lib.startN8n({ install, userFolder, port, brokerPort, encryptionKey: ENCRYPTION_KEY, extraEnv: options.env ?? {} });
				environment.n8n = n8n;
				log(`n8n ${version} restarted on ${n8n.url} after ${n8n.readyMs} ms`);
				client = new lib.N8nClient(n8n.url);
				await client.ensureOwner(OWNER);
				client.apiKey = apiKey;
				environment.client = client;
			},
			close,
		};
		return environment;
	} catch (e) {
		await close();
		throw e;
	}
}

/**
 * A signed BadgeKit API call to the sandbox, as the master key (what a BadgeKit admin or another app
 * would do next to n8n: submit a review, revoke a badge).
 */
export async function sandboxRequest(
	sandbox: BadgeKitServer,
	method: string,
	pathname: string,
	body?: unknown,
): Promise<{ status: number; json(): any; text: string }> {
	const answer = await sandbox.asMaster(method, pathname, body);
	return { status: answer.status, text: answer.text, json: () => answer.json };
}

/** Fails with n8n's own message when it could not load this package. */
function assertPackageLoaded(n8n: N8nInstance): void {
	const log = fs.readFileSync(n8n.logFile, 'utf8');
	const failure = log.indexOf(`Failed to load package "${lib.PACKAGE_NAME}"`);
	if (failure !== -1) {
		throw new Error(`n8n ${n8n.install.version} could not load ${lib.PACKAGE_NAME}:\n${log.slice(failure, failure + 1500)}`);
	}
}
