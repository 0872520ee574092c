// Application resource of the BadgeKit node against the BadgeKit-compatible test server.
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import {
	badgeOperationParameters,
	demoBadgeRow,
	errorOf,
	expectOk,
	jsonOf,
	requestsTo,
	rl,
	runBadgeKit,
	type RunOptions,
	type Scope,
	scopeParameters,
	SCOPES,
	useTestBed,
} from './badgekit-node.shared';

const bed = useTestBed();

const store = () => bed.server.store;
const badgeRow = (slug: string) => demoBadgeRow(bed, slug);
const BADGE: Record<Scope, string> = { system: 'assessed-demo', issuer: 'issuer-demo', program: 'program-demo' };

const params = badgeOperationParameters('application', BADGE);

async function run(parameters: INodeParameters, items: IDataObject[] = [{}], options: RunOptions = {}) {
	return await runBadgeKit(bed, parameters, items, options);
}

/** Adds applications to the store; every `processedEvery`-th one is processed. */
function seedApplications(badge: string, count: number, processedEvery = 0): void {
	const row = badgeRow(badge);
	for (let n = 0; n < count; n++) {
		store().addApplication({
			slug: `app-${badge}-${n}`,
			badgeId: row.id,
			systemId: row.systemId,
			issuerId: row.issuerId,
			programId: row.programId,
			learner: `learner${n}@example.org`,
			created: new Date(Date.UTC(2024, 0, 1, 0, 0, n)),
			processed: processedEvery && n % processedEvery === 0 ? new Date(Date.UTC(2024, 1, 1)) : null,
		});
	}
}

describe('Create', () => {
	it.each(SCOPES)('submits an application in %s scope with evidence, reviewer and expiry', async (scope) => {
		const result = await run(
			params('create', scope, {
				learner: 'applicant@example.org',
				additionalFields: {
					assignedTo: 'reviewer@example.org',
					assignedExpiration: 1735689600, // unix seconds: 2025-01-01
					evidence: {
						items: [
							{ url: 'https://example.org/work', mediaType: 'link', reflection: 'Mon travail — fait à Zürich' },
							{ url: '', mediaType: '', reflection: 'Just words' },
						],
					},
				},
			}),
		);
		const [out] = jsonOf(result);
		const row = store().findApplication(String(out.slug))!;
		expect(row.learner).toBe('applicant@example.org');
		expect(row.badgeId).toBe(badgeRow(BADGE[scope]).id);
		expect(row.assignedTo).toBe('reviewer@example.org');
		expect(row.assignedExpiration!.toISOString()).toBe('2025-01-01T00:00:00.000Z');
		expect(row.evidence.map(({ url, mediaType, reflection }) => ({ url, mediaType, reflection }))).toEqual([
			{ url: 'https://example.org/work', mediaType: 'link', reflection: 'Mon travail — fait à Zürich' },
			{ url: null, mediaType: null, reflection: 'Just words' },
		]);
		expect(out.processed).toBeNull();
	});

	it("400: BadgeKit's validation error names the field", async () => {
		const error = errorOf(await run(params('create', 'system', { learner: 'ok@example.org', additionalFields: { assignedTo: 'not-an-email' } })));
		expect(error.httpCode).toBe('400');
		// the field by its label in the message; BadgeKit's words and the request in the description
		expect(error.message).toBe('"Assigned To" was refused: Invalid email');
		expect(error.description).toMatch(/^Correct "Assigned To" and run again\. BadgeKit said: "Could not validate required fields"\./);
		expect(error.description).toContain('assignedTo: Invalid email (got "not-an-email")');
		expect(error.description).toMatch(/Request: POST \/systems\/demo\/badges\/[a-z-]+\/applications$/);
	});
});

