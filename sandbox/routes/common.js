'use strict';
// Helpers shared by the route modules: the three URL scopes a badge can be reached through, the
// "finder" lookups (with the real 404 messages) and pagination.

const { errors } = require('../http');

/** Every badge-related endpoint exists under these three prefixes. */
const SCOPES = {
	system: '/systems/:systemSlug',
	issuer: '/systems/:systemSlug/issuers/:issuerSlug',
	program: '/systems/:systemSlug/issuers/:issuerSlug/programs/:programSlug',
};

function forEachScope(fn) {
	for (const [scope, prefix] of Object.entries(SCOPES)) fn(prefix, scope);
}

/** findSystem → findIssuer → findProgram, each 404ing like the real finder middleware. */
function findContainers(store, params) {
	const system = store.findSystem(params.systemSlug);
	if (!system) throw errors.notFound('system', 'slug', params.systemSlug);
	let issuer;
	let program;
	if (params.issuerSlug !== undefined) {
		issuer = store.findIssuer(system.id, params.issuerSlug);
		if (!issuer) throw errors.notFound('issuer', 'slug', params.issuerSlug);
	}
	if (params.programSlug !== undefined) {
		program = store.findProgram(issuer.id, params.programSlug);
		if (!program) throw errors.notFound('program', 'slug', params.programSlug);
	}
	return { system, issuer, program };
}

/** Containers plus the badge, which must belong to the innermost container of the URL. */
function findBadge(store, params) {
	const found = findContainers(store, params);
	const badge = store.findBadge(found.system.id, params.badgeSlug);
	const inScope = badge && (!found.issuer || badge.issuerId === found.issuer.id) && (!found.program || badge.programId === found.program.id);
	if (!inScope) throw errors.notFound('badge', 'slug', params.badgeSlug);
	return { ...found, badge };
}

/** `?page=N&count=M` (both > 0) slices the list and adds pageData, like lib/send-paginated. */
function paginate(query, data, key) {
	const page = parseInt(query.page, 10);
	const count = parseInt(query.count, 10);
	if (page > 0 && count > 0) {
		const total = data[key].length;
		data[key] = data[key].slice((page - 1) * count, page * count);
		data.pageData = { page, count, total };
	}
	return data;
}

const ok = (body) => ({ status: 200, body });
const created = (body) => ({ status: 201, body });

module.exports = { SCOPES, forEachScope, findContainers, findBadge, paginate, ok, created };
