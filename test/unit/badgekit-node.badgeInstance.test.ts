// Badge Instance resource of the BadgeKit node, run in a real n8n ExecuteContext against the
// BadgeKit-compatible test server. Expectations are read from the server's store and request log.
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { BadgeKit } from '../../nodes/BadgeKit/BadgeKit.node';
import { badgeKitCredentials, runListSearch } from '../helpers/n8nContext';
import {
	BADGE_OF_SCOPE,
	badgeOperationParameters,
	demoBadgeRow,
	errorOf,
	expectOk,
	jsonOf,
	MASTER,
	requestsTo,
	rl,
	runBadgeKit,
	type RunOptions,
	type Scope,
	scopeParameters,
	SCOPES,
	useTestBed,
} from './badgekit-node.shared';

const bed = useTestBed({ webhookSecret: 'hook-secret' });

const store = () => bed.server.store;
const badgeRow = (slug: string) => demoBadgeRow(bed, slug);
const instanceOf = (badge: string, email: string) => store().findInstance(badgeRow(badge).id, email);

const params = badgeOperationParameters('badgeInstance');

async function run(parameters: INodeParameters, items: IDataObject[] = [{}], options: RunOptions = {}) {
	return await runBadgeKit(bed, parameters, items, options);
}

/** Adds `count` instances of a badge straight to the store. */
function seedInstances(badge: string, count: number, emailOf = (n: number) => `earner${n}@example.org`): void {
	for (let n = 0; n < count; n++) {
		store().addInstance({
			slug: `seeded-${badge}-${n}`,
			badgeId: badgeRow(badge).id,
			email: emailOf(n),
			issuedOn: new Date(Date.UTC(2024, 0, 1, 0, 0, n)),
		});
	}
}

