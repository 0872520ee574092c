// The pickers (listSearch/) of the BadgeKit node in a real n8n LoadOptionsContext against the
// BadgeKit-compatible test server: what each list holds, in which order, how it pages and searches,
// and what a consumer key sees (BadgeKit refuses it `GET /systems`).
import { NodeHelpers, type IDataObject, type INodeListSearchItems, type INodeParameters, type INodeProperties } from 'n8n-workflow';

import { BadgeKitApi } from '../../credentials/BadgeKitApi.credentials';
import { BadgeKit } from '../../nodes/BadgeKit/BadgeKit.node';
import { createBadgeKitServer, type BadgeKitServer } from '../../sandbox';
import { badgeKitCredentials, runListSearch, type ListSearchOptions } from '../helpers/n8nContext';
import { demoBadgeRow, errorOf, jsonOf, MASTER, requestsTo, rl, runBadgeKit, useTestBed } from './badgekit-node.shared';

const bed = useTestBed();
const store = () => bed.server.store;
const master = () => badgeKitCredentials(bed.server.url, MASTER);

const search = async (method: string, parameters: INodeParameters, options: ListSearchOptions = {}) =>
	await runListSearch(new BadgeKit(), method, parameters, { credentials: master(), ...options });

/** Every entry of a list, following its pagination tokens (as the editor does while scrolling). */
async function searchAll(method: string, parameters: INodeParameters, filter?: string) {
	const pages: INodeListSearchItems[][] = [];
	let paginationToken: string | undefined;
	do {
		const result = await search(method, parameters, { filter, paginationToken });
		pages.push(result.results);
		paginationToken = result.paginationToken as string | undefined;
		if (pages.length > 20) throw new Error('pagination does not end');
	} while (paginationToken);
	return { pages, entries: pages.flat() };
}

const assessed = { system: rl('demo'), badge: rl('assessed-demo') };

/** Adds an application for `assessed-demo`, created on `day` (and processed when told). */
function addApplication(slug: string, learner: string, day: string, processed = false) {
	const badge = demoBadgeRow(bed, 'assessed-demo');
	return store().addApplication({
		slug,
		learner,
		badgeId: badge.id,
		systemId: badge.systemId,
		created: new Date(`${day}T10:00:00.000Z`),
		processed: processed ? new Date(`${day}T12:00:00.000Z`) : null,
	});
}