describe('Get, Update, Mark Processed, Delete', () => {
	it('gets an application by its slug', async () => {
		const [out] = jsonOf(await run(params('get', 'system', { applicationSlug: 'demo-application-1' })));
		const row = store().findApplication('demo-application-1')!;
		expect(out).toMatchObject({ id: row.id, slug: row.slug, learner: row.learner });
		expect((out.badge as IDataObject).slug).toBe('assessed-demo');
	});

	it('404 for an unknown application', async () => {
		const error = errorOf(await run(params('get', 'system', { applicationSlug: 'nope' })));
		expect(error.message).toBe('BadgeKit has no application "nope"');
		expect(error.description).toMatch(/^Check "Application": .*BadgeKit said: "Could not find application field: `slug`, value: `nope`"/);
	});

	it('updates only the fields given', async () => {
		const before = { ...store().findApplication('demo-application-1')! };
		const [out] = jsonOf(
			await run(params('update', 'system', { applicationSlug: 'demo-application-1', updateFields: { assignedTo: 'new-reviewer@example.org' } })),
		);
		const row = store().findApplication('demo-application-1')!;
		expect(row.assignedTo).toBe('new-reviewer@example.org');
		expect(row.learner).toBe(before.learner);
		expect(row.evidence).toHaveLength(1);
		expect(out.assignedTo).toBe('new-reviewer@example.org');
	});

	it('update with no field is refused before any request', async () => {
		const error = errorOf(await run(params('update', 'system', { applicationSlug: 'demo-application-1', updateFields: {} })));
		expect(error.message).toBe('Choose at least one field to update');
		expect(requestsTo(bed, 'PUT', /applications/)).toEqual([]);
	});

	it('marks processed now, sent as ISO', async () => {
		const before = Date.now();
		const [out] = jsonOf(await run(params('markProcessed', 'system', { applicationSlug: 'demo-application-1' })));
		const processed = store().findApplication('demo-application-1')!.processed!;
		expect(processed.getTime()).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000);
		expect(processed.getTime()).toBeLessThanOrEqual(Date.now());
		expect(out.processed).toBe(processed.toISOString());
	});

	it.each([
		['unix seconds', 1714521600],
		['an ISO string', '2024-05-01T00:00:00Z'],
		['unix milliseconds as text', '1714521600000'],
	])('marks processed at a given date given as %s (never 1970)', async (_label, date) => {
		expectOk(await run(params('markProcessed', 'system', { applicationSlug: 'demo-application-1', processedAt: 'date', processedDate: date })));
		expect(store().findApplication('demo-application-1')!.processed!.toISOString()).toBe('2024-05-01T00:00:00.000Z');
	});

	it('deletes an application', async () => {
		const [out] = jsonOf(await run(params('delete', 'system', { applicationSlug: 'demo-application-1' })));
		expect(out.slug).toBe('demo-application-1');
		expect(store().findApplication('demo-application-1')).toBeUndefined();
	});
});

describe('Get Many', () => {
	const processedSlugs = () => [...store().applications.values()].filter((a) => a.processed !== null).map((a) => a.slug);
	const unprocessedSlugs = () => [...store().applications.values()].filter((a) => a.processed === null).map((a) => a.slug);

	beforeEach(() => seedApplications('assessed-demo', 250, 3));

	it('"Any": every application of the system over several pages', async () => {
		const out = jsonOf(await run({ resource: 'application', operation: 'getAll', system: rl('demo'), processedStatus: 'any', returnAll: true }));
		expect(out.map((json) => json.slug).sort()).toEqual([...store().applications.values()].map((a) => a.slug).sort());
		expect(requestsTo(bed, 'GET', /\/applications\?/)).toHaveLength(3);
	});

	it('"Processed": filtered by the node, never asking BadgeKit for processed=true (a 500 there)', async () => {
		const out = jsonOf(
			await run({ resource: 'application', operation: 'getAll', system: rl('demo'), processedStatus: 'processed', returnAll: true }),
		);
		expect(out.map((json) => json.slug).sort()).toEqual(processedSlugs().sort());
		expect(out.every((json) => json.processed !== null)).toBe(true);
		expect(bed.server.requests.some((request) => request.url.includes('processed=true'))).toBe(false);
	});

	it('"Processed" with a Limit reads on until the limit is reached', async () => {
		const out = jsonOf(await run({ resource: 'application', operation: 'getAll', system: rl('demo'), processedStatus: 'processed', limit: 40 }));
		expect(out).toHaveLength(40);
		expect(out.every((json) => json.processed !== null)).toBe(true);
		expect(requestsTo(bed, 'GET', /\/applications\?/)).toHaveLength(2);
	});

	it('"Unprocessed" of one badge, with a Limit', async () => {
		const out = jsonOf(await run(params('getAll', 'system', { processedStatus: 'unprocessed', limit: 5 })));
		expect(out).toHaveLength(5);
		expect(out.every((json) => json.processed === null && (json.badge as IDataObject).slug === 'assessed-demo')).toBe(true);
		expect(unprocessedSlugs()).toEqual(expect.arrayContaining(out.map((json) => json.slug)));
		expect(requestsTo(bed, 'GET', /applications\?/)[0]).toBe('/systems/demo/badges/assessed-demo/applications?processed=false&page=1&count=100');
	});

	it('a server that ignores page/count (no pageData) is read once, not looped over', async () => {
		const applications = [...Array(150).keys()].map((n) => ({ slug: `x-${n}`, processed: '2024-01-01T00:00:00.000Z' }));
		bed.server.failNext({ status: 200, body: { applications }, times: 5, match: (request) => request.url.includes('/applications?') });
		const out = jsonOf(
			await run({ resource: 'application', operation: 'getAll', system: rl('demo'), processedStatus: 'processed', returnAll: true }),
		);
		expect(out.map((json) => json.slug)).toEqual(applications.map((application) => application.slug));
		expect(requestsTo(bed, 'GET', /\/applications\?/)).toHaveLength(1);
	});

	it("in issuer scope without a badge: only that issuer's applications", async () => {
		seedApplications('issuer-demo', 3);
		const out = jsonOf(await run({ resource: 'application', operation: 'getAll', ...scopeParameters('issuer'), returnAll: true }));
		expect(out.map((json) => json.slug).sort()).toEqual(['app-issuer-demo-0', 'app-issuer-demo-1', 'app-issuer-demo-2']);
	});
});
