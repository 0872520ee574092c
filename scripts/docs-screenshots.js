#!/usr/bin/env node
'use strict';
// The README's quick-start pictures, taken from the real editor: n8n (the pinned 2.x) with this package
// installed from its npm pack tarball, the BadgeKit sandbox, Debian's chromium driven by puppeteer-core
// (as the editor e2e test does). Writes docs/images/*.png; look at them before committing.
//
//   node scripts/docs-screenshots.js                 start everything, take every picture, stop
//   node scripts/docs-screenshots.js --only=NAME     one picture (see PICTURES below)
//   node scripts/docs-screenshots.js --serve=FILE    start everything, write how to reach it to FILE,
//                                                    and wait (Ctrl-C stops): for working on a picture
//   node scripts/docs-screenshots.js --attach=FILE   take the pictures in what --serve started
//
// Not part of npm test: pictures are for reading, and the editor e2e test checks the same screens.

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { execFileSync } = require('node:child_process');
const { parseArgs } = require('node:util');

const lib = require('../tooling/n8n.js');
const { createBadgeKitServer } = require('../sandbox');

const IMAGES = path.join(lib.ROOT, 'docs', 'images');
const CHROMIUM = '/usr/bin/chromium';
const OWNER = { email: 'issuer@example.org', password: 'Screenshots-1', firstName: 'Ada', lastName: 'Issuer' };
const MASTER_SECRET = 'screenshots-master-secret';
// What `openssl rand -hex 32` prints: the README's way to make a webhook secret.
const WEBHOOK_SECRET = '5f0c3e9a7d214b68a0e1c2f7b9d84e3a6c15f2d0e7a94b8c3d6e1f0a2b5c7d9e';
const ENCRYPTION_KEY = 'badgekit-docs-screenshots';
const WAIT_MS = 240_000;
const sleep = lib.sleep;
const log = (line) => process.stderr.write(`[screenshots] ${line}\n`);

/** The workflow the quick start imports: the combined example, or example 1 while it is not there. */
function quickStartExample() {
	for (const file of ['00-all-badgekit-events.json', '01-badge-awarded-email.json']) {
		const full = path.join(lib.ROOT, 'examples', file);
		if (fs.existsSync(full)) return { file, workflow: JSON.parse(fs.readFileSync(full, 'utf8')) };
	}
	throw new Error('no example workflow found in examples/');
}

const TEST_AWARD_NODE = 'Award the badge';

/** Step 5 of the quick start: a BadgeKit node that awards a badge to the issuer's own address. */
function testAwardWorkflow() {
	return {
		name: 'Test award',
		settings: { executionOrder: 'v1' },
		nodes: [
			{
				id: 'd0c5c0de-0000-4000-8000-000000000001',
				name: 'When clicking ‘Execute workflow’',
				type: 'n8n-nodes-base.manualTrigger',
				typeVersion: 1,
				position: [0, 0],
				parameters: {},
			},
			{
				id: 'd0c5c0de-0000-4000-8000-000000000002',
				name: TEST_AWARD_NODE,
				type: `${lib.PACKAGE_NAME}.badgeKit`,
				typeVersion: 1.1,
				position: [240, 0],
				parameters: {
					resource: 'badgeInstance',
					operation: 'issue',
					system: { __rl: true, mode: 'list', value: 'demo', cachedResultName: 'Demo System' },
					badge: { __rl: true, mode: 'list', value: 'direct-demo', cachedResultName: 'Direct Demo Badge' },
					email: OWNER.email,
				},
				credentials: { badgeKitApi: { id: 'set-below', name: 'BadgeKit API account' } },
			},
		],
		connections: { 'When clicking ‘Execute workflow’': { main: [[{ node: TEST_AWARD_NODE, type: 'main', index: 0 }]] } },
	};
}

