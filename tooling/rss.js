'use strict';
// Resident memory (RSS) of a process, and of its whole process tree (n8n with its task runner,
// PostgreSQL with its backends), read from Linux's /proc: for the benchmarks' memory figures.
const fs = require('node:fs');

function childrenOf(pid) {
	try {
		return fs.readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
	} catch {
		return []; // gone
	}
}

/** RSS of one process in bytes; 0 when it is gone. */
function rssBytes(pid) {
	try {
		const match = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
		return match ? Number(match[1]) * 1024 : 0;
	} catch {
		return 0;
	}
}

/** RSS of a process and all its descendants, in bytes. */
function treeRssBytes(pid) {
	let total = 0;
	const stack = [pid];
	const seen = new Set();
	while (stack.length) {
		const current = stack.pop();
		if (seen.has(current)) continue;
		seen.add(current);
		total += rssBytes(current);
		stack.push(...childrenOf(current));
	}
	return total;
}

module.exports = { rssBytes, treeRssBytes };
