'use strict';
// All benchmarks in sequence (`npm run bench`), each in its own process, after building the package
// when dist/ is older than its sources. Each part also runs alone:
//
//   node bench/verification.js                      1. verification cost (no n8n)
//   node bench/webhook-latency.js [--count 500]     2. webhook latency in a real n8n
//   node bench/burst.js [--count 1000,5000]         3. burst of awards (+100 forged)
//   node bench/issuing.js [--count 1000]            4. issuing throughput
//   node --expose-gc bench/replay-memory.js         5. replay store memory (no n8n)
//   node bench/poll.js [--history 1000,10000,50000] 6. Application Trigger: requests and time per poll (no n8n)
//   node bench/queue.js [--count 1000,5000]         7. queue mode: Postgres, Redis, 2 webhook processors
//
//   node bench/run.js [--parts 1,2,3,4,5,6,7] [--engines vm,vm-lazy,legacy] [--quick]
//
// --engines repeats parts 2–4 once per n8n expression engine setting (default: n8n's default, vm);
// --quick uses small counts (a smoke run of the whole chain, not figures to publish).
// Nothing here is part of `npm test`: parts 2–4 and 7 start a real n8n (from the install cache, installed
// on first use) on loopback and stop it, and every server they start, when they end.
const { spawn } = require('child_process');
const os = require('os');
const path = require('path');

const lib = require('../tooling/n8n.js');

function args() {
	const out = { parts: '1,2,3,4,5,6,7', engines: 'vm', quick: false };
	const argv = process.argv.slice(2);
	for (let i = 0; i < argv.length; i++) {
		if (argv[i] === '--quick') out.quick = true;
		else if (argv[i] === '--parts') out.parts = argv[++i];
		else if (argv[i] === '--engines') out.engines = argv[++i];
	}
	return out;
}

let interrupted = false;

function runPart(script, scriptArgs, nodeArgs = []) {
	if (interrupted) return Promise.resolve(130);
	return new Promise((resolve) => {
		const started = Date.now();
		console.log(`\n$ node ${[...nodeArgs, path.join('bench', script), ...scriptArgs].join(' ')}`);
		const child = spawn(process.execPath, [...nodeArgs, path.join(__dirname, script), ...scriptArgs], { stdio: 'inherit' });
		// Interrupted: the running part cleans up after itself (n8n, servers), no further part starts.
		const forward = (signal) => {
			interrupted = true;
			child.kill(signal);
		};
		process.on('SIGINT', forward);
		process.on('SIGTERM', forward);
		child.on('close', (code) => {
			process.off('SIGINT', forward);
			process.off('SIGTERM', forward);
			console.log(`(${script}: exit ${code}, ${Math.round((Date.now() - started) / 1000)} s)`);
			resolve(code);
		});
	});
}

async function main() {
	const options = args();
	const parts = new Set(options.parts.split(',').map(Number));
	const engines = options.engines.split(',').filter(Boolean);
	console.log(`n8n-nodes-badgekit benchmarks — ${new Date().toISOString()}`);
	console.log(
		`machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? '?'}, ${(os.totalmem() / 2 ** 30).toFixed(1)} GB, load ${os
			.loadavg()
			.map((l) => l.toFixed(2))
			.join(' ')}; bench on Node ${process.version}; n8n ${lib.N8N_VERSION}`,
	);
	await lib.ensureBuilt({ log: (line) => console.log(line) });

	const failures = [];
	const part = async (script, scriptArgs, nodeArgs) => {
		const code = await runPart(script, scriptArgs, nodeArgs);
		if (code !== 0) failures.push(`${script} ${scriptArgs.join(' ')}`);
	};
	if (parts.has(1)) await part('verification.js', []);
	for (const engine of engines) {
		if (parts.has(2)) await part('webhook-latency.js', ['--engines', engine, '--count', options.quick ? '50' : '500']);
		if (parts.has(3)) await part('burst.js', ['--engine', engine, '--count', options.quick ? '200' : '1000,5000']);
		if (parts.has(4))
			await part('issuing.js', ['--engine', engine, '--count', options.quick ? '200' : '1000', '--rounds', options.quick ? '1' : '5']);
	}
	if (parts.has(5)) await part('replay-memory.js', [], ['--expose-gc']);
	if (parts.has(6)) await part('poll.js', options.quick ? ['--history', '1000', '--rounds', '2'] : []);
	if (parts.has(7)) await part('queue.js', ['--count', options.quick ? '200' : '1000,5000']);
	if (failures.length) {
		console.log(`\nparts that failed or missed a hard check: ${failures.join('; ')}`);
		process.exitCode = 1;
	}
}

main().catch((error) => {
	console.error(error);
	process.exitCode = 1;
});
