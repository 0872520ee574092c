#!/usr/bin/env node
'use strict';
// `npm start`: a real n8n with this package loaded, next to a BadgeKit sandbox and a catch-all SMTP
// mailbox, the example workflows imported and their credentials filled in. Ctrl-C stops everything.
//
//   1. installs the dev dependencies if node_modules is missing, builds the package (npm run build);
//   2. installs the pinned n8n once into ~/.cache/n8n-nodes-badgekit (scripts/install-n8n.sh), with the
//      pinned Node it runs on (Node 24 from the npm package node-<os>-<arch>, never the system Node);
//   3. starts, all on 127.0.0.1:
//        - a loopback SMTP server that accepts every email and prints it here,
//        - the BadgeKit sandbox (sandbox, demo seed), the same server the tests use,
//        - n8n (sqlite, no telemetry) with the user folder .n8n-local/ (git-ignored, kept between runs;
//          --fresh starts over), this repository linked as its community package n8n-nodes-badgekit;
//   4. creates the owner account, the credentials (BadgeKit API, BadgeKit Webhook, SMTP) and imports
//      the examples/ workflows (first run only; later runs keep your edits), activating the combined
//      example (00-all-badgekit-events.json); the single-event examples stay inactive alternatives;
//   5. registers the combined example's trigger as the sandbox's webhook with the trigger's own
//      registration SQL (BadgeKit has one webhook per system), so award, review and revoke all reach it
//      and the three "try" workflows work without choosing anything.
//
// Options: --fresh  --port=5678  --sandbox-port=8091  --smtp-port=2525
//          --verbose (n8n's own output here too; it always goes to .n8n-local/n8n.log)
//          --smoke   non-interactive check of the whole path (CI): everything above in a temporary
//                    user folder on free ports, then runs "try example 1" (examples/sandbox/
//                    try-1-issue-a-badge.json) as the editor's "Execute workflow" button does, waits
//                    for the combined example's award email in the mailbox, stops everything and exits
//                    0; or exits 1 saying which step failed. Every wait is bounded.

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const crypto = require('node:crypto');
const { spawnSync } = require('node:child_process');
const { parseArgs } = require('node:util');

const ROOT = path.resolve(__dirname, '..');
// A temporary folder instead with --smoke.
let USER_FOLDER = path.join(ROOT, '.n8n-local');
let STATE_FILE = path.join(USER_FOLDER, 'badgekit-sandbox.json');
const EXAMPLES_DIR = path.join(ROOT, 'examples');

const OWNER = { email: 'demo@example.com', password: 'BadgeKit-demo-1', firstName: 'BadgeKit', lastName: 'Demo' };
const SANDBOX_MASTER_SECRET = 'sandbox-master-secret';
const SANDBOX_WEBHOOK_SECRET = 'sandbox-webhook-secret';
const SANDBOX_SYSTEM = 'demo';

/** The example that receives the sandbox's webhook: every event, so every "try" workflow works. */
const WEBHOOK_TARGET = '00-all-badgekit-events.json';

const say = (line = '') => process.stdout.write(line + '\n');
const step = (line) => say(`» ${line}`);

function parseOptions() {
	const { values } = parseArgs({
		options: {
			fresh: { type: 'boolean', default: false },
			port: { type: 'string' },
			'sandbox-port': { type: 'string' },
			'smtp-port': { type: 'string' },
			verbose: { type: 'boolean', default: false },
			smoke: { type: 'boolean', default: false },
			help: { type: 'boolean', default: false },
		},
	});
	if (values.help) {
		say(
			fs
				.readFileSync(__filename, 'utf8')
				.split('\n')
				.filter((l) => l.startsWith('//'))
				.map((l) => l.slice(3))
				.join('\n'),
		);
		process.exit(0);
	}
	// The usual ports for a person; free ones (0) for a smoke run, which may run beside `npm start`.
	values.port ??= values.smoke ? '0' : process.env.BADGEKIT_N8N_PORT || '5678';
	values['sandbox-port'] ??= values.smoke ? '0' : '8091';
	values['smtp-port'] ??= values.smoke ? '0' : '2525';
	return values;
}

