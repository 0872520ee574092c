// Claim Code resource of the BadgeKit node against the BadgeKit-compatible test server.
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import {
	BADGE_OF_SCOPE,
	badgeOperationParameters,
	demoBadgeRow,
	errorOf,
	expectOk,
	jsonOf,
	requestsTo,
	runBadgeKit,
	SCOPES,
	useTestBed,
} from './badgekit-node.shared';

const bed = useTestBed();

const store = () => bed.server.store;
const badgeRow = (slug: string) => demoBadgeRow(bed, slug);

const params = badgeOperationParameters('claimCode');

const run = async (parameters: INodeParameters, items: IDataObject[] = [{}], timeoutSeconds?: number) =>
	await runBadgeKit(bed, parameters, items, { timeoutSeconds });

describe('Create', () => {
	it.each(SCOPES)('creates a single-use code in %s scope (multiuse off is not sent: BadgeKit would read it as on)', async (scope) => {
		const [out] = jsonOf(await run(params('create', scope, { newCode: `CODE-${scope}`, additionalFields: { multiuse: false } })));
		const row = store().findClaimCode(`CODE-${scope}`)!;
		expect(row).toMatchObject({ badgeId: badgeRow(BADGE_OF_SCOPE[scope]).id, claimed: 0, multiuse: 0 });
		expect(out).toMatchObject({ id: row.id, code: `CODE-${scope}`, claimed: false, multiuse: false });
	});

	it('creates a multi-use code for an email', async () => {
		expectOk(await run(params('create', 'system', { newCode: 'EVENT-2024', additionalFields: { multiuse: true, email: 'guest@example.org' } })));
		expect(store().findClaimCode('EVENT-2024')).toMatchObject({ multiuse: 1, email: 'guest@example.org' });
	});

	it('refuses a code that exists, without sending the request BadgeKit would never answer', async () => {
		const started = Date.now();
		const error = errorOf(await run(params('create', 'system', { newCode: 'DEMO-CLAIM-1' })));
		expect(error.message).toBe('Claim code "DEMO-CLAIM-1" already exists for badge "direct-demo"');
		expect(Date.now() - started).toBeLessThan(5000);
		expect(requestsTo(bed, 'POST', /\/codes$/)).toEqual([]);
	});

	it('refuses the code in another case (BadgeKit compares codes ignoring case and would hang)', async () => {
		const error = errorOf(await run(params('create', 'system', { newCode: 'demo-claim-1' })));
		expect(error.message).toBe('Claim code "demo-claim-1" already exists (as "DEMO-CLAIM-1") for badge "direct-demo"');
		expect(requestsTo(bed, 'POST', /\/codes$/)).toEqual([]);
		expect(
			store()
				.codesOfBadge(badgeRow('direct-demo').id)
				.map((c) => c.code),
		).toEqual(['DEMO-CLAIM-1', 'DEMO-EVENT']);
	});

	it('creates a code that another badge has (codes are unique per badge)', async () => {
		store().addClaimCode(badgeRow('assessed-demo').id, { code: 'TAKEN-ELSEWHERE' });
		const [out] = jsonOf(await run(params('create', 'issuer', { newCode: 'TAKEN-ELSEWHERE' })));
		const issuerBadge = badgeRow('issuer-demo').id;
		expect(store().findClaimCode(issuerBadge, 'TAKEN-ELSEWHERE')).toMatchObject({ id: out.id, badgeId: issuerBadge, claimed: 0 });
		expect(store().claimCodesNamed('TAKEN-ELSEWHERE')).toHaveLength(2);
	});

	it('when BadgeKit does hang (the code appeared after the check), the timeout error says why', async () => {
		bed.server.hangNext({ match: (r) => r.method === 'POST' && r.url.endsWith('/codes') });
		const error = errorOf(await run(params('create', 'system', { newCode: 'RACED' }), [{}], 1));
		expect(error.message).toBe('BadgeKit did not answer within 1 s');
		expect(error.description).toMatch(/creating a claim code that already exists/);
	});

	it('creates a random code', async () => {
		const before = store().codesOfBadge(badgeRow('direct-demo').id).length;
		const [out] = jsonOf(await run(params('createRandom', 'system', { additionalFields: { multiuse: true } })));
		const row = store().findClaimCode(String(out.code))!;
		expect(row).toMatchObject({ badgeId: badgeRow('direct-demo').id, multiuse: 1 });
		expect(store().codesOfBadge(badgeRow('direct-demo').id)).toHaveLength(before + 1);
	});
});

describe('Get, Get Many, Claim, Delete', () => {
	it('gets a code with booleans instead of 0/1', async () => {
		const [out] = jsonOf(await run(params('get', 'system', { code: 'DEMO-EVENT' })));
		const row = store().findClaimCode('DEMO-EVENT')!;
		expect(out).toEqual({ id: row.id, code: 'DEMO-EVENT', claimed: false, email: null, multiuse: true });
	});

	it('gets many with Return All over several pages, and with a Limit', async () => {
		for (let n = 0; n < 120; n++) store().addClaimCode(badgeRow('program-demo').id, { code: `P-${n}` });
		const all = jsonOf(await run(params('getAll', 'program', { returnAll: true })));
		expect(all.map((json) => json.code)).toEqual(
			store()
				.codesOfBadge(badgeRow('program-demo').id)
				.map((row) => row.code),
		);
		expect(all).toHaveLength(120);
		expect(jsonOf(await run(params('getAll', 'program', { limit: 3 }))).map((json) => json.code)).toEqual(['P-0', 'P-1', 'P-2']);
	});

	it("claims a code (marks it only) and refuses a second claim with BadgeKit's message", async () => {
		const [out] = jsonOf(await run(params('claim', 'system', { code: 'DEMO-CLAIM-1', additionalFields: { email: 'me@example.org' } })));
		expect(store().findClaimCode('DEMO-CLAIM-1')).toMatchObject({ claimed: 1, email: 'me@example.org' });
		expect(out).toMatchObject({ code: 'DEMO-CLAIM-1', claimed: true });
		expect(store().instancesOfEmail('me@example.org').size).toBe(0);

		const error = errorOf(await run(params('claim', 'system', { code: 'DEMO-CLAIM-1' })));
		expect(error.message).toBe('BadgeKit: Claim code `DEMO-CLAIM-1` has already been claimed');
		expect(error.httpCode).toBe('400');
	});

	it('claims without an email (sends {})', async () => {
		expectOk(await run(params('claim', 'system', { code: 'DEMO-EVENT' })));
		expect(store().findClaimCode('DEMO-EVENT')).toMatchObject({ claimed: 1, email: null });
	});

	it('deletes a code', async () => {
		const [out] = jsonOf(await run(params('delete', 'system', { code: 'DEMO-EVENT' })));
		expect(out.code).toBe('DEMO-EVENT');
		expect(store().findClaimCode('DEMO-EVENT')).toBeUndefined();
	});

	it('404 for a code of another badge', async () => {
		const error = errorOf(await run(params('get', 'issuer', { code: 'DEMO-EVENT' })));
		expect(error.message).toBe('BadgeKit has no claim code "DEMO-EVENT"');
		expect(error.description).toContain('Check "Claim Code"');
		expect(error.httpCode).toBe('404');
	});
});
