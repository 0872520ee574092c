'use strict';
// A tiny restify-like router: `/systems/:systemSlug/badges/:badgeSlug` patterns, first match
// wins, params URL-decoded. Routes are bucketed by segment count so a lookup only compares a
// handful of patterns.

class Router {
	constructor() {
		/** @type {Map<number, Array<{method: string, segments: string[], handler: Function}>>} */
		this.buckets = new Map();
	}

	add(method, pattern, handler) {
		const segments = pattern.split('/').slice(1);
		if (!this.buckets.has(segments.length)) this.buckets.set(segments.length, []);
		this.buckets.get(segments.length).push({ method, pattern, segments, handler });
	}

	get(pattern, handler) {
		this.add('GET', pattern, handler);
	}

	post(pattern, handler) {
		this.add('POST', pattern, handler);
	}

	put(pattern, handler) {
		this.add('PUT', pattern, handler);
	}

	del(pattern, handler) {
		this.add('DELETE', pattern, handler);
	}

	/**
	 * @returns {{route, params}} on a match, `{allowed: string[]}` when only the method differs
	 * (restify's 405), or null (restify's 404).
	 */
	match(method, path) {
		const parts = path.split('/').slice(1);
		const bucket = this.buckets.get(parts.length);
		if (!bucket) return null;
		const allowed = [];
		for (const route of bucket) {
			const params = matchSegments(route.segments, parts);
			if (!params) continue;
			if (route.method === method) return { route, params };
			if (!allowed.includes(route.method)) allowed.push(route.method);
		}
		return allowed.length ? { allowed } : null;
	}
}

function matchSegments(segments, parts) {
	const params = {};
	for (let i = 0; i < segments.length; i++) {
		const seg = segments[i];
		const part = parts[i];
		if (seg.charCodeAt(0) === 58 /* ':' */) {
			if (part === '') return null;
			params[seg.slice(1)] = safeDecode(part);
		} else if (seg !== part) {
			return null;
		}
	}
	return params;
}

function safeDecode(s) {
	try {
		return decodeURIComponent(s);
	} catch (e) {
		return s;
	}
}

module.exports = { Router };
