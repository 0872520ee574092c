/**
 * What a user sees in n8n's editor, checked in a real browser: n8n 2.x's editor in Debian's headless
 * Chromium, driven with puppeteer-core, signed in as the owner, against the BadgeKit sandbox.
 *
 *   - the BadgeKit Trigger's registration notices: the SQL (which replaces the system's rows in one
 *     transaction) stands on its own (n8n 2.x drops <br> and <code> from notices, which once ran the
 *     SQL into the sentence around it), after the explanation that points to the Production URL;
 *     version 1.2 offers the Refused Output switch;
 *   - the combined example's pinned sample deliveries show as the input of the node after its trigger,
 *     field by field, and an expression mapped from them resolves against them;
 *   - the Application Trigger's System and Badge pickers list what the sandbox holds;
 *   - "Fetch Test Event" shows the application the earner just submitted;
 *   - the BadgeKit API credential's test, in the credential modal: OK with the right secret, "Couldn't
 *     connect" with a wrong one (and the sandbox saw the signed request answered 200, then 403);
 *   - the BadgeKit Webhook credential's test (a local check, no request): OK for the secret, the reason
 *     shown for a token pasted instead of it;
 *   - the BadgeKit node's pickers: a system, a badge and an application picked from lists (the
 *     application by learner email and day, open ones first); n8n's test of a consumer-key credential
 *     without System Slug asks for it.
 *
 * Screenshots of each step go to test-output/editor/ (git-ignored). Chromium comes from Debian:
 * scripts/ensure-debian-packages.sh installs it when it is missing; without it the suite fails.
 *
 * Measured on the 2-core dev machine (load 15–18 from other jobs): a load of the workflow page until
 * its nodes show 25–90 s, a picker's list 0.2–5.6 s, saving a credential until its test result shows
 * 3–4 s, "Fetch Test Event" 5–21 s; the whole suite 9–11 min, n8n's start included.
 */
import { execFileSync } from 'child_process';
import fs from 'fs';
import os from 'os';
import path from 'path';

import puppeteer, { type Browser, type ElementHandle, type Page } from 'puppeteer-core';

import { REGISTRATION_SQL } from '../../nodes/BadgeKit/webhook/registration';
import { credentialTester } from './credentialTest';

import {
	MASTER_SECRET,
	loadExample,
	OWNER,
	WEBHOOK_SECRET,
	ROOT,
	SETUP_TIMEOUT_MS,
	sandboxRequest,
	sleep,
	startEnvironment,
	type CreatedWorkflow,
	type Environment,
} from './harness';

const CHROMIUM = '/usr/bin/chromium';
const SCREENSHOTS = path.join(ROOT, 'test-output', 'editor');
const TRIGGER = 'BadgeKit Trigger';
const APPLICATION_TRIGGER = 'BadgeKit Application Trigger';
/** A BadgeKit node (type version 1.1) on Application → Get, nothing picked yet. */
const ACTION = 'BadgeKit Application Get';
/** A BadgeKit node (type version 1.1) on Application → Mark Processed: one that offers Concurrency. */
const MARK_PROCESSED = 'BadgeKit Application Mark Processed';
/** Bound for any one wait in the page (a page load, a list, an execution) on a busy 2-core machine. */
const WAIT_MS = 120_000;
/** A load of the workflow page until its nodes show: up to 90 s seen with ~8 other n8n jobs beside it. */
const PAGE_LOAD_MS = 240_000;
const TEST_MS = 8 * 60_000;

/** The combined example's first node after its trigger (a Switch on `event`). */
const COMBINED_SWITCH = 'Which event?';

/** Installs Debian's chromium if it is missing (apt-get); fails saying why when that is impossible. */
function ensureChromium(): void {
	try {
		execFileSync('bash', [path.join(ROOT, 'scripts', 'ensure-debian-packages.sh'), 'chromium'], {
			stdio: ['ignore', 'inherit', 'pipe'],
			timeout: 15 * 60_000,
		});
	} catch (e) {
		const stderr = (e as { stderr?: Buffer }).stderr?.toString().trim();
		throw new Error(
			`The editor tests need Debian's chromium at ${CHROMIUM} and it could not be installed: ${stderr || (e as Error).message}\n` +
				'Install it with: apt-get update && apt-get install -y chromium',
		);
	}
	if (!fs.existsSync(CHROMIUM)) {
		throw new Error(`The chromium package is installed but ${CHROMIUM} is missing; reinstall it: apt-get install --reinstall -y chromium`);
	}
}