/** npm ci (or npm install) when the dev dependencies are not there yet: a fresh clone. */
function ensureDependencies() {
	const needed = ['typescript', 'gulp', 'smtp-server', 'jsonwebtoken'];
	if (needed.every((name) => fs.existsSync(path.join(ROOT, 'node_modules', name, 'package.json')))) return;
	const command = fs.existsSync(path.join(ROOT, 'package-lock.json')) ? 'ci' : 'install';
	step(`installing the dependencies (npm ${command})…`);
	const result = spawnSync(process.platform === 'win32' ? 'npm.cmd' : 'npm', [command, '--no-audit', '--no-fund'], { cwd: ROOT, stdio: 'inherit' });
	if (result.status !== 0) throw new Error(`npm ${command} failed`);
}

function readState() {
	try {
		return JSON.parse(fs.readFileSync(STATE_FILE, 'utf8'));
	} catch {
		return {};
	}
}

function writeState(state) {
	fs.writeFileSync(STATE_FILE, JSON.stringify(state, null, 2) + '\n', { mode: 0o600 });
}

async function pickPort(lib, wanted, what) {
	const port = Number(wanted);
	if (port && !(await lib.portInUse(port))) return port;
	const free = await lib.freePort();
	if (port) say(`  port ${port} is in use: ${what} uses ${free} instead`);
	return free;
}

