'use strict';
// Claim codes (claim-codes.md). Claiming a code only marks it claimed; awarding with a code is
// done by creating an instance with `claimCode` (see instances.js).

const crypto = require('node:crypto');
const { errors, validate, required } = require('../http');
const { storedText } = require('../mysql');
const { badgeView, claimCodeView } = require('../views');
const { forEachScope, findContainers, findBadge, paginate, ok, created, SCOPES } = require('./common');

// The real server has no validator here (a missing code fails in the database); we answer a
// documented 400 instead so a client bug is visible.
const CODE_RULES = { code: required('len', 1, 255) };

function isEmpty(v) {
	return v === undefined || v === null;
}

/** ClaimCodes.fromUserInput: any non-null `claimed`/`multiuse` (even false!) counts as true. */
function fromUserInput(body) {
	return {
		code: body.code,
		email: body.email,
		claimed: isEmpty(body.claimed) ? false : true,
		multiuse: isEmpty(body.multiuse) ? false : true,
	};
}

/** The row as the create/claim handlers echo it: JS booleans, not the 0/1 read from MySQL. */
function echoedCode(row, overrides) {
	return { id: row.id, code: row.code, claimed: !!row.claimed, email: row.email, multiuse: !!row.multiuse, ...overrides };
}

function randomCode(store, badgeId) {
	let code;
	do code = crypto.randomBytes(5).toString('hex');
	while (store.findClaimCode(badgeId, code));
	return code;
}

module.exports = function claimCodeRoutes(router, { store, HANG }) {
	function findCode(badge, code) {
		const row = store.findClaimCode(badge.id, code);
		if (!row) throw errors.notFound('claimCode', 'code', code);
		return row;
	}

	function insert(badge, input) {
		// Codes are unique per badge (unique key code_and_badge, compared ignoring case): a duplicate
		// makes the real server's insert fail inside a promise nobody handles, and the request is
		// never answered. The same code on another badge is fine.
		if (store.findClaimCode(badge.id, input.code)) return HANG;
		const row = store.addClaimCode(badge.id, input);
		return created({
			status: 'created',
			// The inserted row object, not a re-read one: the text as sent.
			claimCode: echoedCode(row, { code: input.code, email: input.email ?? null }),
			badge: badgeView(store, badge),
		});
	}

	forEachScope((prefix) => {
		const base = prefix + '/badges/:badgeSlug/codes';

		router.get(base, ({ params, query }) => {
			const { badge } = findBadge(store, params);
			const data = { claimCodes: store.codesOfBadge(badge.id).map(claimCodeView), badge: badgeView(store, badge) };
			return ok(paginate(query, data, 'claimCodes'));
		});

		router.post(base, ({ params, body }) => {
			const { badge } = findBadge(store, params);
			const input = fromUserInput(body);
			const details = validate(input, CODE_RULES);
			if (details.length) throw errors.validation(details);
			return insert(badge, { ...input, code: String(input.code) });
		});

		router.post(base + '/random', ({ params, body }) => {
			const { badge } = findBadge(store, params);
			const input = fromUserInput(body);
			return insert(badge, { ...input, code: randomCode(store, badge.id) });
		});

		router.get(base + '/:code', ({ params }) => {
			const { badge } = findBadge(store, params);
			const row = findCode(badge, params.code);
			return ok({ badge: badgeView(store, badge), claimCode: claimCodeView(row) });
		});

		router.del(base + '/:code', ({ params }) => {
			const { badge } = findBadge(store, params);
			const row = findCode(badge, params.code);
			store.deleteClaimCode(row);
			return ok({ status: 'deleted', claimCode: claimCodeView(row), badge: badgeView(store, badge, { relations: false }) });
		});

		router.post(base + '/:code/claim', ({ params, body }) => {
			const { badge } = findBadge(store, params);
			const row = findCode(badge, params.code);
			// This route refuses any claimed code, multi-use or not.
			if (row.claimed) throw errors.codeAlreadyUsed(row.code);
			row.claimed = 1;
			row.email = storedText(body.email ?? null);
			return ok({
				status: 'updated',
				claimCode: { id: row.id, code: row.code, claimed: true, email: body.email ?? null, multiuse: row.multiuse },
				badge: badgeView(store, badge),
			});
		});
	});

	// "Retrieve badge from claim code": the badge plus the code's `claimed` flag.
	for (const prefix of Object.values(SCOPES)) {
		router.get(prefix + '/codes/:code', ({ params }) => {
			const { system, issuer, program } = findContainers(store, params);
			// Codes are unique per badge only: the first code spelled so whose badge is in scope.
			const inScope = (badge) =>
				badge && badge.systemId === system.id && (!issuer || badge.issuerId === issuer.id) && (!program || badge.programId === program.id);
			const row = store.claimCodesNamed(params.code).find((c) => inScope(store.badges.get(c.badgeId)));
			if (!row) throw errors.notFoundMessage('Could not find the request claim code: ' + params.code);
			const badge = store.badges.get(row.badgeId);
			return ok({ badge: { ...badgeView(store, badge), claimed: row.claimed } });
		});
	}
};