function editorWorkflow(): object {
	return {
		name: 'Editor check (e2e)',
		settings: { executionOrder: 'v1' },
		nodes: [
			{
				id: 'e0d17c4e-0000-4000-8000-000000000001',
				name: TRIGGER,
				type: 'n8n-nodes-badgekit.badgeKitTrigger',
				typeVersion: 1.2,
				position: [0, 0],
				webhookId: 'e0d17c4e-0000-4000-8000-0000000000a1',
				parameters: { events: ['award'] },
				credentials: { badgeKitWebhookApi: { id: 'set-by-harness', name: 'BadgeKit Webhook' } },
			},
			{
				id: 'e0d17c4e-0000-4000-8000-000000000002',
				name: APPLICATION_TRIGGER,
				type: 'n8n-nodes-badgekit.badgeKitApplicationTrigger',
				typeVersion: 1,
				position: [0, 320],
				parameters: {
					events: ['newApplication'],
					// What the pickers set when a user picks "Demo System" and "Assessed Demo Badge".
					system: { __rl: true, mode: 'list', value: 'demo', cachedResultName: 'Demo System' },
					badge: { __rl: true, mode: 'list', value: 'assessed-demo', cachedResultName: 'Assessed Demo Badge' },
				},
				credentials: { badgeKitApi: { id: 'set-by-harness', name: 'BadgeKit API' } },
			},
			{
				id: 'e0d17c4e-0000-4000-8000-000000000003',
				name: ACTION,
				type: 'n8n-nodes-badgekit.badgeKit',
				typeVersion: 1.1,
				position: [400, 320],
				parameters: { resource: 'application', operation: 'get' },
				credentials: { badgeKitApi: { id: 'set-by-harness', name: 'BadgeKit API' } },
			},
			{
				id: 'e0d17c4e-0000-4000-8000-000000000004',
				name: MARK_PROCESSED,
				type: 'n8n-nodes-badgekit.badgeKit',
				typeVersion: 1.1,
				position: [800, 320],
				parameters: { resource: 'application', operation: 'markProcessed' },
				credentials: { badgeKitApi: { id: 'set-by-harness', name: 'BadgeKit API' } },
			},
		],
		connections: {},
	};
}