/** n8n with the package as the Community Nodes panel installs it, the sandbox, the credentials, the example. */
async function startEverything() {
	await lib.ensureBuilt({ log });
	const install = await lib.installN8n(lib.N8N_VERSION, { log });
	const userFolder = fs.mkdtempSync(path.join(os.tmpdir(), 'badgekit-screenshots-'));
	const tarball = await lib.packBuiltPackage(path.join(userFolder, 'pack'), { log });
	lib.installPackage(userFolder, { tarball, way: 'panel' });
	const sandbox = await createBadgeKitServer({ host: '127.0.0.1', port: 0, masterSecret: MASTER_SECRET, seed: 'demo' });
	const n8n = await lib.startN8n({ install, userFolder, encryptionKey: ENCRYPTION_KEY });
	log(`n8n ready on ${n8n.url} (user folder ${userFolder})`);
	const client = new lib.N8nClient(n8n.url);
	const credentials = await client.setUpOwner(OWNER, [
		{ name: 'BadgeKit Webhook API account', type: 'badgeKitWebhookApi', data: { secret: WEBHOOK_SECRET } },
		{
			name: 'BadgeKit API account',
			type: 'badgeKitApi',
			data: { baseUrl: sandbox.url, key: 'master', system: 'demo', secret: MASTER_SECRET, allowedHttpRequestDomains: 'all' },
		},
		{
			name: 'SMTP account',
			type: 'smtp',
			data: { user: '', password: '', host: '127.0.0.1', port: 2525, secure: false, disableStartTls: true, hostName: '' },
		},
	]);
	const example = quickStartExample();
	const imported = await client.createWorkflow(lib.withCredentials(example.workflow, credentials));
	await client.activateWorkflow(imported.id);
	// The sandbox's webhooks row for the demo system, as step 4 of the quick start registers it.
	const trigger = example.workflow.nodes.find((n) => n.type === `${lib.PACKAGE_NAME}.badgeKitTrigger`);
	sandbox.setWebhook('demo', { url: lib.webhookUrl(n8n.url, imported, trigger.name), secret: WEBHOOK_SECRET });
	const testAward = await client.createWorkflow(lib.withCredentials(testAwardWorkflow(), credentials));
	const stop = async () => {
		await n8n.stop().catch(() => undefined);
		await sandbox.close().catch(() => undefined);
		fs.rmSync(userFolder, { recursive: true, force: true });
	};
	const state = {
		url: n8n.url,
		credentials,
		example: { file: example.file, id: imported.id, trigger: trigger.name },
		testAward: { id: testAward.id, node: TEST_AWARD_NODE },
	};
	return { state, stop };
}

// ---------------------------------------------------------------------------------------------
// The browser

