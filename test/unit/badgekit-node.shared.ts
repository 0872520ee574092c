// Shared setup of the BadgeKit node tests (Badge Instance, Application, Review, Claim Code, Assertion):
// the real node in a real n8n ExecuteContext (test/helpers/n8nContext) against the BadgeKit-compatible
// test server, plus a webhook receiver so award/revoke/review deliveries can be checked.
import http from 'http';
import type { AddressInfo } from 'net';
import type { IDataObject, INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { BadgeKit } from '../../nodes/BadgeKit/BadgeKit.node';
import { createBadgeKitServer, type BadgeKitServer } from '../../sandbox';
import { badgeKitCredentials, runNode, type RunNodeOptions, type RunNodeResult } from '../helpers/n8nContext';

export const MASTER = 'node-test-master-secret';

export interface TestBed {
	server: BadgeKitServer;
	/** URL of a receiver answering 200 to BadgeKit's webhooks. */
	hookUrl: string;
	close(): Promise<void>;
}

/**
 * The jest hooks every node test file needs: one test bed for the file, reset before each test (and,
 * given a secret, the demo system's webhook pointed at the receiver), closed at the end. The returned
 * object is filled in by beforeAll.
 */
export function useTestBed(options: { webhookSecret?: string } = {}): TestBed {
	const bed = {} as TestBed;
	beforeAll(async () => {
		Object.assign(bed, await startTestBed());
	});
	afterAll(async () => {
		await bed.close();
	});
	beforeEach(() => {
		bed.server.reset();
		if (options.webhookSecret) bed.server.setWebhook('demo', { url: bed.hookUrl, secret: options.webhookSecret });
	});
	return bed;
}

/** Starts the BadgeKit server (demo seed) and a webhook receiver. */
export async function startTestBed(): Promise<TestBed> {
	const server = await createBadgeKitServer({ port: 0, masterSecret: MASTER, seed: 'demo' });
	const receiver = http.createServer((req, res) => {
		req.resume();
		req.on('end', () => res.writeHead(200).end('ok'));
	});
	await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
	const hookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
	return {
		server,
		hookUrl,
		async close() {
			await server.close();
			receiver.closeAllConnections();
			await new Promise((resolve) => receiver.close(resolve));
		},
	};
}

/** A resource locator value "by slug". */
export const rl = (value: string) => ({ __rl: true, mode: 'slug', value });

export type Scope = 'system' | 'issuer' | 'program';
export const SCOPES: Scope[] = ['system', 'issuer', 'program'];

/** System, issuer and program parameters of a scope of the demo seed. */
export function scopeParameters(scope: Scope): INodeParameters {
	return {
		system: rl('demo'),
		...(scope !== 'system' ? { issuer: rl('demo-issuer') } : {}),
		...(scope === 'program' ? { program: rl('demo-program') } : {}),
	};
}

/** The badge of the demo seed that lives in each scope. */
export const BADGE_OF_SCOPE: Record<Scope, string> = { system: 'direct-demo', issuer: 'issuer-demo', program: 'program-demo' };

/**
 * Parameters of an operation of `resource` that takes a system, issuer or program and a badge there:
 * `params(operation, scope, extra)`. `badgeOfScope` picks the badge of each scope.
 */
export function badgeOperationParameters(resource: string, badgeOfScope: Record<Scope, string> = BADGE_OF_SCOPE) {
	return (operation: string, scope: Scope = 'system', extra: INodeParameters = {}): INodeParameters => ({
		resource,
		operation,
		...scopeParameters(scope),
		badge: rl(badgeOfScope[scope]),
		...extra,
	});
}

/** The store row of a badge of the demo system. */
export function demoBadgeRow(bed: TestBed, slug: string) {
	const store = bed.server.store;
	return store.findBadge(store.findSystem('demo')!.id, slug)!;
}

export interface RunOptions extends RunNodeOptions {
	secret?: string;
	timeoutSeconds?: number;
}

/** Runs the BadgeKit node once over `items` with the given parameters. */
export async function runBadgeKit(
	bed: TestBed,
	parameters: INodeParameters,
	items: IDataObject[] = [{}],
	options: RunOptions = {},
): Promise<RunNodeResult> {
	const { secret, timeoutSeconds, ...runOptions } = options;
	const withTimeout: INodeParameters = timeoutSeconds !== undefined ? { ...parameters, requestOptions: { timeout: timeoutSeconds } } : parameters;
	return await runNode(new BadgeKit(), withTimeout, items, {
		credentials: badgeKitCredentials(bed.server.url, secret ?? MASTER),
		...runOptions,
	});
}

/** The output JSON, or the node's error thrown. */
export function jsonOf(result: RunNodeResult): IDataObject[] {
	if (result.error) throw result.error;
	return result.items.map((item: INodeExecutionData) => item.json);
}

/** The run succeeded with `count` output items (one unless told): their JSON. The node's error fails the test. */
export function expectOk(result: RunNodeResult, count = 1): IDataObject[] {
	const json = jsonOf(result);
	expect(json).toHaveLength(count);
	return json;
}

/** The node's error (fails the test when the node succeeded). */
export function errorOf(result: RunNodeResult): Error & { description?: string; httpCode?: string; context?: IDataObject } {
	if (!result.error) throw new Error(`Expected the node to fail, it output ${JSON.stringify(result.items.map((i) => i.json)).slice(0, 500)}`);
	return result.error as Error & { description?: string; httpCode?: string };
}

/** The run failed with BadgeKit's 404, and the error carries BadgeKit's own message. */
export function expectNotFound(result: RunNodeResult, what: RegExp = /Could not find/): void {
	const error = errorOf(result) as Error & { httpCode?: string | null; description?: string | null };
	expect(error.httpCode).toBe('404');
	expect(`${error.message} ${error.description ?? ''}`).toMatch(what);
}

/** Requests the server received (method + url) since the last reset. */
export function requestsTo(bed: TestBed, method: string, pattern: RegExp): string[] {
	return bed.server.requests.filter((request) => request.method === method && pattern.test(request.url)).map((request) => request.url);
}