describe('the n8n editor in a real browser', () => {
	let env: Environment;
	let workflow: CreatedWorkflow;
	let combined: CreatedWorkflow;
	let browser: Browser | undefined;
	let profileDir: string | undefined;
	let page: Page;
	const pageErrors: string[] = [];

	const screenshot = async (name: string): Promise<string> => {
		const file = path.join(SCREENSHOTS, `${name}.png`);
		await page.screenshot({ path: file });
		return file;
	};

	/** Runs a test body; on failure saves a screenshot named after it and adds the page's errors. */
	const step = (name: string, body: () => Promise<void>) => async () => {
		try {
			await body();
		} catch (e) {
			await screenshot(`FAILED-${name}`).catch(() => undefined);
			if (pageErrors.length) (e as Error).message += `\nErrors in the page:\n${pageErrors.slice(-10).join('\n')}`;
			throw e;
		}
	};

	/** Polls `probe` until `done` accepts its value; fails with the last value seen. */
	async function until<T>(what: string, probe: () => Promise<T>, done: (value: T) => boolean, timeoutMs = WAIT_MS): Promise<T> {
		const started = Date.now();
		for (;;) {
			const value = await probe();
			if (done(value)) return value;
			if (Date.now() - started > timeoutMs) throw new Error(`${what}: not seen within ${timeoutMs} ms; last seen: ${JSON.stringify(value)}`);
			await sleep(250);
		}
	}

	/** Durations worth knowing on a busy machine, printed with the test output. */
	async function timed<T>(what: string, action: () => Promise<T>): Promise<T> {
		const started = Date.now();
		const result = await action();
		process.stderr.write(`[editor] ${what}: ${Date.now() - started} ms\n`);
		return result;
	}

	/** The sandbox's requests made from now on (n8n's calls: list searches, credential tests, polls). */
	const sandboxRequestsFrom = () => {
		const mark = env.sandbox!.requests.length;
		return () => env.sandbox!.requests.slice(mark);
	};

	async function openWorkflow(): Promise<void> {
		await timed('workflow page load until its nodes show', async () => {
			await page.goto(`${env.n8n.url}/workflow/${workflow.id}`, { waitUntil: 'domcontentloaded', timeout: PAGE_LOAD_MS });
			await page.waitForSelector(`[data-test-id="canvas-node"][data-node-name="${APPLICATION_TRIGGER}"]`, { visible: true, timeout: PAGE_LOAD_MS });
		});
	}

	/** Opens a node's panel (NDV) the way a user does: a double click on it on the canvas. */
	async function openNode(name: string): Promise<void> {
		await openWorkflow();
		await page.click(`[data-test-id="canvas-node"][data-node-name="${name}"]`, { count: 2 });
		await page.waitForSelector('[data-test-id="ndv"] [data-test-id="node-parameters"]', { visible: true, timeout: WAIT_MS });
	}

	/** Texts of the entries of the resource-locator list that is open now. */
	const listedEntries = () =>
		page.$$eval('[data-test-id="rlc-item"]', (items) => items.filter((i) => i.getClientRects().length > 0).map((i) => (i.textContent ?? '').trim()));

	/** Opens a picker (resource locator, "From List" mode) and waits until it lists `expected`. */
	async function openPicker(parameter: string, expected: string[]): Promise<string[]> {
		await page.click(`[data-test-id="resource-locator-${parameter}"] [data-test-id="rlc-input"]`);
		const sorted = [...expected].sort();
		const listed = await timed(`${parameter} picker list`, () =>
			until(
				`the ${parameter} picker listing ${JSON.stringify(sorted)}`,
				listedEntries,
				(entries) => JSON.stringify([...entries].sort()) === JSON.stringify(sorted),
			),
		);
		return listed;
	}

	async function pick(parameter: string, entry: string): Promise<void> {
		const items = await page.$$('[data-test-id="rlc-item"]');
		let target: ElementHandle | undefined;
		for (const item of items) {
			if (await item.evaluate((i, text) => i.getClientRects().length > 0 && (i.textContent ?? '').trim() === text, entry)) target = item;
		}
		if (!target) throw new Error(`"${entry}" is not in the open ${parameter} list`);
		await target.click();
		await until(
			`the ${parameter} picker showing "${entry}"`,
			() => page.$eval(`[data-test-id="resource-locator-${parameter}"] [data-test-id="rlc-input"]`, (i) => (i as unknown as { value: string }).value),
			(value) => value === entry,
		);
	}

	// The credential modal, opened with the pencil beside a node's credential.
	const dialog = '[data-test-id="credential-edit-dialog"]';
	const success = `${dialog} [data-test-id="credentials-config-container-test-success"]`;
	const secretInput = `${dialog} [data-test-id="parameter-input-secret"] input`;
	const dialogText = () => page.$eval(dialog, (d) => (d as unknown as { innerText: string }).innerText);
	const successShown = () => page.$eval(success, (s) => s.getClientRects().length > 0).catch(() => false);
	const saveButton = '[data-test-id="credential-save-button"]';
	const saveLabel = () => page.$eval(saveButton, (b) => (b.textContent ?? '').trim()).catch(() => '');
	/** Replaces the secret and saves it (the button reads "Saved" once n8n has stored it). */
	const saveSecret = async (secret: string) => {
		await page.click(secretInput, { count: 3 });
		await page.keyboard.down('Control');
		await page.keyboard.press('a');
		await page.keyboard.up('Control');
		await page.keyboard.press('Backspace');
		await page.type(secretInput, secret);
		// n8n takes the typed value a moment later (debounced) and on blur
		await page.keyboard.press('Tab');
		await until('the Save button', saveLabel, (label) => label === 'Save');
		await sleep(1000);
		for (let attempt = 1; ; attempt++) {
			await page.click(saveButton);
			const label = await until('the credential saved', saveLabel, (l) => l === 'Saved', 15_000).catch(() => null);
			if (label) return;
			if (attempt === 3) throw new Error(`the credential was not saved after ${attempt} clicks on Save (the button reads "${await saveLabel()}")`);
		}
	};

	/** Opens the modal of the open node's credential; n8n tests the saved credential on opening. */
	async function openCredentialModal(): Promise<void> {
		await page.click('[data-test-id="ndv"] [data-test-id="credential-edit-button"]');
		await page.waitForSelector(dialog, { visible: true });
	}

	beforeAll(async () => {
		ensureChromium();
		fs.rmSync(SCREENSHOTS, { recursive: true, force: true });
		fs.mkdirSync(SCREENSHOTS, { recursive: true });

		env = await startEnvironment({ sandbox: true });
		workflow = await env.importWorkflow(editorWorkflow());
		const example = loadExample('00-all-badgekit-events.json');
		combined = await env.importWorkflow(example);
		// n8n's public API drops pinned data on create; the editor's own API keeps it, as Import from URL does.
		const saved = (await env.client.rest('GET', `/workflows/${combined.id}`)).json().data;
		const pinned = await env.client.rest('PATCH', `/workflows/${combined.id}`, { ...saved, pinData: example.pinData });
		if (pinned.status !== 200) throw new Error(`could not pin the example's data: ${pinned.status} ${pinned.text.slice(0, 300)}`);

		profileDir = fs.mkdtempSync(path.join(os.tmpdir(), 'badgekit-e2e-chromium-'));
		browser = await puppeteer.launch({
			executablePath: CHROMIUM,
			headless: true,
			userDataDir: profileDir,
			args: [
				'--no-sandbox',
				'--disable-dev-shm-usage',
				'--headless',
				'--disable-gpu',
				'--no-first-run',
				'--disable-background-networking',
				'--disable-component-update',
				'--disable-sync',
			],
			defaultViewport: { width: 1440, height: 900 },
			protocolTimeout: WAIT_MS,
			timeout: WAIT_MS,
		});
		page = await browser.newPage();
		page.setDefaultTimeout(WAIT_MS);
		page.on('pageerror', (error) => pageErrors.push(String(error)));
		// A reload with unsaved changes in the editor asks "Leave site?": leave.
		page.on('dialog', (dialog) => void dialog.accept().catch(() => undefined));

		// Sign in as a user does.
		await page.goto(`${env.n8n.url}/signin`, { waitUntil: 'domcontentloaded', timeout: PAGE_LOAD_MS });
		await page.waitForSelector('input[type="email"]', { visible: true });
		await page.type('input[type="email"]', OWNER.email);
		await page.type('input[type="password"]', OWNER.password);
		await page.keyboard.press('Enter');
		await page.waitForFunction("!location.pathname.startsWith('/signin')", { timeout: PAGE_LOAD_MS });
	}, SETUP_TIMEOUT_MS);

	afterAll(async () => {
		await browser?.close().catch(() => browser?.process()?.kill('SIGKILL'));
		if (profileDir) fs.rmSync(profileDir, { recursive: true, force: true });
		await env?.close();
	}, 60_000);

	it(
		"shows the BadgeKit Trigger's registration SQL on its own, not run into the sentence",
		step('trigger-notice', async () => {
			await openNode(TRIGGER);
			const notices = await page.$$eval('[data-test-id="ndv"] [data-test-id="node-parameters"] .notice[role="alert"]', (elements) =>
				elements.filter((e) => e.getClientRects().length > 0).map((e) => (e.textContent ?? '').trim()),
			);
			await screenshot('trigger-notice');

			// The SQL is a notice of its own, exactly the statement to run...
			expect(notices.filter((text) => text.includes('INSERT INTO'))).toEqual([REGISTRATION_SQL]);
			// ...after the explanation, which names its placeholders and holds no SQL.
			const explanation = notices[notices.indexOf(REGISTRATION_SQL) - 1];
			expect(explanation).toMatch(/^Register this trigger in BadgeKit: /);
			expect(explanation).toMatch(/Production URL with the copy button/);
			for (const placeholder of ['PRODUCTION_URL', 'WEBHOOK_SECRET', 'SYSTEM_SLUG']) expect(explanation).toContain(placeholder);
			expect(REGISTRATION_SQL).toMatch(/^START TRANSACTION; DELETE FROM webhooks .* INSERT INTO webhooks .* COMMIT;$/);
			// Version 1.2 (a new trigger's) offers the Refused output, off.
			const panel = await page.$eval(
				'[data-test-id="ndv"] [data-test-id="node-parameters"]',
				(e) => (e as unknown as { innerText: string }).innerText,
			);
			expect(panel).toContain('Refused Output');
			// Nothing the editor could have stripped or left as markup.
			for (const text of notices) expect(text).not.toMatch(/<\/?[a-z]+>|&[a-z]+;/i);
		}),
		TEST_MS,
	);

	it(
		"lists the sandbox's systems and badges in the Application Trigger's pickers",
		step('pickers', async () => {
			// A system only this run knows: the list comes from the server, not from anywhere else.
			const extra = { slug: `editor-check-${process.pid}`, name: `Editor Check System ${process.pid}`, url: 'https://editor-check.example.org/' };
			expect((await sandboxRequest(env.sandbox!, 'POST', '/systems', extra)).status).toBe(201);
			const systems = (await sandboxRequest(env.sandbox!, 'GET', '/systems')).json().systems.map((s: { name: string }) => s.name);
			const badges = (await sandboxRequest(env.sandbox!, 'GET', '/systems/demo/badges')).json().badges.map((b: { name: string }) => b.name);
			expect(systems).toEqual(expect.arrayContaining(['Demo System', extra.name]));
			expect(badges).toEqual(expect.arrayContaining(['Direct Demo Badge', 'Assessed Demo Badge']));

			await openNode(APPLICATION_TRIGGER);
			const requests = sandboxRequestsFrom();

			// the node in the saved workflow has "Demo System" picked: choose the other system, then back
			expect(await openPicker('system', systems)).toHaveLength(systems.length);
			await screenshot('system-picker');
			await pick('system', extra.name);
			await openPicker('system', systems);
			await pick('system', 'Demo System');

			expect(await openPicker('badge', badges)).toHaveLength(badges.length);
			await screenshot('badge-picker');
			await pick('badge', 'Direct Demo Badge');
			// back to the badge the workflow had (n8n 2.x saves the workflow as it is edited)
			await openPicker('badge', badges);
			await pick('badge', 'Assessed Demo Badge');

			// n8n asked the sandbox, through the node's signed requests, for the lists shown
			const seen = requests()
				.filter((r) => r.status === 200)
				.map((r) => r.url.split('?')[0]);
			expect(seen).toEqual(expect.arrayContaining(['/systems', '/systems/demo/badges']));
		}),
		TEST_MS,
	);

	it(
		'shows the most recent application on "Fetch Test Event" of the Application Trigger',
		step('fetch-test-event', async () => {
			// An earner applies right now: the test event must be this application, read from the sandbox.
			const learner = `editor-${process.pid}@example.com`;
			const submitted = await sandboxRequest(env.sandbox!, 'POST', '/systems/demo/badges/assessed-demo/applications', {
				learner,
				evidence: [{ reflection: 'Checked in the editor.' }],
			});
			expect(submitted.status).toBe(201);
			const application = submitted.json().application;

			const badges = (await sandboxRequest(env.sandbox!, 'GET', '/systems/demo/badges')).json().badges.map((b: { name: string }) => b.name);
			await openNode(APPLICATION_TRIGGER);
			// the applications of one badge: the one just applied for
			await openPicker('badge', badges);
			await pick('badge', 'Assessed Demo Badge');
			const requests = sandboxRequestsFrom();
			const button = '[data-test-id="ndv"] [data-test-id="node-execute-button"]';
			expect(await page.$eval(button, (b) => (b.textContent ?? '').trim())).toBe('Fetch Test Event');
			await page.click(button);

			const output = await timed('Fetch Test Event until the application shows', () =>
				until(
					'the output panel showing the new application',
					() => page.$eval('[data-test-id="output-panel"]', (p) => (p.textContent ?? '').replace(/\s+/g, ' ')),
					(text) => text.includes(learner),
				),
			);
			await screenshot('fetch-test-event');
			expect(output).toContain(application.slug);
			expect(output).toContain('newApplication');
			expect(output).toContain('Assessed Demo Badge');
			expect(await page.$eval('[data-test-id="ndv-items-count"]', (c) => (c.textContent ?? '').trim())).toMatch(/^1 item\b/);
			expect(await page.$('[data-test-id="node-run-status-success"]')).not.toBeNull();
			// the node read the picked system and badge's applications from the sandbox
			expect(requests().some((r) => r.status === 200 && r.url.startsWith('/systems/demo/badges/assessed-demo/applications'))).toBe(true);
		}),
		TEST_MS,
	);

	it(
		'tests the BadgeKit API credential in its modal: OK with the right secret, refused with a wrong one',
		step('credential', async () => {
			await openNode(APPLICATION_TRIGGER);
			/** GET /systems (what the credential's test requests) as the sandbox answered it. */
			const credentialTests = (requests: () => Array<{ method: string; url: string; status: number | null }>) => () =>
				Promise.resolve(
					requests()
						.filter((r) => r.method === 'GET' && /^\/systems(\?|$)/.test(r.url) && r.status !== null)
						.map((r) => r.status),
				);

			// the pencil beside the node's credential opens the modal, which tests the saved credential
			let requests = sandboxRequestsFrom();
			await openCredentialModal();
			await until('"Connection tested successfully" on opening', successShown, (shown) => shown);
			expect(await dialogText()).toContain('Connection tested successfully');
			expect(new Set(await until('the sandbox answering the test', credentialTests(requests), (s) => s.length > 0))).toEqual(new Set([200]));
			await screenshot('credential-saved-secret');

			// a wrong secret: saved, tested, refused by BadgeKit (403), and the modal says so
			requests = sandboxRequestsFrom();
			await timed('save + credential test, wrong secret', async () => {
				await saveSecret('not-the-master-secret');
				await until('"Couldn’t connect with these settings"', dialogText, (text) => text.includes('Couldn’t connect with these settings'));
			});
			expect(await successShown()).toBe(false);
			expect(new Set(await until('the sandbox answering the test', credentialTests(requests), (s) => s.length > 0))).toEqual(new Set([403]));
			await screenshot('credential-wrong-secret');

			// the right secret again: tested OK
			requests = sandboxRequestsFrom();
			await timed('save + credential test, right secret', async () => {
				await saveSecret(MASTER_SECRET);
				await until('"Connection tested successfully" after saving the right secret', successShown, (shown) => shown);
			});
			expect(await dialogText()).not.toContain('Couldn’t connect');
			expect(new Set(await until('the sandbox answering the test', credentialTests(requests), (s) => s.length > 0))).toEqual(new Set([200]));
			await screenshot('credential-right-secret');
		}),
		TEST_MS,
	);

	it(
		'tests the BadgeKit Webhook credential in its modal without asking BadgeKit: OK for the secret, the reason shown for a pasted token',
		step('webhook-credential', async () => {
			await openNode(TRIGGER);
			const requests = sandboxRequestsFrom();
			await openCredentialModal();
			await until('"Connection tested successfully" on opening', successShown, (shown) => shown);
			await screenshot('webhook-credential-saved-secret');

			// a token copied from a delivery instead of the secret: refused, and the modal says why
			await timed('save + webhook credential test, a pasted token', async () => {
				await saveSecret('JWT token="eyJhbGciOiJIUzI1NiJ9.eyJtZXRob2QiOiJQT1NUIn0.c2lnbmF0dXJl"');
				await until('"Couldn’t connect with these settings"', dialogText, (text) => text.includes('Couldn’t connect with these settings'));
			});
			expect(await successShown()).toBe(false);
			// the reason is behind "More details", as a user reads it
			await page.click(`${dialog} ::-p-text(More details)`);
			await until('the reason in the modal', dialogText, (text) => text.includes('This looks like a token from a delivery, not the secret'));
			await screenshot('webhook-credential-pasted-token');

			await saveSecret(WEBHOOK_SECRET);
			await until('"Connection tested successfully" after saving the secret', successShown, (shown) => shown);
			// BadgeKit has no API that uses a webhook secret: the test asked it nothing
			expect(requests()).toEqual([]);
		}),
		TEST_MS,
	);

	it(
		"picks a system, a badge and an application from lists in the BadgeKit node's panel",
		step('action-pickers', async () => {
			// An earner applies now, and an earlier application is dealt with: the open one is listed first.
			const learner = `picker-${process.pid}@example.com`;
			const submitted = await sandboxRequest(env.sandbox!, 'POST', '/systems/demo/badges/assessed-demo/applications', { learner });
			expect(submitted.status).toBe(201);
			const application = submitted.json().application;
			const done = await sandboxRequest(env.sandbox!, 'POST', '/systems/demo/badges/assessed-demo/applications', { learner: `done-${learner}` });
			const processed = await sandboxRequest(env.sandbox!, 'PUT', `/systems/demo/badges/assessed-demo/applications/${done.json().application.slug}`, {
				processed: new Date().toISOString(),
			});
			expect(processed.status).toBe(200);

			const systems = (await sandboxRequest(env.sandbox!, 'GET', '/systems')).json().systems.map((s: { name: string }) => s.name);
			const badges = (await sandboxRequest(env.sandbox!, 'GET', '/systems/demo/badges')).json().badges.map((b: { name: string }) => b.name);
			// what the Application list should show: every application of the badge, by learner email and day
			const applications = (await sandboxRequest(env.sandbox!, 'GET', '/systems/demo/badges/assessed-demo/applications')).json()
				.applications as Array<{ learner: string; created: string; processed: string | null }>;
			const label = (a: { learner: string; created: string; processed: string | null }) =>
				`${a.learner} · applied ${a.created.slice(0, 10)}${a.processed ? ' · processed' : ''}`;

			await openNode(ACTION);
			const requests = sandboxRequestsFrom();
			await openPicker('system', systems);
			await pick('system', 'Demo System');
			await openPicker('badge', badges);
			await pick('badge', 'Assessed Demo Badge');
			const listed = await openPicker('applicationSlug', applications.map(label));
			await screenshot('application-picker');
			// open applications first, the processed one after them
			const processedAt = listed.indexOf(label(applications.find((a) => a.processed)!));
			expect(listed.slice(processedAt).every((entry) => entry.endsWith(' · processed'))).toBe(true);
			expect(listed.slice(0, processedAt).some((entry) => entry.startsWith(`${learner} · applied `))).toBe(true);
			const entry = label({ ...application, processed: null });
			await pick('applicationSlug', entry);
			await screenshot('application-picked');

			// the lists came from the sandbox through the node's signed requests, open applications first
			const seen = requests()
				.filter((r) => r.status === 200)
				.map((r) => r.url);
			expect(seen).toEqual(
				expect.arrayContaining([
					expect.stringMatching(/^\/systems\?/),
					expect.stringMatching(/^\/systems\/demo\/badges\?/),
					expect.stringMatching(/^\/systems\/demo\/badges\/assessed-demo\/applications\?processed=false&/),
				]),
			);
			expect(requests().filter((r) => r.status !== 200)).toEqual([]);

			// A consumer key without its System Slug: n8n's credential test says what to enter, asking BadgeKit nothing.
			const consumerRequests = sandboxRequestsFrom();
			const testCredential = await credentialTester(env.client, 'badgeKitApi', { baseUrl: env.sandbox!.url, key: 'master', secret: MASTER_SECRET });
			const consumer = await testCredential({ baseUrl: env.sandbox!.url, key: 'school-consumer', secret: 'consumer-secret' });
			expect(consumer).toMatchObject({
				status: 'Error',
				message: expect.stringContaining('Enter the System Slug: a consumer key only works on its own system'),
			});
			expect(consumerRequests()).toEqual([]);
		}),
		TEST_MS,
	);
	it(
		'offers Concurrency under Options only where it sends items at the same time',
		step('concurrency-option', async () => {
			/** Opens the node's Options list as a user does ("Add Option") and returns what it offers. */
			const offeredOptions = async (node: string): Promise<string> => {
				await openNode(node);
				const opened = await page.$$eval('[data-test-id="ndv"] [data-test-id="node-parameters"] *', (elements) => {
					type Shown = {
						getClientRects(): { length: number };
						textContent: string | null;
						placeholder?: string;
						contains(other: unknown): boolean;
						click(): void;
					};
					const candidates = (elements as unknown as Shown[]).filter(
						(e) => e.getClientRects().length > 0 && /^add option$/i.test((e.textContent || e.placeholder || '').trim()),
					);
					// The innermost such element: the button or field itself, not a wrapper around it.
					const target = candidates.find((e) => !candidates.some((other) => other !== e && e.contains(other)));
					target?.click();
					return Boolean(target);
				});
				if (!opened) throw new Error(`no "Add Option" in the panel of ${node}`);
				// The list is open once it offers Timeout, which every operation has.
				const text = () => page.$eval('body', (body) => (body as unknown as { innerText: string }).innerText);
				const offered = await until(`the Options list of ${node}`, text, (value) => value.includes('Timeout'));
				await screenshot(`options-${node.replace(/\W+/g, '-').toLowerCase()}`);
				await page.keyboard.press('Escape');
				return offered;
			};
			expect(await offeredOptions(MARK_PROCESSED)).toContain('Concurrency');
			// Application → Get sends one request per item, one after another: nothing to set there.
			expect(await offeredOptions(ACTION)).not.toContain('Concurrency');
		}),
		TEST_MS,
	);

	it(
		"maps fields from the combined example's pinned sample deliveries before BadgeKit sends anything",
		step('combined-example-pinned-data', async () => {
			await timed('combined example page load until its nodes show', async () => {
				await page.goto(`${env.n8n.url}/workflow/${combined.id}`, { waitUntil: 'domcontentloaded', timeout: PAGE_LOAD_MS });
				await page.waitForSelector(`[data-test-id="canvas-node"][data-node-name="${COMBINED_SWITCH}"]`, { visible: true, timeout: PAGE_LOAD_MS });
			});
			await page.click(`[data-test-id="canvas-node"][data-node-name="${COMBINED_SWITCH}"]`, { count: 2 });
			await page.waitForSelector('[data-test-id="ndv"] [data-test-id="node-parameters"]', { visible: true, timeout: WAIT_MS });
			const inputText = () =>
				page.$eval('[data-test-id="ndv-input-panel"]', (e) => (e as unknown as { innerText: string }).innerText).catch(() => '');
			// Nothing has run and BadgeKit has sent nothing: the input shows the trigger's pinned deliveries.
			const input = await until(
				'the pinned deliveries in the input panel',
				inputText,
				(text) => /3 items/.test(text) && /Badge direct-demo/.test(text),
			);
			await screenshot('combined-example-input');
			// The schema view lists the first delivery's fields (an award), long before its last ones.
			expect(input).toMatch(/action\s+award/);
			// The Switch's rule is mapped from it: {{ $json.event }}, focused, resolves against the pinned award.
			const rules = await page.$$('[data-test-id="ndv"] [data-test-id="node-parameters"] .cm-content');
			let rule: ElementHandle | undefined;
			for (const candidate of rules) if (await candidate.evaluate((e) => (e.textContent ?? '').includes('$json.event'))) rule = rule ?? candidate;
			if (!rule) throw new Error('no expression {{ $json.event }} in the Switch');
			await rule.click();
			const resolved = await until(
				'the resolved value of {{ $json.event }}',
				() =>
					page.$$eval('[data-test-id="inline-expression-editor-output"]', (e) =>
						e.filter((x) => x.getClientRects().length > 0).map((x) => (x.textContent ?? '').trim()),
					),
				(texts) => texts.some((t) => t === 'award' || /\baward\b/.test(t)),
			);
			await screenshot('combined-example-mapped');
			expect(resolved.join(' ')).toMatch(/\baward\b/);
		}),
		TEST_MS,
	);
});