describe('Issue', () => {
	it.each(SCOPES)('awards the badge in %s scope: the output is the instance BadgeKit stored', async (scope) => {
		const result = await run(params('issue', scope, { email: 'alice@example.org' }));
		const [out] = jsonOf(result);
		const row = instanceOf(BADGE_OF_SCOPE[scope], 'alice@example.org');
		expect(row).toBeDefined();
		expect(out.slug).toBe(row!.slug);
		expect(out.email).toBe('alice@example.org');
		expect(out.assertionUrl).toBe(`${bed.server.url}/public/assertions/${row!.slug}`);
		expect(out.alreadyAwarded).toBe(false);
		expect(result.items[0].pairedItem).toEqual({ item: 0 });
	});

	it('sends the earner email of each item (expression) and pairs every output with its input', async () => {
		const emails = ['a@example.org', 'b@example.org', 'c@example.org'];
		const result = await run(
			params('issue', 'system', { email: '={{ $json.mail }}' }),
			emails.map((mail) => ({ mail })),
		);
		expect(jsonOf(result).map((json) => json.email)).toEqual(emails);
		expect(result.items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		for (const email of emails) expect(instanceOf('direct-demo', email)).toBeDefined();
	});

	it.each([
		['an ISO string', '2024-05-01T09:30:00.000Z'],
		['an ISO string with an offset', '2024-05-01T11:30:00+02:00'],
		['unix seconds', 1714555800],
		['unix seconds as text', '1714555800'],
		['unix milliseconds', 1714555800000],
	])('stores Issued On and Expires right when given as %s', async (_label, value) => {
		const result = await run(params('issue', 'system', { email: 'dates@example.org', additionalFields: { issuedOn: value, expires: value } }));
		expectOk(result);
		const row = instanceOf('direct-demo', 'dates@example.org')!;
		expect(row.issuedOn.toISOString()).toBe('2024-05-01T09:30:00.000Z');
		expect(row.expires?.toISOString()).toBe('2024-05-01T09:30:00.000Z');
	});

	it('accepts an n8n DateTime (luxon) from an expression', async () => {
		const result = await run(
			params('issue', 'system', { email: 'luxon@example.org', additionalFields: { issuedOn: "={{ DateTime.fromISO('2023-02-03T04:05:06Z') }}" } }),
		);
		expectOk(result);
		expect(instanceOf('direct-demo', 'luxon@example.org')!.issuedOn.toISOString()).toBe('2023-02-03T04:05:06.000Z');
	});

	it('reads a date picked without time zone in the workflow timezone', async () => {
		const result = await run(
			params('issue', 'system', {
				email: 'berlin@example.org',
				additionalFields: { issuedOn: '2024-05-01T11:30:00', expires: '2025-01-01T00:00:00' },
			}),
			[{}],
			{ timezone: 'Europe/Berlin' },
		);
		expectOk(result);
		const row = instanceOf('direct-demo', 'berlin@example.org')!;
		expect(row.issuedOn.toISOString()).toBe('2024-05-01T09:30:00.000Z');
		expect(row.expires?.toISOString()).toBe('2024-12-31T23:00:00.000Z');
	});

	it('refuses a date it cannot read, naming the field, without calling BadgeKit', async () => {
		const error = errorOf(await run(params('issue', 'system', { email: 'x@example.org', additionalFields: { expires: 'next tuesday' } })));
		expect(error.message).toMatch(/Expires is not a date: "next tuesday"/);
		expect(requestsTo(bed, 'POST', /instances/)).toEqual([]);
	});

	it('sends a non-ASCII comment that BadgeKit (latin1 body hash) accepts and delivers intact', async () => {
		expectOk(await run(params('issue', 'system', { email: 'cafe@example.org', additionalFields: { comment: 'Café ☕ — très bien' } })));
		await bed.server.webhooksIdle();
		const award = bed.server.deliveries.find((delivery) => delivery.action === 'award');
		expect(JSON.parse(award!.body).comment).toBe('Café ☕ — très bien');
		expect(instanceOf('direct-demo', 'cafe@example.org')).toBeDefined();
	});

	it('refuses a malformed email before calling BadgeKit', async () => {
		const error = errorOf(await run(params('issue', 'system', { email: 'not-an-email' })));
		expect(error.message).toMatch(/"Earner Email" is not an email address/);
		expect(requestsTo(bed, 'POST', /instances/)).toEqual([]);
	});

	describe('If Already Awarded', () => {
		beforeEach(() => seedInstances('direct-demo', 1, () => 'holder@example.org'));

		it('"Fail" stops with BadgeKit\'s 409 message and the existing assertion', async () => {
			const error = errorOf(await run(params('issue', 'system', { email: 'holder@example.org', ifAlreadyAwarded: 'error' })));
			expect(error.message).toBe('The earner already has this badge');
			expect(error.description).toContain('"If Already Awarded"');
			expect(error.description).toContain('BadgeKit said: "User holder@example.org has already been awarded badge direct-demo"');
			expect(error.httpCode).toBe('409');
			expect(error.description).toContain(`/public/assertions/${instanceOf('direct-demo', 'holder@example.org')!.slug}`);
		});

		it('"Return the Existing Award" outputs the stored instance, marked alreadyAwarded', async () => {
			const [out] = jsonOf(await run(params('issue', 'system', { email: 'holder@example.org', ifAlreadyAwarded: 'returnExisting' })));
			expect(out.slug).toBe(instanceOf('direct-demo', 'holder@example.org')!.slug);
			expect(out.alreadyAwarded).toBe(true);
			expect((out.badge as IDataObject).slug).toBe('direct-demo');
			expect(store().instancesOfBadge(badgeRow('direct-demo').id).size).toBe(1);
		});

		it('"Skip" outputs nothing for that item and goes on with the next', async () => {
			const result = await run(params('issue', 'system', { email: '={{ $json.email }}', ifAlreadyAwarded: 'skip' }), [
				{ email: 'holder@example.org' },
				{ email: 'new@example.org' },
			]);
			expect(jsonOf(result).map((json) => json.email)).toEqual(['new@example.org']);
			expect(result.items[0].pairedItem).toEqual({ item: 1 });
		});
	});

	describe('with a claim code', () => {
		it('awards with an existing code and BadgeKit marks the code claimed', async () => {
			const [out] = jsonOf(await run(params('issue', 'system', { email: 'claimer@example.org', additionalFields: { claimCode: 'DEMO-CLAIM-1' } })));
			expect(out.claimCode).toBe('DEMO-CLAIM-1');
			expect(instanceOf('direct-demo', 'claimer@example.org')!.claimCode).toBe('DEMO-CLAIM-1');
			expect(store().findClaimCode('DEMO-CLAIM-1')).toMatchObject({ claimed: 1, email: 'claimer@example.org' });
		});

		it('stops at once on an unknown code and never sends the award BadgeKit would not answer', async () => {
			const started = Date.now();
			const error = errorOf(await run(params('issue', 'system', { email: 'x@example.org', additionalFields: { claimCode: 'NO-SUCH-CODE' } })));
			expect(error.message).toBe('Claim code "NO-SUCH-CODE" does not exist for badge "direct-demo"');
			expect(Date.now() - started).toBeLessThan(5000);
			expect(requestsTo(bed, 'POST', /instances/)).toEqual([]);
			expect(requestsTo(bed, 'GET', /\/codes\/NO-SUCH-CODE$/)).toHaveLength(1);
		});

		it('treats a code of another badge as unknown (BadgeKit would hang on it too)', async () => {
			store().addClaimCode(badgeRow('assessed-demo').id, { code: 'OTHER-BADGE-CODE' });
			const error = errorOf(await run(params('issue', 'system', { email: 'x@example.org', additionalFields: { claimCode: 'OTHER-BADGE-CODE' } })));
			expect(error.message).toMatch(/does not exist for badge "direct-demo"/);
			expect(requestsTo(bed, 'POST', /instances/)).toEqual([]);
		});
	});

	it('refuses a chosen slug another award has (BadgeKit never answers it), without sending the award', async () => {
		seedInstances('direct-demo', 1, () => 'first@example.org');
		const taken = instanceOf('direct-demo', 'first@example.org')!.slug;
		const error = errorOf(await run(params('issue', 'system', { email: 'second@example.org', additionalFields: { slug: taken } })));
		expect(error.message).toBe(`Another award already has the Award ID "${taken}"`);
		expect(requestsTo(bed, 'POST', /instances/)).toEqual([]);
	});

	it('uses a free chosen slug', async () => {
		const [out] = jsonOf(await run(params('issue', 'system', { email: 'slug@example.org', additionalFields: { slug: 'my-own-slug' } })));
		expect(out.slug).toBe('my-own-slug');
		expect(store().findInstanceBySlug('my-own-slug')!.email).toBe('slug@example.org');
	});
});

describe('Issue to Many', () => {
	it('awards every new email in one bulk request; type version 1 outputs only the new awards', async () => {
		seedInstances('direct-demo', 1, () => 'already@example.org');
		const result = await run(
			params('issueToMany', 'system', {
				emails: 'one@example.org, two@example.org\nalready@example.org\none@example.org',
				additionalFields: { comment: 'Bulk ✓', issuedOn: '2024-02-02T02:02:02Z' },
			}),
			[{}],
			{ typeVersion: 1 },
		);
		const out = jsonOf(result);
		expect(out.map((json) => json.email).sort()).toEqual(['one@example.org', 'two@example.org']);
		expect(result.items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 0 }]);
		expect(requestsTo(bed, 'POST', /\/instances\/bulk$/)).toHaveLength(1);
		expect(instanceOf('direct-demo', 'two@example.org')!.issuedOn.toISOString()).toBe('2024-02-02T02:02:02.000Z');
		expect(store().instancesOfBadge(badgeRow('direct-demo').id).size).toBe(3);
	});

	it('takes an array of emails from an expression', async () => {
		const out = jsonOf(
			await run(params('issueToMany', 'program', { emails: '={{ $json.list }}' }), [{ list: ['p1@example.org', 'p2@example.org'] }]),
		);
		expect(out).toHaveLength(2);
		expect(instanceOf('program-demo', 'p2@example.org')).toBeDefined();
	});

	it('refuses a list with a malformed email, naming it, before calling BadgeKit', async () => {
		const error = errorOf(await run(params('issueToMany', 'system', { emails: 'ok@example.org, oops' })));
		expect(error.message).toMatch(/not an email address: oops/);
		expect(requestsTo(bed, 'POST', /bulk/)).toEqual([]);
	});
});

