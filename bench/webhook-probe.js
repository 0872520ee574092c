'use strict';
// Where the time of a webhook call goes inside n8n: preloaded into n8n (NODE_OPTIONS=--require) by
// `node bench/webhook-latency.js --probe`, it wraps a few of n8n's own functions (nothing in the
// installed n8n is changed) and appends one JSON line per call to $BADGEKIT_PROBE_OUT:
//   {fn, ms, path, cold?}
// `path` is the webhook path of the request the call belongs to (AsyncLocalStorage), `cold` tells
// whether an isolate had to be created because n8n's pool (1 isolate by default) was empty.
const fs = require('fs');
const Module = require('module');
const { AsyncLocalStorage } = require('async_hooks');
const { performance } = require('perf_hooks');

const out = process.env.BADGEKIT_PROBE_OUT;
const als = new AsyncLocalStorage();

function record(entry) {
	if (out) fs.appendFileSync(out, JSON.stringify(entry) + '\n');
}

function wrapAsync(proto, name, label, { before, scope } = {}) {
	const original = proto && proto[name];
	if (typeof original !== 'function' || original.__probed) return;
	const wrapped = function (...args) {
		const store = als.getStore();
		const extra = before ? before.call(this, args) : {};
		// Read before the call: n8n empties request.params on the way.
		const path = scope ? scope(args) : store?.path;
		const run = () => {
			const started = performance.now();
			const done = () => record({ fn: label, ms: +(performance.now() - started).toFixed(3), path: path ?? null, ...extra });
			let result;
			try {
				result = original.apply(this, args);
			} catch (error) {
				done();
				throw error;
			}
			if (result && typeof result.then === 'function') return result.finally(done);
			done();
			return result;
		};
		return scope ? als.run({ path }, run) : run();
	};
	wrapped.__probed = true;
	proto[name] = wrapped;
}

const patches = [
	[
		/n8n\/dist\/webhooks\/live-webhooks\.js$/,
		(exports) =>
			wrapAsync(exports.LiveWebhooks?.prototype, 'executeWebhook', 'executeWebhook (whole webhook phase)', {
				scope: (args) => args[0]?.params?.path,
			}),
	],
	[
		/n8n\/dist\/webhooks\/webhook\.service\.js$/,
		(exports) => wrapAsync(exports.WebhookService?.prototype, 'runWebhook', "runWebhook (the node's webhook())"),
	],
	[
		/n8n\/dist\/credentials-helper\.js$/,
		(exports) => wrapAsync(exports.CredentialsHelper?.prototype, 'getDecrypted', 'getDecrypted (getCredentials)'),
	],
	[/n8n\/dist\/workflow-runner\.js$/, (exports) => wrapAsync(exports.WorkflowRunner?.prototype, 'run', 'WorkflowRunner.run (execution started)')],
	[
		/n8n\/dist\/workflows\/workflow-static-data\.service\.js$/,
		(exports) =>
			wrapAsync(exports.WorkflowStaticDataService?.prototype, 'saveStaticData', 'saveStaticData', {
				before(args) {
					const data = args[0]?.staticData;
					return { changed: data?.__dataChanged === true, bytes: data?.__dataChanged ? JSON.stringify(data).length : 0 };
				},
			}),
	],
	[
		/expression-runtime\/dist\/cjs\/evaluator\/expression-evaluator\.js$/,
		(exports) => {
			wrapAsync(exports.ExpressionEvaluator?.prototype, 'acquire', 'isolate acquire', {
				before() {
					return { cold: !this.config?.lazyAcquire && (this.pool?.bridges?.length ?? 1) === 0 };
				},
			});
			// Which expressions reach the engine (the reason an isolate is needed at all).
			wrapAsync(exports.ExpressionEvaluator?.prototype, 'evaluate', 'expression evaluated', {
				before(args) {
					return { expression: String(args[0]).slice(0, 80) };
				},
			});
		},
	],
	[
		/expression-runtime\/dist\/cjs\/bridge\/isolated-vm-bridge\.js$/,
		(exports) => wrapAsync(exports.IsolatedVmBridge?.prototype, 'initialize', 'isolate create (initialize)'),
	],
];

const originalLoad = Module._load;
const done = new Set();
Module._load = function (request, parent, isMain) {
	const exports = originalLoad.apply(this, arguments);
	if (done.size < patches.length) {
		let filename;
		try {
			filename = Module._resolveFilename(request, parent, isMain);
		} catch {
			return exports;
		}
		for (const [pattern, patch] of patches) {
			if (!done.has(pattern) && pattern.test(filename.replace(/\\/g, '/'))) {
				done.add(pattern);
				patch(exports);
			}
		}
	}
	return exports;
};