describe('Application list', () => {
	it("lists the chosen badge's applications, open ones first, labelled by learner email and the day they applied", async () => {
		addApplication('done-early', 'done@example.org', '2026-11-01', true);
		addApplication('open-early', 'early@example.org', '2000-01-02');
		const { entries } = await searchAll('searchApplications', assessed);
		// open ones by the day they applied (BadgeKit sorts by creation date), then the processed ones
		expect(entries).toEqual([
			{ name: 'early@example.org · applied 2000-01-02', value: 'open-early' },
			{
				name: `learner@example.com · applied ${store().findApplication('demo-application-1')!.created.toISOString().slice(0, 10)}`,
				value: 'demo-application-1',
			},
			{ name: 'done@example.org · applied 2026-11-01 · processed', value: 'done-early' },
		]);
		// `processed=true` would be an SQL error in BadgeKit: never asked
		expect(requestsTo(bed, 'GET', /processed=true/)).toEqual([]);
		expect(requestsTo(bed, 'GET', /\/badges\/assessed-demo\/applications\?processed=false/)).toHaveLength(1);
	});

	it('pages through many applications: every open one before any processed one, none twice, none lost', async () => {
		for (let n = 0; n < 70; n++) addApplication(`open-${n}`, `open${n}@example.org`, '2026-12-01');
		for (let n = 0; n < 70; n++) addApplication(`done-${n}`, `done${n}@example.org`, '2026-11-01', true);
		const { pages, entries } = await searchAll('searchApplications', assessed);
		expect(pages.length).toBeGreaterThan(1);
		const values = entries.map((entry) => entry.value);
		expect(new Set(values).size).toBe(values.length);
		expect(values).toHaveLength(141);
		const lastOpen = Math.max(...values.map((value, index) => (String(value).startsWith('done-') ? -1 : index)));
		const firstDone = values.findIndex((value) => String(value).startsWith('done-'));
		expect(lastOpen).toBeLessThan(firstDone);
		// pages of 50 (the pickers' page size)
		expect(requestsTo(bed, 'GET', /applications\?/).every((url) => url.includes('count=50'))).toBe(true);
	});

	it("a search that is an email address asks BadgeKit for that learner's applications (?email=, exact, any case)", async () => {
		addApplication('ada-1', 'ada@example.org', '2026-12-01');
		addApplication('ada-2', 'ada@example.org', '2026-10-01', true);
		addApplication('adam', 'adam@example.org', '2026-12-01');
		for (let n = 0; n < 60; n++) addApplication(`other-${n}`, `other${n}@example.org`, '2026-09-01');
		const { entries } = await searchAll('searchApplications', assessed, 'ADA@example.org');
		expect(entries.map((entry) => entry.value)).toEqual(['ada-1', 'ada-2']);
		const asked = requestsTo(bed, 'GET', /applications\?/);
		expect(asked.length).toBeGreaterThan(0);
		expect(asked.every((url) => url.includes('email=ADA%40example.org'))).toBe(true);
	});

	it('other search text filters by email or slug without asking BadgeKit to', async () => {
		addApplication('ada-1', 'ada@example.org', '2026-12-01');
		addApplication('bob-1', 'bob@example.org', '2026-12-01');
		const { entries } = await searchAll('searchApplications', assessed, 'ada');
		expect(entries.map((entry) => entry.value)).toEqual(['ada-1']);
		expect(requestsTo(bed, 'GET', /email=/)).toEqual([]);
	});

	it('without a badge chosen, says to pick the badge first', async () => {
		await expect(search('searchApplications', { system: rl('demo'), badge: rl('') })).rejects.toThrow('No badge chosen');
	});

	it('in an issuer scope, lists under /systems/:s/issuers/:i/badges/:b', async () => {
		const badge = demoBadgeRow(bed, 'issuer-demo');
		store().addApplication({ slug: 'issuer-app', learner: 'i@example.org', badgeId: badge.id, systemId: badge.systemId, issuerId: badge.issuerId });
		const { entries } = await searchAll('searchApplications', { system: rl('demo'), issuer: rl('demo-issuer'), badge: rl('issuer-demo') });
		expect(entries.map((entry) => entry.value)).toEqual(['issuer-app']);
	});
});

describe('Review, Milestone and Claim Code lists', () => {
	it('lists the reviews of the chosen application, by reviewer and the criteria met', async () => {
		const application = store().findApplication('demo-application-1')!;
		const review = store().addReview({ slug: 'review-1', applicationId: application.id, author: 'reviewer@example.org' });
		store().updateReview(review, {}, [
			{ criterionId: 1, satisfied: 1, comment: null },
			{ criterionId: 2, satisfied: 0, comment: null },
		]);
		store().addReview({ slug: 'review-other', applicationId: addApplication('x', 'x@example.org', '2026-12-01').id, author: 'other@example.org' });
		const { entries } = await searchAll('searchReviews', {
			resource: 'review',
			operation: 'get',
			...assessed,
			applicationSlug: rl('demo-application-1'),
		});
		expect(entries).toEqual([{ name: 'reviewer@example.org · 1 of 2 criteria met', value: 'review-1' }]);
	});

	it('reviews need the application chosen first', async () => {
		await expect(search('searchReviews', { resource: 'review', operation: 'get', ...assessed, applicationSlug: rl('') })).rejects.toThrow(
			'No application chosen',
		);
	});

	it('lists the milestones of the system by their milestone badge and the number required (BadgeKit stores no name)', async () => {
		const { entries } = await searchAll('searchMilestones', { system: rl('demo') });
		const milestone = [...store().milestones.values()][0];
		const primary = store().badges.get(milestone.primaryBadgeId)!;
		expect(entries).toEqual([
			{
				name: `${primary.name}: ${milestone.numberRequired} of ${milestone.supportBadgeIds.length} badges (#${milestone.id})`,
				value: String(milestone.id),
			},
		]);
		// BadgeKit's milestone list ignores page/count: one request, no pagination asked
		expect(requestsTo(bed, 'GET', /\/milestones/)).toEqual(['/systems/demo/milestones']);
	});

	it('lists the claim codes of the chosen badge, saying which are multi-use, meant for someone or claimed', async () => {
		const badge = demoBadgeRow(bed, 'direct-demo');
		store().addClaimCode(badge.id, { code: 'FOR-ADA', email: 'ada@example.org', claimed: 1 });
		const { entries } = await searchAll('searchClaimCodes', { system: rl('demo'), badge: rl('direct-demo') });
		expect(entries).toEqual(
			expect.arrayContaining([
				{ name: 'DEMO-CLAIM-1', value: 'DEMO-CLAIM-1' },
				{ name: 'DEMO-EVENT · multi-use', value: 'DEMO-EVENT' },
				{ name: 'FOR-ADA · for ada@example.org · claimed', value: 'FOR-ADA' },
			]),
		);
		expect(entries).toHaveLength(store().codesOfBadge(badge.id).length);
		const searched = await searchAll('searchClaimCodes', { system: rl('demo'), badge: rl('direct-demo') }, 'event');
		expect(searched.entries.map((entry) => entry.value)).toEqual(['DEMO-EVENT']);
	});
});