/** examples/*.json (the examples) and examples/sandbox/*.json (buttons to try them on the sandbox). */
function loadExamples() {
	const list = (dir, prefix) =>
		fs.existsSync(dir)
			? fs
					.readdirSync(dir)
					.filter((f) => f.endsWith('.json'))
					.sort()
					.map((f) => ({ file: prefix + f, workflow: JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')) }))
			: [];
	return [...list(EXAMPLES_DIR, ''), ...list(path.join(EXAMPLES_DIR, 'sandbox'), 'sandbox/')];
}

/** Whether an example is activated on import: the combined one (the others are alternatives to it). */
function activatedOnImport(file, workflow) {
	return needsActivation(workflow) && (file === WEBHOOK_TARGET || file.startsWith('sandbox/'));
}

/** Whether a workflow has a trigger that only runs once the workflow is active (webhook or polling). */
function needsActivation(workflow) {
	return workflow.nodes.some((node) => /trigger$/i.test(node.type) && !/manualTrigger$|executeWorkflowTrigger$/i.test(node.type));
}

function badgeKitTriggerNode(workflow) {
	return workflow.nodes.find((node) => /\.badgeKitTrigger$/.test(node.type));
}

function printMail(message) {
	const line = '─'.repeat(72);
	say(`\n${line}\n✉  email received by the sandbox mailbox (${new Date().toLocaleTimeString()})`);
	say(`   From:    ${message.from}`);
	say(`   To:      ${message.to}`);
	say(`   Subject: ${message.subject}`);
	say('');
	for (const l of (message.text || message.html).trim().split('\n')) say('   ' + l);
	say(line);
}

async function main() {
	const options = parseOptions();
	const started = Date.now();
	const [major, minor] = process.versions.node.split('.').map(Number);
	if (major < 20 || (major === 20 && minor < 15)) throw new Error(`Node.js 20.15 or newer is needed (this is ${process.versions.node})`);

	ensureDependencies();
	const lib = require('../tooling/n8n');
	const { startSmtpServer } = require('../tooling/smtp');
	const { createBadgeKitServer } = require('../sandbox');

	step('building the package…');
	// Always rebuilt for a person (edit, restart); --smoke builds only when dist/ is stale.
	await lib.ensureBuilt({ force: !options.smoke, log: (l) => say('  ' + l) });
	step(`n8n ${lib.N8N_VERSION} (installed once into ${lib.CACHE_DIR})…`);
	const install = await lib.installN8n(lib.N8N_VERSION, { log: (l) => say('  ' + l) });

	if (options.smoke) {
		USER_FOLDER = fs.mkdtempSync(path.join(os.tmpdir(), 'badgekit-smoke-'));
		STATE_FILE = path.join(USER_FOLDER, 'badgekit-sandbox.json');
		step(`--smoke: n8n user folder ${USER_FOLDER} (removed afterwards when all went well)`);
	}
	if (options.fresh && fs.existsSync(USER_FOLDER)) {
		step(`--fresh: removing ${path.relative(process.cwd(), USER_FOLDER) || USER_FOLDER}`);
		fs.rmSync(USER_FOLDER, { recursive: true, force: true });
	}
	fs.mkdirSync(USER_FOLDER, { recursive: true });
	const state = readState();
	if (!state.encryptionKey) {
		if (fs.existsSync(path.join(USER_FOLDER, '.n8n', 'database.sqlite'))) {
			throw new Error(`${USER_FOLDER} holds an n8n database this script did not create (no ${path.basename(STATE_FILE)}): run npm start -- --fresh`);
		}
		state.encryptionKey = crypto.randomBytes(24).toString('base64url');
		writeState(state);
	}
	// The package as users get it: its npm pack tarball, installed as n8n's Community Nodes panel does.
	step('installing the package into n8n (npm pack, then as the Community Nodes panel does)…');
	const tarball = await lib.packBuiltPackage(path.join(USER_FOLDER, 'pack'), { log: (l) => say('  ' + l) });
	lib.installPackage(USER_FOLDER, { tarball, way: 'panel' });

	// Everything started below is stopped by shutdown(), on Ctrl-C, on SIGTERM and on failure.
	const stops = [];
	let stopping = null;
	const shutdown = (code) => {
		if (!stopping) {
			stopping = (async () => {
				say('\nstopping…');
				for (const stop of stops.reverse()) {
					try {
						await stop();
					} catch (e) {
						say(`  ${e.message}`);
					}
				}
				say('stopped.');
				if (options.smoke) {
					if (code === 0) fs.rmSync(USER_FOLDER, { recursive: true, force: true });
					else say(`kept ${USER_FOLDER} (n8n's log: ${path.join(USER_FOLDER, 'n8n.log')})`);
				}
				process.exit(code);
			})();
		}
		return stopping;
	};
	process.on('SIGINT', () => shutdown(0));
	process.on('SIGTERM', () => shutdown(0));

	try {
		const smtpPort = await pickPort(lib, options['smtp-port'], 'the mailbox');
		const smtp = await startSmtpServer({ host: '127.0.0.1', port: smtpPort, onMessage: printMail });
		stops.push(() => smtp.close());

		const sandboxPort = await pickPort(lib, options['sandbox-port'], 'the BadgeKit sandbox');
		// Like BadgeKit 0.2.22 (random slugs on badge create) unless BADGEKIT_BADGE_SLUGS=posted.
		const badgeSlugs = process.env.BADGEKIT_BADGE_SLUGS || 'generated';
		const sandbox = await createBadgeKitServer({
			host: '127.0.0.1',
			port: sandboxPort,
			masterSecret: SANDBOX_MASTER_SECRET,
			seed: 'demo',
			badgeSlugs,
		});
		stops.push(() => sandbox.close());
		logSandboxActivity(sandbox, stops);

		const n8nPort = await pickPort(lib, options.port, 'n8n');
		step(`starting n8n on http://127.0.0.1:${n8nPort} (log: ${path.relative(process.cwd(), path.join(USER_FOLDER, 'n8n.log'))})…`);
		const n8n = await lib.startN8n({
			install,
			userFolder: USER_FOLDER,
			port: n8nPort,
			encryptionKey: state.encryptionKey,
			onOutput: options.verbose ? (text) => process.stdout.write(text) : undefined,
		});
		stops.push(() => n8n.stop());
		const watchdog = setInterval(() => {
			if (n8n.exited && !stopping) {
				say(`\nn8n stopped on its own (${JSON.stringify(n8n.exited)}). Last lines of its log:\n${n8n.logTail(30)}`);
				shutdown(1);
			}
		}, 1000);
		stops.push(() => clearInterval(watchdog));
		const packageFailure = fs.readFileSync(n8n.logFile, 'utf8').lastIndexOf(`Failed to load package "${lib.PACKAGE_NAME}"`);
		if (packageFailure !== -1) say(`  warning: n8n could not load ${lib.PACKAGE_NAME}; see ${n8n.logFile}`);

		// Owner and API key
		const client = new lib.N8nClient(n8n.url);
		await client.ensureOwner(OWNER);
		client.apiKey = state.apiKey || '';
		if (!(await client.apiKeyWorks())) {
			state.apiKey = await client.createApiKey('npm start');
			writeState(state);
		}

		// Credentials: created once, their data refreshed on every start (ports may have changed).
		state.credentials = state.credentials || {};
		const credentialSpecs = [
			{
				type: 'badgeKitApi',
				name: 'BadgeKit sandbox API',
				data: {
					baseUrl: sandbox.url,
					key: 'master',
					system: SANDBOX_SYSTEM /* only used with consumer keys; the public API requires it */,
					secret: SANDBOX_MASTER_SECRET,
				},
			},
			{ type: 'badgeKitWebhookApi', name: 'BadgeKit sandbox webhook', data: { secret: SANDBOX_WEBHOOK_SECRET } },
			{ type: 'smtp', name: 'Sandbox mailbox (SMTP)', data: smtp.credentialData },
		];
		const credentials = {};
		for (const spec of credentialSpecs) {
			const known = state.credentials[spec.type];
			if (!(known && (await client.updateCredential(known.id, spec)))) {
				state.credentials[spec.type] = await client.createCredentialRef(spec);
			}
			credentials[spec.type] = state.credentials[spec.type];
		}
		writeState(state);

		// Examples: imported on the first run (and whenever one was deleted); later runs keep edits.
		state.workflows = state.workflows || {};
		const workflows = {};
		for (const { file, workflow } of loadExamples()) {
			const known = state.workflows[file];
			let current = known ? await client.getWorkflow(known) : null;
			if (!current) {
				current = await client.createWorkflow(lib.withCredentials(workflow, credentials));
				state.workflows[file] = current.id;
				writeState(state);
			}
			// Activated once (retried on later starts until that worked); after that, your choice stands.
			state.activated = state.activated || {};
			if (activatedOnImport(file, workflow) && state.activated[file] !== true) {
				try {
					if (!current.active) await client.activateWorkflow(current.id);
					state.activated[file] = true;
					writeState(state);
				} catch (e) {
					say(`  could not activate "${current.name}": ${e.message}`);
				}
				current = await client.getWorkflow(current.id);
			}
			workflows[file] = current;
		}

		// The sandbox's one webhook → the combined example's trigger, registered as an issuer would:
		// the SQL the trigger shows, run in the sandbox's "database".
		const current = registerWebhook(sandbox, workflows[WEBHOOK_TARGET], n8n.url, lib);

		// Banner
		const rule = '═'.repeat(72);
		say(`\n${rule}`);
		say(`  n8n ${install.version} with n8n-nodes-badgekit is ready (${Math.round((Date.now() - started) / 1000)} s)`);
		say(`\n  Editor     ${n8n.url}/`);
		say(`             sign in as ${OWNER.email} / ${OWNER.password}`);
		say(`\n  BadgeKit sandbox   ${sandbox.url}   (demo data: system "${SANDBOX_SYSTEM}", badges direct-demo,`);
		say(`                     assessed-demo, …, application demo-application-1; in memory, fresh each start)`);
		say(`    API key "master", secret ${SANDBOX_MASTER_SECRET}      → credential "${credentials.badgeKitApi.name}"`);
		say(`    webhook secret ${SANDBOX_WEBHOOK_SECRET}             → credential "${credentials.badgeKitWebhookApi.name}"`);
		say(`  Mailbox (SMTP)     127.0.0.1:${smtp.port}, no TLS, no login → credential "${credentials.smtp.name}"`);
		say(`                     every email sent to it is printed here`);
		say(`\n  Workflows`);
		for (const [file, workflow] of Object.entries(workflows)) {
			const status = !needsActivation(workflow) ? 'manual  ' : workflow.active ? 'active  ' : 'inactive';
			say(`    ${status}  ${n8n.url}/workflow/${workflow.id}   ${workflow.name}  (examples/${file})`);
		}
		say(
			current
				? `\n  the sandbox's webhook (system "${SANDBOX_SYSTEM}") → "${current.workflow.name}" (every event)\n    ${current.url}`
				: '\n  the sandbox has no webhook',
		);
		say(`  The single-event examples 01–03 are imported inactive: BadgeKit calls one webhook per system.`);
		say(`\n  Try it: open "Sandbox: try example 1/2/3" and click "Execute workflow": the sandbox issues,`);
		say(`  reviews or revokes, calls its webhook, the combined example runs, and its email appears here.`);
		say(`  See examples/README.md.`);
		say(`\n  Ctrl-C stops n8n, the sandbox and the mailbox.`);
		say(`${rule}\n`);

		if (options.smoke) {
			const ok = await smokeRun({ lib, client, n8n, sandbox, smtp, workflows });
			await shutdown(ok ? 0 : 1);
			return;
		}
	} catch (e) {
		say(`\nnpm start failed: ${e.stack || e.message}`);
		await shutdown(1);
	}
}

/**
 * Replaces the sandbox system's webhook rows by the combined example's Production URL, with the
 * registration SQL the BadgeKit Trigger shows (from the built package).
 */
function registerWebhook(sandbox, workflow, n8nUrl, lib) {
	const trigger = workflow && badgeKitTriggerNode(workflow);
	if (!trigger) {
		say(`  no BadgeKit Trigger found in examples/${WEBHOOK_TARGET}: the sandbox has no webhook`);
		return null;
	}
	const url = lib.webhookUrl(n8nUrl, workflow, trigger.name);
	const { REGISTRATION_SQL } = require(path.join(ROOT, 'dist', 'nodes', 'BadgeKit', 'webhook', 'registration.js'));
	const quoted = (text) => text.replace(/'/g, "''");
	sandbox.runSql(
		REGISTRATION_SQL.replace('PRODUCTION_URL', quoted(url))
			.replace('WEBHOOK_SECRET', quoted(SANDBOX_WEBHOOK_SECRET))
			.replace(/SYSTEM_SLUG/g, SANDBOX_SYSTEM),
	);
	return { workflow, url };
}

/** Bounds of the smoke run's waits (after n8n is ready; n8n's start has its own, 3 min). */
const SMOKE_RUN_TIMEOUT_MS = 60_000;
const SMOKE_EMAIL_TIMEOUT_MS = 90_000;

/**
 * --smoke: runs "try example 1" as the editor's "Execute workflow" button does (POST
 * /rest/workflows/<id>/run from its manual trigger), then waits for the email example 1 sends when
 * the sandbox's award webhook reaches its BadgeKit Trigger. Says what failed; returns whether all went well.
 */
async function smokeRun({ lib, client, n8n, sandbox, smtp, workflows }) {
	const started = Date.now();
	const fail = (what) => {
		say(`\nsmoke run FAILED: ${what}`);
		return false;
	};
	const tryIt = workflows['sandbox/try-1-issue-a-badge.json'];
	const example1 = workflows[WEBHOOK_TARGET];
	if (!tryIt) return fail('examples/sandbox/try-1-issue-a-badge.json was not imported');
	if (!example1 || !example1.active) return fail(`examples/${WEBHOOK_TARGET} is not active, so it cannot receive the award webhook`);
	const manualTrigger = tryIt.nodes.find((node) => /manualTrigger$/.test(node.type));
	const issuer = tryIt.nodes.find((node) => /\.badgeKit$/.test(node.type));
	if (!manualTrigger || !issuer) return fail(`"${tryIt.name}" has no manual trigger or no BadgeKit node`);
	const earner = issuer.parameters.email;

	step(`smoke: running "${tryIt.name}" (as "Execute workflow" in the editor)…`);
	const res = await client.rest('POST', `/workflows/${encodeURIComponent(tryIt.id)}/run`, { triggerToStartFrom: { name: manualTrigger.name } });
	const data = res.status === 200 ? res.json().data : null;
	if (!data || !data.executionId) return fail(`n8n did not start "${tryIt.name}": ${res.status} ${res.text.slice(0, 500)}`);

	let run;
	try {
		[run] = await client.waitForExecutions(tryIt.id, 1, { timeoutMs: SMOKE_RUN_TIMEOUT_MS });
	} catch (e) {
		return fail(`"${tryIt.name}" did not finish: ${e.message}`);
	}
	const summary = lib.executionSummary(run);
	if (summary.status !== 'success')
		return fail(`"${tryIt.name}" ended ${summary.status}: ${summary.error || 'no error message'} (nodes run: ${summary.nodes.join(', ')})`);
	say(`  "${tryIt.name}" succeeded (execution ${run.id}); waiting for the award email to ${earner}…`);

	let mail;
	try {
		mail = await smtp.waitFor((m) => m.envelope.to.includes(earner) || String(m.to).includes(earner), { timeoutMs: SMOKE_EMAIL_TIMEOUT_MS });
	} catch (e) {
		const deliveries = sandbox.deliveries.map((d) => `"${d.action}" → ${d.url}: ${d.error || d.status}`);
		let runs = [];
		try {
			runs = (await client.executions(example1.id)).map((x) => {
				const s = lib.executionSummary(x);
				return `${s.status}${s.error ? ': ' + s.error : ''}`;
			});
		} catch (error) {
			runs = [`(could not read its executions: ${error.message})`];
		}
		return fail(
			`the award email did not arrive: ${e.message}\n  sandbox webhook deliveries: ${deliveries.join('; ') || 'none'}\n  ${WEBHOOK_TARGET} executions: ${runs.join('; ') || 'none'}\n  n8n log: ${n8n.logFile}`,
		);
	}
	say(`\nsmoke run OK: "${tryIt.name}" issued the badge, the sandbox's award webhook ran ${WEBHOOK_TARGET}, and its email`);
	say(`"${mail.subject}" reached ${earner} ${((Date.now() - started) / 1000).toFixed(1)} s after "Execute workflow".`);
	return true;
}

/** Prints the sandbox's answered requests and webhook deliveries as they happen. */
function logSandboxActivity(sandbox, stops) {
	let seenDeliveries = 0;
	const logged = new WeakSet();
	const timer = setInterval(() => {
		for (const r of sandbox.requests) {
			if (r.status === null || logged.has(r)) continue;
			logged.add(r);
			say(`  [sandbox] ${r.status} ${r.method} ${r.url}`);
		}
		while (seenDeliveries < sandbox.deliveries.length) {
			const d = sandbox.deliveries[seenDeliveries];
			if (d.status === null && d.error === null) break;
			say(`  [sandbox] webhook "${d.action}" → ${d.url}: ${d.error || d.status}`);
			seenDeliveries++;
		}
	}, 250);
	stops.push(() => clearInterval(timer));
}

main().catch((e) => {
	say(`\nnpm start failed: ${e.message}`);
	process.exit(1);
});
