// Small measuring helpers shared by the benchmarks: medians over batches, run side by side.
const { performance } = require('perf_hooks');

function median(values) {
	const sorted = [...values].sort((a, b) => a - b);
	const middle = sorted.length >> 1;
	return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

function percentile(values, p) {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/**
 * Times several functions against each other: batches are interleaved (a, b, a, b, …) so that noise
 * on this shared machine hits all of them alike. Returns the median nanoseconds per call of each.
 */
function compare(functions, { batches = 41, perBatch = 200, warmup = 2000 } = {}) {
	const names = Object.keys(functions);
	for (const name of names) for (let i = 0; i < warmup; i++) functions[name]();
	const samples = Object.fromEntries(names.map((name) => [name, []]));
	for (let batch = 0; batch < batches; batch++) {
		for (const name of names) {
			const fn = functions[name];
			const start = performance.now();
			for (let i = 0; i < perBatch; i++) fn();
			samples[name].push(((performance.now() - start) * 1e6) / perBatch);
		}
	}
	return Object.fromEntries(names.map((name) => [name, median(samples[name])]));
}

function requireBuilt(relative) {
	try {
		return require(`../dist/${relative}`);
	} catch (error) {
		console.error('Build the package first: npm run build');
		throw error;
	}
}

module.exports = { median, percentile, compare, requireBuilt };