describe('Get, Get Many, Revoke', () => {
	it.each(SCOPES)('gets one award in %s scope', async (scope) => {
		seedInstances(BADGE_OF_SCOPE[scope], 2);
		const [out] = jsonOf(await run(params('get', scope, { email: 'earner1@example.org' })));
		expect(out.slug).toBe(instanceOf(BADGE_OF_SCOPE[scope], 'earner1@example.org')!.slug);
		expect((out.badge as IDataObject).slug).toBe(BADGE_OF_SCOPE[scope]);
	});

	it('gets many over several pages with Return All', async () => {
		seedInstances('direct-demo', 230);
		const out = jsonOf(await run(params('getAll', 'system', { returnAll: true })));
		expect(out).toHaveLength(230);
		expect(new Set(out.map((json) => json.slug))).toEqual(new Set([...store().instancesOfBadge(badgeRow('direct-demo').id)].map((row) => row.slug)));
		expect(requestsTo(bed, 'GET', /\/badges\/direct-demo\/instances\?/)).toEqual([
			'/systems/demo/badges/direct-demo/instances?page=1&count=100',
			'/systems/demo/badges/direct-demo/instances?page=2&count=100',
			'/systems/demo/badges/direct-demo/instances?page=3&count=100',
		]);
	});

	it('stops at the Limit', async () => {
		seedInstances('issuer-demo', 30);
		const out = jsonOf(await run(params('getAll', 'issuer', { returnAll: false, limit: 7 })));
		expect(out.map((json) => json.email)).toEqual([...Array(7).keys()].map((n) => `earner${n}@example.org`));
		expect(requestsTo(bed, 'GET', /instances\?/)).toEqual(['/systems/demo/issuers/demo-issuer/badges/issuer-demo/instances?page=1&count=7']);
	});

	it.each([
		['system', ['direct-demo', 'issuer-demo', 'program-demo']],
		['issuer', ['issuer-demo', 'program-demo']],
		['program', ['program-demo']],
	] as Array<[Scope, string[]]>)('gets the awards of an earner in %s scope (issuer/program filtered by the node)', async (scope, badges) => {
		for (const badge of ['direct-demo', 'issuer-demo', 'program-demo']) seedInstances(badge, 1, () => 'collector@example.org');
		seedInstances('direct-demo', 1, () => 'someone-else@example.org');
		const out = jsonOf(
			await run({
				resource: 'badgeInstance',
				operation: 'getAllForEarner',
				...scopeParameters(scope),
				email: 'collector@example.org',
				returnAll: true,
			}),
		);
		expect(out.map((json) => (json.badge as IDataObject).slug).sort()).toEqual(badges);
		expect(out.every((json) => json.email === 'collector@example.org')).toBe(true);
	});

	it('revokes an award: BadgeKit deletes it and sends a revoke webhook', async () => {
		seedInstances('direct-demo', 1, () => 'gone@example.org');
		const slug = instanceOf('direct-demo', 'gone@example.org')!.slug;
		const [out] = jsonOf(await run(params('revoke', 'system', { email: 'gone@example.org' })));
		expect(out.slug).toBe(slug);
		expect(instanceOf('direct-demo', 'gone@example.org')).toBeUndefined();
		await bed.server.webhooksIdle();
		expect(bed.server.deliveries.map((delivery) => [delivery.action, JSON.parse(delivery.body).uid])).toEqual([['revoke', slug]]);
	});
});

