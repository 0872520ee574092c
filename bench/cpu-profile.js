'use strict';
// Summarises V8 CPU profiles (.cpuprofile, from `--cpu-prof`, e.g. `node bench/issuing.js --cpu-prof DIR`):
// self time by package and the functions with the most self and total time, optionally only below
// the frames whose "function file" matches --under (e.g. --under 'execute BadgeKit.node.js').
//
//   node bench/cpu-profile.js <file.cpuprofile | DIR> [--top 25] [--under REGEX] [--window REGEX] [--until REGEX]
// --until ends the window at the first sample (after it began) whose stack matches, e.g. the next
// node of the bench ("execute HttpRequestV3"), so that one round of one node is read alone.
const fs = require('fs');
const path = require('path');

const PACKAGE_DIST = path.join(path.resolve(__dirname, '..'), 'dist') + path.sep;

function packageOf(url) {
	if (!url) return '(native / V8)';
	const file = url.replace(/^file:\/\//, '');
	const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(
		file.split('/node_modules/').slice(-1)[0] ? file.slice(file.lastIndexOf('node_modules/')) : file,
	);
	if (file.startsWith(PACKAGE_DIST) || file.includes('/node_modules/n8n-nodes-badgekit/')) return 'n8n-nodes-badgekit (this package)';
	if (match) return match[1];
	if (file.startsWith('node:')) return 'node:' + file.slice(5).split('/')[0];
	return file;
}

function analyse(file, { top = 25, under, window, until } = {}) {
	const profile = JSON.parse(fs.readFileSync(file, 'utf8'));
	const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
	const parent = new Map();
	for (const n of profile.nodes) for (const c of n.children || []) parent.set(c, n.id);
	const underRe = under ? new RegExp(under) : null;
	// --window: every sample (async continuations included) between the first and the last one whose
	// stack matches, idle time left out.
	let from = -Infinity;
	let to = Infinity;
	const sampleTimes = [];
	if (window) {
		const matcher = (re) => {
			const matches = new Map();
			const stackMatches = (id) => {
				if (matches.has(id)) return matches.get(id);
				const f = nodes.get(id).callFrame;
				const result = re.test(`${f.functionName} ${path.basename(f.url || '')}`) || (parent.has(id) && stackMatches(parent.get(id)));
				matches.set(id, result);
				return result;
			};
			return stackMatches;
		};
		const stackMatches = matcher(new RegExp(window));
		const stackEnds = until ? matcher(new RegExp(until)) : () => false;
		let t = profile.startTime;
		from = Infinity;
		to = -Infinity;
		let ended = false;
		for (let i = 0; i < profile.samples.length; i++) {
			t += profile.timeDeltas[i] ?? 0;
			sampleTimes.push(t);
			if (from !== Infinity && !ended && stackEnds(profile.samples[i])) ended = true;
			if (!ended && stackMatches(profile.samples[i])) {
				from = Math.min(from, t);
				to = Math.max(to, t);
			}
		}
	}
	// Sample durations: timeDeltas[i] is the time before sample i.
	const self = new Map();
	for (let i = 0; i < profile.samples.length; i++) {
		if (window) {
			const t = sampleTimes[i];
			if (t < from || t > to) continue;
			const name = nodes.get(profile.samples[i]).callFrame.functionName;
			if (name === '(idle)') continue;
		}
		const dt = profile.timeDeltas[i + 1] ?? 0;
		self.set(profile.samples[i], (self.get(profile.samples[i]) ?? 0) + dt);
	}
	const isUnder = (id) => {
		if (!underRe) return true;
		for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
			const f = nodes.get(cur).callFrame;
			if (underRe.test(`${f.functionName} ${path.basename(f.url || '')}`)) return true;
		}
		return false;
	};
	const byPackage = new Map();
	const byFunction = new Map();
	const totalByFunction = new Map();
	let total = 0;
	for (const [id, us] of self) {
		if (!isUnder(id)) continue;
		const { callFrame } = nodes.get(id);
		total += us;
		const pkg = packageOf(callFrame.url);
		byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + us);
		const fn = `${callFrame.functionName || '(anonymous)'} ${path.basename(callFrame.url || '')}:${callFrame.lineNumber + 1}`;
		byFunction.set(fn, (byFunction.get(fn) ?? 0) + us);
		// Total (inclusive) time: credit every distinct frame on the stack once.
		const seen = new Set();
		for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
			const f = nodes.get(cur).callFrame;
			const key = `${f.functionName || '(anonymous)'} ${path.basename(f.url || '')}:${f.lineNumber + 1}`;
			if (seen.has(key)) continue;
			seen.add(key);
			totalByFunction.set(key, (totalByFunction.get(key) ?? 0) + us);
		}
	}
	const rows = (map) =>
		[...map.entries()]
			.sort((a, b) => b[1] - a[1])
			.slice(0, top)
			.map(([name, us]) => ({ name: name.slice(0, 110), ms: Math.round(us / 1000), '%': ((100 * us) / total).toFixed(1) }));
	return { file, totalMs: total / 1000, byPackage: rows(byPackage), bySelf: rows(byFunction), byTotal: rows(totalByFunction) };
}

if (require.main === module) {
	const target = process.argv[2];
	const args = process.argv.slice(3);
	const opt = (name, fallback) => {
		const i = args.indexOf(`--${name}`);
		return i >= 0 ? args[i + 1] : fallback;
	};
	const files = fs.statSync(target).isDirectory()
		? fs
				.readdirSync(target)
				.filter((f) => f.endsWith('.cpuprofile'))
				.map((f) => path.join(target, f))
		: [target];
	for (const file of files) {
		const r = analyse(file, { top: Number(opt('top', 25)), under: opt('under'), window: opt('window'), until: opt('until') });
		console.log(
			`\n${path.basename(file)}: ${Math.round(r.totalMs)} ms sampled${opt('under') ? ` below /${opt('under')}/` : ''}${opt('window') ? ` while /${opt('window')}/ ran (idle left out)` : ''}`,
		);
		console.log('self time by package:');
		console.table(r.byPackage);
		console.log('functions by self time:');
		console.table(r.bySelf);
		console.log('functions by total time:');
		console.table(r.byTotal);
	}
}

module.exports = { analyse };
