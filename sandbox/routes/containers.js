'use strict';
// Systems, issuers and programs (systems.md, issuers.md, programs.md).

const { errors, validate, required, optional, compact } = require('../http');
const { systemView, issuerView, programView } = require('../views');
const { findContainers, paginate, ok, created } = require('./common');

const SYSTEM_RULES = {
	slug: required('len', 1, 255),
	name: required('len', 1, 255),
	url: required('isUrl'),
	description: optional('len', 0, 255),
	email: optional('isEmail'),
};
const ISSUER_RULES = {
	slug: required('len', 1, 50),
	name: required('len', 1, 255),
	url: required('isUrl'),
	description: optional('len', 0, 255),
	email: optional('isEmail'),
};
const PROGRAM_RULES = ISSUER_RULES;
const EDITABLE = ['slug', 'name', 'url', 'description', 'email'];

function fromPost(body) {
	return { slug: body.slug, name: body.name, url: body.url, description: body.description, email: body.email };
}

/** PUT only takes keys the row already has (lib/safe-extend); `image` replaces the image URL. */
function changesFrom(row, body) {
	const changes = {};
	for (const key of EDITABLE) if (body[key] !== undefined) changes[key] = body[key];
	if (typeof body.image === 'string') changes.imageUrl = body.image;
	else if (typeof body.imageUrl === 'string') changes.imageUrl = body.imageUrl;
	return changes;
}

function imageFrom(body) {
	if (typeof body.image === 'string') return body.image;
	if (typeof body.imageUrl === 'string') return body.imageUrl;
	return null;
}

module.exports = function containerRoutes(router, { store }) {
	// --- systems ---
	router.get('/systems', ({ query }) => ok(paginate(query, { systems: [...store.systems.values()].map((s) => systemView(store, s)) }, 'systems')));

	router.post('/systems', ({ body }) => {
		const row = fromPost(body);
		const details = validate(row, SYSTEM_RULES);
		if (details.length) throw errors.validation(details);
		if (store.findSystem(row.slug)) throw errors.conflict('system with that `slug` already exists', compact(row));
		const system = store.addSystem({ ...row, imageUrl: imageFrom(body) });
		return created({ status: 'created', system: systemView(store, system) });
	});

	router.get('/systems/:systemSlug', ({ params }) => {
		const { system } = findContainers(store, params);
		return ok({ system: systemView(store, system) });
	});

	// The real server names this param `systemId` (so consumer keys cannot use these two routes)
	// and answers its own 404 wording.
	const getSystemForUpdate = (slug) => {
		const system = store.findSystem(slug);
		if (!system) throw errors.notFoundMessage('Could not find system with slug `' + slug + '`');
		return system;
	};

	router.put('/systems/:systemId', ({ params, body }) => {
		const system = getSystemForUpdate(params.systemId);
		const changes = changesFrom(system, body);
		const next = { ...system, ...changes };
		const details = validate(next, SYSTEM_RULES);
		if (details.length) throw errors.validation(details);
		const clash = store.findSystem(next.slug);
		if (clash && clash !== system) throw errors.conflict('system with that `slug` already exists', compact(fromPost(system)));
		store.updateSystem(system, changes);
		return ok({ status: 'updated', system: systemView(store, system) });
	});

	router.del('/systems/:systemId', ({ params }) => {
		const system = getSystemForUpdate(params.systemId);
		const view = systemView(store, system);
		store.deleteSystem(system);
		return ok({ status: 'deleted', system: view });
	});

	// --- issuers ---
	router.get('/systems/:systemSlug/issuers', ({ params, query }) => {
		const { system } = findContainers(store, params);
		return ok(paginate(query, { issuers: store.issuersOf(system.id).map((i) => issuerView(store, i)) }, 'issuers'));
	});

	router.post('/systems/:systemSlug/issuers', ({ params, body }) => {
		const { system } = findContainers(store, params);
		const row = fromPost(body);
		const details = validate(row, ISSUER_RULES);
		if (details.length) throw errors.validation(details);
		if (store.findIssuer(system.id, row.slug)) throw errors.conflict('issuer with that `slug` already exists', compact(row));
		const issuer = store.addIssuer(system.id, { ...row, imageUrl: imageFrom(body) });
		return created({ status: 'created', issuer: issuerView(store, issuer) });
	});

	router.get('/systems/:systemSlug/issuers/:issuerSlug', ({ params }) => {
		const { issuer } = findContainers(store, params);
		return ok({ issuer: issuerView(store, issuer) });
	});

	router.put('/systems/:systemSlug/issuers/:issuerSlug', ({ params, body }) => {
		const { system, issuer } = findContainers(store, params);
		const changes = changesFrom(issuer, body);
		const next = { ...issuer, ...changes };
		const details = validate(next, ISSUER_RULES);
		if (details.length) throw errors.validation(details);
		const clash = store.findIssuer(system.id, next.slug);
		if (clash && clash !== issuer) throw errors.conflict('issuer with that `slug` already exists', compact(fromPost(next)));
		store.updateIssuer(issuer, changes);
		return ok({ status: 'updated', issuer: issuerView(store, issuer) });
	});

	router.del('/systems/:systemSlug/issuers/:issuerSlug', ({ params }) => {
		const { issuer } = findContainers(store, params);
		const view = issuerView(store, issuer);
		store.deleteIssuer(issuer);
		return ok({ status: 'deleted', issuer: view });
	});

	// --- programs ---
	const programs = '/systems/:systemSlug/issuers/:issuerSlug/programs';

	router.get(programs, ({ params, query }) => {
		const { issuer } = findContainers(store, params);
		return ok(paginate(query, { programs: store.programsOf(issuer.id).map(programView) }, 'programs'));
	});

	router.post(programs, ({ params, body }) => {
		const { issuer } = findContainers(store, params);
		const row = fromPost(body);
		const details = validate(row, PROGRAM_RULES);
		if (details.length) throw errors.validation(details);
		if (store.findProgram(issuer.id, row.slug)) throw errors.conflict('program with that `slug` already exists', compact(row));
		const program = store.addProgram(issuer, { ...row, imageUrl: imageFrom(body) });
		return created({ status: 'created', program: programView(program) });
	});

	router.get(programs + '/:programSlug', ({ params }) => {
		const { program } = findContainers(store, params);
		return ok({ program: programView(program) });
	});

	router.put(programs + '/:programSlug', ({ params, body }) => {
		const { issuer, program } = findContainers(store, params);
		const changes = changesFrom(program, body);
		const next = { ...program, ...changes };
		const details = validate(next, PROGRAM_RULES);
		if (details.length) throw errors.validation(details);
		const clash = store.findProgram(issuer.id, next.slug);
		if (clash && clash !== program) throw errors.conflict('program with that `slug` already exists', compact(fromPost(next)));
		store.updateProgram(program, changes);
		return ok({ status: 'updated', program: programView(program) });
	});

	router.del(programs + '/:programSlug', ({ params }) => {
		const { program } = findContainers(store, params);
		const view = programView(program);
		store.deleteProgram(program);
		return ok({ status: 'deleted', program: view });
	});
};