describe('Consumer key', () => {
	let server: BadgeKitServer;
	beforeAll(async () => {
		server = await createBadgeKitServer({
			port: 0,
			masterSecret: MASTER,
			seed: 'demo',
			consumers: [{ key: 'consumer-1', secret: 'consumer-secret', system: 'demo' }],
		});
		server.store.addSystem({ slug: 'other', name: 'Other System', url: 'https://other.example.org' });
	});
	afterAll(async () => await server.close());
	beforeEach(() => server.requests.splice(0));

	const consumer = (extra: IDataObject = {}) => badgeKitCredentials(server.url, 'consumer-secret', 'consumer-1', extra);

	it("the System list holds just the credential's own system, without asking BadgeKit for all systems", async () => {
		const result = await runListSearch(new BadgeKit(), 'searchSystems', {}, { credentials: consumer({ system: 'demo' }) });
		expect(result.results).toEqual([{ name: server.store.findSystem('demo')!.name, value: 'demo' }]);
		expect(server.requests.map((request) => `${request.method} ${request.url} ${request.status}`)).toEqual(['GET /systems/demo 200']);
	});

	it('without System Slug the System list says what to enter, and BadgeKit is not asked', async () => {
		const attempt = runListSearch(new BadgeKit(), 'searchSystems', {}, { credentials: consumer() });
		await expect(attempt).rejects.toMatchObject({
			message: 'Enter the System Slug: a consumer key only works on its own system',
			description: expect.stringMatching(/BadgeKit API credential.*"System Slug"/),
		});
		expect(server.requests).toEqual([]);
	});

	it('the master key lists every system', async () => {
		const result = await runListSearch(new BadgeKit(), 'searchSystems', {}, { credentials: badgeKitCredentials(server.url, MASTER) });
		expect(result.results.map((entry) => entry.value).sort()).toEqual(['demo', 'other']);
	});

	it('the other pickers work with a consumer key under its system', async () => {
		const credentials = consumer({ system: 'demo' });
		const badges = await runListSearch(new BadgeKit(), 'searchBadges', { system: rl('demo') }, { credentials });
		expect(badges.results.map((entry) => entry.value)).toContain('assessed-demo');
		const applications = await runListSearch(new BadgeKit(), 'searchApplications', assessed, { credentials });
		expect(applications.results.map((entry) => entry.value)).toEqual(['demo-application-1']);
		const milestones = await runListSearch(new BadgeKit(), 'searchMilestones', { system: rl('demo') }, { credentials });
		expect(milestones.results).toHaveLength(1);
		expect(server.requests.every((request) => request.status === 200)).toBe(true);
	});

	it('the credential test asks for System Slug with a consumer key, and passes once it is there', async () => {
		const credential = new BadgeKitApi();
		const testRequest = { method: 'GET' as const, baseURL: server.url, url: '/systems/' };
		await expect(credential.authenticate(consumer().badgeKitApi, testRequest)).rejects.toThrow(
			/^Enter the System Slug: a consumer key only works on its own system\. Open the BadgeKit API credential/,
		);
		// with it, the request is signed as usual (and BadgeKit accepts it)
		const signed = await credential.authenticate(consumer({ system: 'demo' }).badgeKitApi, { ...testRequest, url: '/systems/demo' });
		const response = await fetch(server.url + signed.url, { headers: signed.headers as Record<string, string> });
		expect(response.status).toBe(200);
		// the master key is not asked for a system
		await expect(
			credential.authenticate(badgeKitCredentials(server.url, MASTER).badgeKitApi, { ...testRequest, url: '/systems' }),
		).resolves.toBeDefined();
	});

	it('the credential test reads /systems/<System Slug> for a consumer key, /systems for the master key', () => {
		const url = new BadgeKitApi().test.request.url as string;
		expect(url).toContain('$credentials.key === "master" ? "/systems"');
		expect(url).toContain('encodeURIComponent(String($credentials.system || "").trim())');
	});
});