describe('errors', () => {
	it('404: names what was not found', async () => {
		const error = errorOf(await run({ ...params('get', 'system', { email: 'nobody@example.org' }) }));
		expect(error.message).toBe('"nobody@example.org" has no award of this badge');
		expect(error.httpCode).toBe('404');
		// what to do first, BadgeKit's words, then the request, which is not in the message
		expect(error.description).toBe(
			'Check "Earner Email": pick it from the list or correct it. ' +
				'BadgeKit said: "Could not find badgeInstance field: `email`, value: `nobody@example.org`". ' +
				'Request: GET /systems/demo/badges/direct-demo/instances/nobody%40example.org',
		);
		expect(error.message).not.toMatch(/GET|\/systems/);
	});

	it('404 on an unknown badge', async () => {
		const error = errorOf(await run({ ...params('issue', 'system', { email: 'x@example.org' }), badge: rl('no-such-badge') }));
		expect(error.message).toBe('BadgeKit has no badge "no-such-badge"');
		expect(error.description).toMatch(/^Check "Badge"/);
	});

	it('403: a wrong secret points at the credential fields', async () => {
		const error = errorOf(await run(params('issue', 'system', { email: 'x@example.org' }), [{}], { secret: 'wrong-secret' }));
		expect(error.httpCode).toBe('403');
		expect(error.description).toMatch(/Check the Secret and the Key in the BadgeKit API credential/);
		expect(instanceOf('direct-demo', 'x@example.org')).toBeUndefined();
	});

	it('400: the validation details name the field', async () => {
		bed.server.failNext({
			status: 400,
			body: {
				code: 'ValidationError',
				message: 'Could not validate required fields',
				details: [{ field: 'email', value: 'x@y', message: 'Invalid email' }],
			},
		});
		const error = errorOf(await run(params('issue', 'system', { email: 'x@example.org' })));
		expect(error.message).toBe('"Earner Email" was refused: Invalid email');
		expect(error.description).toContain('email: Invalid email (got "x@y")');
		expect(error.description).toMatch(/Request: POST \/systems\/demo\/badges\/direct-demo\/instances$/);
	});

	it('500 from the database: says the database refused it', async () => {
		bed.server.failNext({ status: 500, body: { message: "ER_NO_DEFAULT_FOR_FIELD: Field 'type' doesn't have a default value" } });
		const error = errorOf(await run(params('getAll', 'system', { returnAll: true })));
		expect(error.httpCode).toBe('500');
		expect(error.message).toMatch(/ER_NO_DEFAULT_FOR_FIELD/);
		expect(error.description).toMatch(/database refused/);
	});

	it('gives up after the Timeout option and says BadgeKit did not answer', async () => {
		bed.server.hangNext({ match: (request) => request.method === 'POST' });
		const started = Date.now();
		const error = errorOf(await run(params('issue', 'system', { email: 'slow@example.org' }), [{}], { timeoutSeconds: 1 }));
		expect(Date.now() - started).toBeLessThan(4000);
		expect(error.message).toBe('BadgeKit did not answer within 1 s');
		expect(error.description).toMatch(/never answers/);
	});

	it('Continue On Fail: a failed item becomes an error item and the next items still run', async () => {
		const result = await run(
			params('issue', 'system', { email: '={{ $json.email }}' }),
			[{ email: 'good1@example.org' }, { email: 'bad-address' }, { email: 'good2@example.org' }],
			{ continueOnFail: true },
		);
		expect(result.error).toBeUndefined();
		expect(result.items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(result.items[0].json.email).toBe('good1@example.org');
		expect(result.items[1].json.error).toMatch(/"Earner Email" is not an email address: "bad-address"/);
		expect(result.items[2].json.email).toBe('good2@example.org');
		expect(instanceOf('direct-demo', 'good2@example.org')).toBeDefined();
	});

	it("Continue On Fail keeps BadgeKit's error details on the error item", async () => {
		seedInstances('direct-demo', 1, () => 'holder@example.org');
		const result = await run(
			params('issue', 'system', { email: '={{ $json.email }}' }),
			[{ email: 'holder@example.org' }, { email: 'fresh@example.org' }],
			{
				continueOnFail: true,
			},
		);
		expect(result.items[0].json).toMatchObject({
			error: 'The earner already has this badge',
			description: expect.stringMatching(/already been awarded/),
			httpCode: '409',
		});
		expect(result.items[1].json.email).toBe('fresh@example.org');
	});

	it('without Continue On Fail the error names the item', async () => {
		const result = await run(params('issue', 'system', { email: '={{ $json.email }}' }), [{ email: 'ok@example.org' }, { email: 'broken' }]);
		expect(errorOf(result).context?.itemIndex).toBe(1);
	});
});

it('lists badges for the Badge field in the chosen scope (list search in a real LoadOptionsContext)', async () => {
	const result = await runListSearch(new BadgeKit(), 'searchBadges', params('issue', 'issuer'), {
		credentials: badgeKitCredentials(bed.server.url, MASTER),
	});
	const inIssuer = [...store().badges.values()].filter(
		(badge) => badge.issuerId === store().findIssuer(store().findSystem('demo')!.id, 'demo-issuer')!.id,
	);
	expect(result.results.map((entry) => entry.value).sort()).toEqual(inIssuer.map((badge) => badge.slug).sort());
});