function ensureChromium() {
	execFileSync('bash', [path.join(lib.ROOT, 'scripts', 'ensure-debian-packages.sh'), 'chromium'], { stdio: 'inherit' });
	if (!fs.existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium`);
}

async function until(what, probe, timeoutMs = WAIT_MS) {
	const started = Date.now();
	for (;;) {
		const value = await probe().catch(() => undefined);
		if (value) return value;
		if (Date.now() - started > timeoutMs) throw new Error(`${what}: not seen within ${timeoutMs} ms`);
		await sleep(250);
	}
}

const visible = (page, selector) => page.$$eval(selector, (els) => els.some((e) => e.getClientRects().length > 0));
const textOf = (page, selector) => page.$eval(selector, (e) => e.innerText);

/** Each picture: what the quick start shows, taken in the page `page` (signed in). */
const PICTURES = {
	/** Step 1: Settings → Community Nodes → Install, the package's name typed in. */
	async 'install-community-node'(page, state) {
		await page.goto(`${state.url}/settings/community-nodes`, { waitUntil: 'domcontentloaded' });
		// The list of installed packages loads slowly (n8n asks npm about updates); then "Install node".
		const install = '[data-test-id="empty-state"] button, [data-test-id="community-package-install-button"]';
		await until('the Community Nodes page', () => visible(page, install));
		await page.click(install);
		const modal = '[data-test-id="communityPackageInstall-modal"]';
		await until('the install dialog', () => visible(page, `${modal} [data-test-id="package-name-input"]`));
		await page.type(`${modal} [data-test-id="package-name-input"] input, ${modal} input[data-test-id="package-name-input"]`, lib.PACKAGE_NAME);
		await page.click(`${modal} [data-test-id="user-agreement-checkbox"]`);
		await sleep(500);
		return null;
	},
	/** Step 2: the BadgeKit API credential, tested. */
	async 'credential-badgekit-api'(page, state) {
		return credentialModal(page, state, state.credentials.badgeKitApi.id);
	},
	/** Step 3: the workflow menu's Import from URL, the combined example's address pasted. */
	async 'import-from-url'(page, state) {
		await page.goto(`${state.url}/workflow/new`, { waitUntil: 'domcontentloaded' });
		await until('the new workflow', () => visible(page, '[data-test-id="workflow-menu"]'));
		// The ⋯ beside the workflow's name, then Import → From URL
		await page.click('[data-test-id="workflow-menu"]');
		await until('the workflow menu', () => visible(page, '[data-test-id="workflow-menu-item-import"]'));
		await page.hover('[data-test-id="workflow-menu-item-import"]');
		await until('Import → From URL', () => visible(page, '[data-test-id="workflow-menu-item-import-from-url"]'));
		await page.click('[data-test-id="workflow-menu-item-import-from-url"]');
		const input =
			'[data-test-id="importWorkflowUrl-modal"] [data-test-id="workflow-url-import-input"] input, input[data-test-id="workflow-url-import-input"]';
		await until('the Import from URL dialog', () => visible(page, input));
		await page.type(input, 'https://raw.githubusercontent.com/n8n-nodes-badgekit/n8n-nodes-badgekit/main/examples/00-all-badgekit-events.json');
		await sleep(300);
		return null;
	},
	/** Step 3: the trigger's Production URL, to copy into BadgeKit's webhooks row. */
	async 'trigger-production-url'(page, state) {
		await openWorkflow(page, state, state.example.id);
		await page.click(`[data-test-id="canvas-node"][data-node-name="${state.example.trigger}"]`, { count: 2 });
		await until('the trigger panel', () => visible(page, '[data-test-id="ndv"] [data-test-id="node-parameters"]'));
		await page.click('[data-test-id="ndv"] ::-p-text(Webhook URLs)');
		await until('the Production URL switch', () => visible(page, '[data-test-id="ndv"] ::-p-text(Production URL)'));
		await page.click('[data-test-id="ndv"] ::-p-text(Production URL)');
		await sleep(500);
		return '[data-test-id="ndv"]';
	},
	/** Step 5: the test award, run from the BadgeKit node. */
	async 'test-award'(page, state) {
		await openWorkflow(page, state, state.testAward.id);
		await page.click(`[data-test-id="canvas-node"][data-node-name="${state.testAward.node}"]`, { count: 2 });
		await until('the BadgeKit node panel', () => visible(page, '[data-test-id="ndv"] [data-test-id="node-parameters"]'));
		await page.click('[data-test-id="ndv"] [data-test-id="node-execute-button"]');
		await until('the award in the output', async () => (await textOf(page, '[data-test-id="output-panel"]')).includes(OWNER.email));
		await sleep(500);
		return '[data-test-id="ndv"]';
	},
};

async function openWorkflow(page, state, id) {
	await page.goto(`${state.url}/workflow/${id}`, { waitUntil: 'domcontentloaded' });
	await until('the workflow on the canvas', () => visible(page, '[data-test-id="canvas-node"]'));
	await sleep(1500); // the canvas fits the view after the nodes show
}

async function credentialModal(page, state, id) {
	await page.goto(`${state.url}/home/credentials/${id}`, { waitUntil: 'domcontentloaded' });
	const dialog = '[data-test-id="credential-edit-dialog"]';
	await until('the credential dialog', () => visible(page, dialog));
	await until('"Connection tested successfully"', () => visible(page, `${dialog} [data-test-id="credentials-config-container-test-success"]`));
	await sleep(500);
	return null;
}

async function takePictures(state, only) {
	ensureChromium();
	const puppeteer = require('puppeteer-core');
	const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'badgekit-screenshots-chromium-'));
	const browser = await puppeteer.launch({
		executablePath: CHROMIUM,
		headless: true,
		userDataDir: profile,
		args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-sync'],
		defaultViewport: { width: 1280, height: 800, deviceScaleFactor: 1 },
		protocolTimeout: WAIT_MS,
	});
	try {
		const page = await browser.newPage();
		page.setDefaultTimeout(WAIT_MS);
		page.on('dialog', (d) => void d.accept().catch(() => undefined));
		await page.goto(`${state.url}/signin`, { waitUntil: 'domcontentloaded' });
		await until('the sign-in form', () => visible(page, 'input[type="email"]'));
		await page.type('input[type="email"]', OWNER.email);
		await page.type('input[type="password"]', OWNER.password);
		await page.keyboard.press('Enter');
		await page.waitForFunction("!location.pathname.startsWith('/signin')", { timeout: WAIT_MS });
		fs.mkdirSync(IMAGES, { recursive: true });
		for (const [name, take] of Object.entries(PICTURES)) {
			if (only && name !== only) continue;
			const started = Date.now();
			try {
				const clip = await take(page, state);
				const file = path.join(IMAGES, `${name}.png`);
				const element = clip ? await page.$(clip) : null;
				if (element) await element.screenshot({ path: file });
				else await page.screenshot({ path: file });
				log(`${path.relative(lib.ROOT, file)} (${Date.now() - started} ms)`);
			} catch (e) {
				const failed = path.join(os.tmpdir(), `FAILED-${name}.png`);
				await page.screenshot({ path: failed }).catch(() => undefined);
				throw new Error(`${name}: ${e.message} (the page as it was: ${failed})`);
			}
		}
	} finally {
		await browser.close().catch(() => undefined);
		fs.rmSync(profile, { recursive: true, force: true });
	}
}

async function main() {
	const { values } = parseArgs({ options: { only: { type: 'string' }, serve: { type: 'string' }, attach: { type: 'string' } } });
	if (values.only && !PICTURES[values.only]) throw new Error(`--only: no picture "${values.only}"; there are: ${Object.keys(PICTURES).join(', ')}`);
	if (values.attach) return takePictures(JSON.parse(fs.readFileSync(values.attach, 'utf8')), values.only);
	const { state, stop } = await startEverything();
	const stopOnSignal = () => void stop().then(() => process.exit(130));
	process.once('SIGINT', stopOnSignal);
	process.once('SIGTERM', stopOnSignal);
	if (values.serve) {
		fs.writeFileSync(values.serve, JSON.stringify(state, null, 2));
		log(`ready: ${state.url} (${OWNER.email} / ${OWNER.password}); take pictures with --attach=${values.serve}`);
		return new Promise(() => undefined);
	}
	try {
		await takePictures(state, values.only);
	} finally {
		await stop();
	}
}

main().then(
	() => process.exit(0),
	(e) => {
		log(e.stack || e.message);
		process.exit(1);
	},
);