describe('Version 1.1 pickers, version 1 text fields', () => {
	const description = new BadgeKit().description;
	const shown = (version: number, resource: string, operation: string, name: string): INodeProperties[] =>
		description.properties.filter(
			(property) => property.name === name && NodeHelpers.displayParameter({ resource, operation }, property, { typeVersion: version }, description),
		);

	it.each([
		['application', 'get', 'applicationSlug'],
		['review', 'get', 'applicationSlug'],
		['review', 'update', 'reviewSlug'],
		['milestone', 'delete', 'milestoneId'],
		['claimCode', 'claim', 'code'],
	])('%s %s: "%s" is a text field in version 1 and a list to pick from in 1.1', (resource, operation, name) => {
		expect(shown(1, resource, operation, name).map((property) => property.type)).toEqual(['string']);
		const [picker] = shown(1.1, resource, operation, name);
		expect(picker.type).toBe('resourceLocator');
		expect(picker.modes?.map((mode) => mode.name)).toEqual(['list', expect.any(String)]);
		expect((new BadgeKit().methods.listSearch as Record<string, unknown>)[picker.modes![0].typeOptions!.searchListMethod!]).toBeInstanceOf(Function);
	});

	it('version 1.1 types a new claim code in "newCode", version 1 in "code"', () => {
		expect(shown(1, 'claimCode', 'create', 'code')).toHaveLength(1);
		expect(shown(1.1, 'claimCode', 'create', 'code')).toHaveLength(0);
		expect(shown(1.1, 'claimCode', 'create', 'newCode')).toHaveLength(1);
	});

	it('a saved version 1 node keeps working with its text fields', async () => {
		const result = await runBadgeKit(
			bed,
			{ resource: 'application', operation: 'get', system: rl('demo'), badge: rl('assessed-demo'), applicationSlug: 'demo-application-1' },
			[{}],
			{ typeVersion: 1 },
		);
		expect(jsonOf(result)[0]).toMatchObject({ slug: 'demo-application-1' });
		const created = await runBadgeKit(
			bed,
			{ resource: 'claimCode', operation: 'create', system: rl('demo'), badge: rl('direct-demo'), code: 'V1-CODE' },
			[{}],
			{
				typeVersion: 1,
			},
		);
		expect(jsonOf(created)[0]).toMatchObject({ code: 'V1-CODE' });
	});

	it('version 1.1 reads the picked application, review and milestone', async () => {
		const application = store().findApplication('demo-application-1')!;
		store().addReview({ slug: 'review-1', applicationId: application.id, author: 'reviewer@example.org' });
		const picked = (value: string) => ({ __rl: true, mode: 'list', value });
		const review = await runBadgeKit(bed, {
			resource: 'review',
			operation: 'get',
			...assessed,
			applicationSlug: picked('demo-application-1'),
			reviewSlug: picked('review-1'),
		});
		expect(jsonOf(review)[0]).toMatchObject({ slug: 'review-1' });
		const milestoneId = String([...store().milestones.keys()][0]);
		const milestone = await runBadgeKit(bed, {
			resource: 'milestone',
			operation: 'get',
			system: rl('demo'),
			milestoneId: { __rl: true, mode: 'id', value: milestoneId },
		});
		expect(jsonOf(milestone)[0]).toMatchObject({ id: Number(milestoneId) });
		const empty = await runBadgeKit(bed, {
			resource: 'review',
			operation: 'get',
			...assessed,
			applicationSlug: picked('demo-application-1'),
			reviewSlug: picked(''),
		});
		expect(errorOf(empty)).toMatchObject({ message: 'No review chosen', description: 'Pick the review from the "Review" list, or enter its ID.' });
	});
});
