// The BadgeKit node's Badge resource (Create, Get, Get Many, Update, Delete) in system, issuer and
// program scope, run in a real n8n ExecuteContext against the BadgeKit-compatible test server.
// Every expectation is checked against the server's store, never against hard-coded answers.
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { createBadgeKitServer, type BadgeRow } from '../../sandbox';
import { badgeKitCredentials, runNode, type RunNodeResult } from '../helpers/n8nContext';
import { expectNotFound, expectOk, jsonOf, MASTER, rl, runBadgeKit, type Scope, scopeParameters, SCOPES, useTestBed } from './badgekit-node.shared';
import { BadgeKit } from '../../nodes/BadgeKit/BadgeKit.node';

const bed = useTestBed();

async function run(parameters: INodeParameters, items: IDataObject[] = [{}], continueOnFail = false): Promise<RunNodeResult> {
	return await runBadgeKit(bed, { resource: 'badge', ...parameters }, items, { continueOnFail });
}

const demoSystem = () => bed.server.store.findSystem('demo')!;
const demoIssuer = () => bed.server.store.findIssuer(demoSystem().id, 'demo-issuer')!;
const demoProgram = () => bed.server.store.findProgram(demoIssuer().id, 'demo-program')!;
const badgeRow = (slug: string) => bed.server.store.findBadge(demoSystem().id, slug);

/** Badges of the store in a scope, as BadgeKit lists them (store order). */
function badgesInScope(scope: Scope, archived: boolean | undefined): BadgeRow[] {
	return [...bed.server.store.badges.values()].filter(
		(b) =>
			b.systemId === demoSystem().id &&
			(scope === 'system' || b.issuerId === demoIssuer().id) &&
			(scope !== 'program' || b.programId === demoProgram().id) &&
			(archived === undefined || !!b.archived === archived),
	);
}

function requestsOf(method: string, pathPart: string) {
	return bed.server.requests.filter((r) => r.method === method && r.url.includes(pathPart));
}

/** A required criterion with a note and an optional one, as the node's Criteria field takes them. */
const TWO_CRITERIA = {
	criterion: [
		{ description: 'Read five books', required: true, note: 'Ask for titles' },
		{ description: 'Write a review', required: false },
	],
};

function newBadgeParameters(slug: string, extra: INodeParameters = {}): INodeParameters {
	return {
		operation: 'create',
		name: `Badge ${slug}`,
		slug,
		type: 'skill',
		earnerDescription: 'Read five books.',
		consumerDescription: 'The holder read five books.',
		criteriaUrl: `https://example.org/criteria/${slug}`,
		imageUrl: `https://example.org/images/${slug}.png`,
		...extra,
	};
}

/** The output badge agrees with the store row, with 0/1 booleans as true/false. */
function expectMatchesRow(output: IDataObject, row: BadgeRow) {
	expect(output.id).toBe(row.id);
	expect(output.slug).toBe(row.slug);
	expect(output.name).toBe(row.name);
	expect(output.type).toBe(row.type);
	expect(output.unique).toBe(row.unique === 1);
	expect(output.archived).toBe(row.archived === 1);
	const criteria = (output.criteria as IDataObject[]) ?? [];
	expect(criteria.map((c) => c.id)).toEqual(row.criteria.map((c) => c.id));
	expect(criteria.map((c) => c.required)).toEqual(row.criteria.map((c) => c.required === 1));
	for (const c of criteria) expect(typeof c.required).toBe('boolean');
}

describe('Badge: Create', () => {
	test.each(SCOPES)('creates a badge with every field in %s scope', async (scope) => {
		const slug = `new-${scope}-badge`;
		const [output] = jsonOf(
			await run({
				...scopeParameters(scope),
				...newBadgeParameters(slug, {
					unique: true,
					criteria: TWO_CRITERIA,
					additionalFields: {
						strapline: 'For readers',
						issuerUrl: 'https://issuer.example.org',
						rubricUrl: 'https://example.org/rubric',
						timeValue: 3,
						timeUnits: 'weeks',
						earnerLimit: 25,
						evidenceType: 'Text',
						categories: 'reading, literacy, reading',
						tags: 'summer,library',
						alignments: {
							alignment: [{ name: 'CCSS RL.5.1', url: 'https://www.corestandards.org/ELA-Literacy/RL/5/1/', description: 'Quote accurately' }],
						},
					},
				}),
			}),
		);

		const row = badgeRow(slug)!;
		expect(row).toBeDefined();
		expect(row.issuerId).toBe(scope === 'system' ? null : demoIssuer().id);
		expect(row.programId).toBe(scope === 'program' ? demoProgram().id : null);
		expect(row).toMatchObject({
			name: `Badge ${slug}`,
			type: 'skill',
			strapline: 'For readers',
			earnerDescription: 'Read five books.',
			consumerDescription: 'The holder read five books.',
			issuerUrl: 'https://issuer.example.org',
			rubricUrl: 'https://example.org/rubric',
			criteriaUrl: `https://example.org/criteria/${slug}`,
			imageUrl: `https://example.org/images/${slug}.png`,
			timeValue: 3,
			timeUnits: 'weeks',
			limit: 25,
			unique: 1,
			archived: 0,
			evidenceType: 'Text',
		});
		expect(row.categories).toEqual(['reading', 'literacy']);
		expect(row.tags).toEqual(['summer', 'library']);
		expect(row.alignments.map(({ name, url, description }) => ({ name, url, description }))).toEqual([
			{ name: 'CCSS RL.5.1', url: 'https://www.corestandards.org/ELA-Literacy/RL/5/1/', description: 'Quote accurately' },
		]);
		expect(row.criteria.map(({ description, required, note }) => ({ description, required, note }))).toEqual([
			{ description: 'Read five books', required: 1, note: 'Ask for titles' },
			{ description: 'Write a review', required: 0, note: '' },
		]);

		// One output item: the badge itself, not BadgeKit's {status, badge} wrapper.
		expect(output.status).toBeUndefined();
		expectMatchesRow(output, row);
		expect(output.unique).toBe(true);
		expect((output.criteria as IDataObject[]).map((c) => c.required)).toEqual([true, false]);
		if (scope !== 'system') expect((output.issuer as IDataObject).slug).toBe('demo-issuer');
		if (scope === 'program') expect((output.program as IDataObject).slug).toBe('demo-program');
	});

	test('unique defaults to false and arrives as false, not 0', async () => {
		const [output] = jsonOf(await run({ ...scopeParameters('system'), ...newBadgeParameters('plain-badge') }));
		expect(badgeRow('plain-badge')!.unique).toBe(0);
		expect(output.unique).toBe(false);
		expect(badgeRow('plain-badge')!.criteria).toEqual([]);
	});

	test('Type is required: an empty Type is refused before anything is sent (BadgeKit would answer a bare 500)', async () => {
		const result = await run({ ...scopeParameters('system'), ...newBadgeParameters('typeless', { type: '' }) });
		expect(result.error).toBeDefined();
		expect(result.error!.message).toMatch(/Type/);
		expect(badgeRow('typeless')).toBeUndefined();
		expect(requestsOf('POST', '/badges')).toHaveLength(0);
	});

	test('Archived is not offered on Create (BadgeKit ignores it there), only on Update', () => {
		const node = new BadgeKit();
		const collectionOf = (name: string) =>
			node.description.properties.find((p) => p.name === name && (p.displayOptions?.show?.resource as string[] | undefined)?.includes('badge'))!;
		const names = (name: string) => ((collectionOf(name).options ?? []) as Array<{ name: string }>).map((o) => o.name);
		expect(names('additionalFields')).not.toContain('archived');
		expect(names('updateFields')).toContain('archived');
	});

	test('the Type field is marked required in the node', () => {
		const node = new BadgeKit();
		const typeFields = node.description.properties.filter(
			(p) => p.name === 'type' && (p.displayOptions?.show?.resource as string[] | undefined)?.includes('badge'),
		);
		const onCreate = typeFields.filter((p) => (p.displayOptions?.show?.operation as string[]).includes('create'));
		expect(onCreate).toHaveLength(1);
		expect(onCreate[0].required).toBe(true);
	});

	test.each(['direct-demo', 'Direct-DEMO'])('a taken slug (%s: BadgeKit ignores case) is an error and changes nothing', async (slug) => {
		const before = JSON.parse(JSON.stringify(badgeRow('direct-demo')));
		const count = bed.server.store.badges.size;
		const result = await run({ ...scopeParameters('issuer'), ...newBadgeParameters(slug) });
		expect(result.error!.message).toBe('A badge with the ID "direct-demo" already exists');
		expect(requestsOf('POST', '/badges')).toEqual([]);
		expect(bed.server.store.badges.size).toBe(count);
		expect(JSON.parse(JSON.stringify(badgeRow('direct-demo')))).toEqual(before);
	});

	test('a value BadgeKit refuses (criteria URL that is not a URL) is an error naming the field, and creates nothing', async () => {
		const result = await run({ ...scopeParameters('system'), ...newBadgeParameters('bad-url', { criteriaUrl: 'not a url' }) });
		expect((result.error as { httpCode?: string } | undefined)?.httpCode).toBe('400');
		expect((result.error as { description?: string }).description).toMatch(/criteriaUrl/);
		expect(badgeRow('bad-url')).toBeUndefined();
	});

	test('one badge per input item, with expressions', async () => {
		const outputs = jsonOf(
			await run({ ...scopeParameters('system'), ...newBadgeParameters('x', { slug: '={{ $json.slug }}', name: '={{ $json.name }}' }) }, [
				{ slug: 'expr-one', name: 'One' },
				{ slug: 'expr-two', name: 'Two' },
			]),
		);
		expect(outputs.map((o) => o.slug)).toEqual(['expr-one', 'expr-two']);
		expect(badgeRow('expr-one')!.name).toBe('One');
		expect(badgeRow('expr-two')!.name).toBe('Two');
	});
});

describe('Badge: Create under the chosen slug (BadgeKit 0.2.22 stores a random one)', () => {
	const withLists = (slug: string) =>
		newBadgeParameters(slug, {
			criteria: TWO_CRITERIA,
			additionalFields: {
				categories: 'reading, literacy',
				tags: 'summer',
				alignments: {
					alignment: [{ name: 'CCSS RL.5.1', url: 'https://www.corestandards.org/ELA-Literacy/RL/5/1/', description: 'Quote accurately' }],
				},
			},
		});

	test('renames the badge right after the create, resending criteria and every list', async () => {
		const [output] = jsonOf(await run({ ...scopeParameters('issuer'), ...withLists('chosen-slug') }));
		const row = badgeRow('chosen-slug')!;
		expect(row).toBeDefined();
		expect(output.slug).toBe('chosen-slug');
		expect(row.criteria.map((c) => [c.description, c.note, c.required])).toEqual([
			['Read five books', 'Ask for titles', 1],
			['Write a review', '', 0],
		]);
		expect(row.categories).toEqual(['reading', 'literacy']);
		expect(row.tags).toEqual(['summer']);
		expect(row.alignments.map((a) => a.name)).toEqual(['CCSS RL.5.1']);
		expect(row.issuerId).toBe(demoIssuer().id);
		// check, create (random slug), rename at the random slug
		const posts = requestsOf('POST', '/badges');
		const puts = requestsOf('PUT', '/badges/');
		expect(posts).toHaveLength(1);
		expect(puts).toHaveLength(1);
		expect(puts[0].url).toMatch(/\/systems\/demo\/issuers\/demo-issuer\/badges\/[0-9a-f]{32}$/);
		// the criteria kept the ids the create gave them
		expect(output.criteria).toEqual(row.criteria.map((c) => ({ id: c.id, description: c.description, required: c.required === 1, note: c.note })));
	});

	test('a server that keeps the posted slug (later BadgeKit) gets no second request', async () => {
		const later = await createBadgeKitServer({ port: 0, masterSecret: MASTER, seed: 'demo', badgeSlugs: 'posted' });
		try {
			const result = await runNode(new BadgeKit(), { resource: 'badge', ...scopeParameters('system'), ...withLists('kept-slug') }, [{}], {
				credentials: badgeKitCredentials(later.url, MASTER),
			});
			expect(jsonOf(result)[0].slug).toBe('kept-slug');
			expect(later.store.findBadge(later.store.findSystem('demo')!.id, 'kept-slug')!.criteria).toHaveLength(2);
			expect(later.requests.filter((r) => r.method === 'PUT')).toEqual([]);
		} finally {
			await later.close();
		}
	});

	test('when the rename fails, the error names the badge created under its random slug', async () => {
		// a badge of another system holds the slug: the check in this system cannot see it
		const other = bed.server.store.addSystem({ slug: 'other', name: 'Other', url: 'https://other.example.org' });
		bed.server.store.addBadge({ slug: 'held-elsewhere', name: 'Elsewhere', type: 'skill', systemId: other.id });
		const result = await run({ ...scopeParameters('system'), ...withLists('held-elsewhere') });
		const created = [...bed.server.store.badges.values()].find((b) => b.name === 'Badge held-elsewhere')!;
		expect(created.slug).toMatch(/^[0-9a-f]{32}$/);
		expect(created.criteria).toHaveLength(2);
		expect(
			result.error!.message.startsWith(
				`Badge "Badge held-elsewhere" was created with the ID "${created.slug}", but giving it the ID "held-elsewhere" failed: `,
			),
		).toBe(true);
		expect(result.error!.message).toMatch(/badge with that `slug` already exists/);
		expect((result.error as { description?: string }).description).toContain(`The badge exists as "${created.slug}"`);
	});
});

describe('Badge: Get', () => {
	const inScope: Record<Scope, string> = { system: 'assessed-demo', issuer: 'issuer-demo', program: 'program-demo' };

	test.each(SCOPES)('gets a badge in %s scope', async (scope) => {
		const slug = inScope[scope];
		const [output] = jsonOf(await run({ ...scopeParameters(scope), operation: 'get', badge: rl(slug) }));
		expectMatchesRow(output, badgeRow(slug)!);
	});

	test('criteria `required` (0/1 in BadgeKit) comes out as true/false', async () => {
		const row = badgeRow('assessed-demo')!;
		expect(row.criteria.map((c) => c.required)).toEqual([1, 0]);
		const [output] = jsonOf(await run({ ...scopeParameters('system'), operation: 'get', badge: rl('assessed-demo') }));
		expect((output.criteria as IDataObject[]).map((c) => c.required)).toEqual([true, false]);
	});

	test('booleans inside the milestones of a milestone badge come out as true/false', async () => {
		const row = badgeRow('milestone-demo')!;
		const [output] = jsonOf(await run({ ...scopeParameters('system'), operation: 'get', badge: rl('milestone-demo') }));
		const milestones = output.milestones as IDataObject[];
		const stored = [...bed.server.store.milestones.values()].filter((m) => m.primaryBadgeId === row.id);
		expect(milestones.map((m) => m.id)).toEqual(stored.map((m) => m.id));
		const primary = milestones[0].primaryBadge as IDataObject;
		expect(primary.unique).toBe(row.unique === 1);
		for (const support of milestones[0].supportBadges as IDataObject[]) expect(typeof support.unique).toBe('boolean');
	});

	test('a missing slug is a 404 error', async () => {
		const result = await run({ ...scopeParameters('system'), operation: 'get', badge: rl('no-such-badge') });
		expectNotFound(result);
	});

	test('a badge outside the chosen program is a 404', async () => {
		const result = await run({ ...scopeParameters('program'), operation: 'get', badge: rl('issuer-demo') });
		expectNotFound(result);
	});

	test('Continue On Fail: a 404 becomes an error item and the next item still runs', async () => {
		const result = await run(
			{ ...scopeParameters('system'), operation: 'get', badge: { __rl: true, mode: 'slug', value: '={{ $json.slug }}' } },
			[{ slug: 'no-such-badge' }, { slug: 'direct-demo' }],
			true,
		);
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(2);
		expect(result.items[0].json.error).toBeDefined();
		expect(result.items[1].json.slug).toBe('direct-demo');
	});
});

describe('Badge: Get Many', () => {
	const ARCHIVED: Array<[string, boolean | undefined]> = [
		['false', false],
		['true', true],
		['any', undefined],
	];

	for (const scope of SCOPES) {
		test.each(ARCHIVED)(`archived=%s in ${scope} scope returns what the store holds`, async (archived, wanted) => {
			// an archived badge in every scope, so each filter has something to include or exclude
			bed.server.store.addBadge({
				...badgeRow('direct-demo')!,
				slug: `archived-${scope}`,
				archived: 1,
				created: new Date(),
				issuerId: scope === 'system' ? null : demoIssuer().id,
				programId: scope === 'program' ? demoProgram().id : null,
			});
			const outputs = jsonOf(await run({ ...scopeParameters(scope), operation: 'getAll', archived, returnAll: true }));
			const expected = badgesInScope(scope, wanted);
			expect(expected.length).toBeGreaterThan(0);
			expect(outputs.map((o) => o.slug)).toEqual(expected.map((b) => b.slug));
			for (const output of outputs) {
				expect(typeof output.unique).toBe('boolean');
				expect(output.archived).toBe(expected.find((b) => b.slug === output.slug)!.archived === 1);
			}
		});
	}

	test('archived defaults to "not archived"', async () => {
		const outputs = jsonOf(await run({ ...scopeParameters('system'), operation: 'getAll', returnAll: true }));
		expect(outputs.map((o) => o.slug)).toEqual(badgesInScope('system', false).map((b) => b.slug));
		expect(outputs.some((o) => o.slug === 'archived-demo')).toBe(false);
	});

	function addManyBadges(count: number) {
		const template = badgeRow('direct-demo')!;
		for (let n = 0; n < count; n++) {
			bed.server.store.addBadge({ ...template, slug: `bulk-${String(n).padStart(3, '0')}`, created: new Date(), issuerId: null, programId: null });
		}
	}

	test('Return All reads every page', async () => {
		addManyBadges(230);
		const outputs = jsonOf(await run({ ...scopeParameters('system'), operation: 'getAll', archived: 'any', returnAll: true }));
		const expected = badgesInScope('system', undefined);
		expect(expected.length).toBeGreaterThan(230);
		expect(outputs.map((o) => o.slug)).toEqual(expected.map((b) => b.slug));
		const pages = requestsOf('GET', '/systems/demo/badges?');
		expect(pages.length).toBeGreaterThanOrEqual(3);
		for (const page of pages) expect(page.url).toMatch(/[?&]page=\d+/);
	});

	test('Limit returns the first N badges', async () => {
		addManyBadges(30);
		const outputs = jsonOf(await run({ ...scopeParameters('system'), operation: 'getAll', archived: 'any', returnAll: false, limit: 7 }));
		expect(outputs.map((o) => o.slug)).toEqual(
			badgesInScope('system', undefined)
				.slice(0, 7)
				.map((b) => b.slug),
		);
	});

	test('Limit defaults to 50', async () => {
		addManyBadges(80);
		const outputs = jsonOf(await run({ ...scopeParameters('system'), operation: 'getAll', archived: 'any' }));
		expect(outputs).toHaveLength(50);
	});

	test('a Limit above the page size still stops at the limit', async () => {
		addManyBadges(230);
		const outputs = jsonOf(await run({ ...scopeParameters('system'), operation: 'getAll', archived: 'any', limit: 150 }));
		expect(outputs.map((o) => o.slug)).toEqual(
			badgesInScope('system', undefined)
				.slice(0, 150)
				.map((b) => b.slug),
		);
	});

	test('an unknown issuer is a 404', async () => {
		const result = await run({ system: rl('demo'), issuer: rl('no-such-issuer'), operation: 'getAll', returnAll: true });
		expectNotFound(result);
	});
});

describe('Badge: Update', () => {
	const inScope: Record<Scope, string> = { system: 'assessed-demo', issuer: 'issuer-demo', program: 'program-demo' };

	test.each(SCOPES)('changes only the chosen fields in %s scope', async (scope) => {
		const slug = inScope[scope];
		const before = JSON.parse(JSON.stringify(badgeRow(slug)!)) as BadgeRow;
		const [output] = jsonOf(
			await run({ ...scopeParameters(scope), operation: 'update', badge: rl(slug), updateFields: { name: 'Renamed', unique: true } }),
		);
		const row = badgeRow(slug)!;
		expect(row.name).toBe('Renamed');
		expect(row.unique).toBe(1);
		const { name: _n, unique: _u, criteria: _c, created: _cr, ...restBefore } = before;
		const { name: _n2, unique: _u2, criteria: _c2, created: _cr2, ...restAfter } = JSON.parse(JSON.stringify(row)) as BadgeRow;
		expect(restAfter).toEqual(restBefore);
		// BadgeKit deletes criteria left out of an update: they are sent back, and keep their ids
		expect(row.criteria).toEqual(before.criteria);
		expectMatchesRow(output, row);
		expect(output.unique).toBe(true);
	});

	test('tags, categories and alignments survive an update that does not touch them', async () => {
		const [created] = jsonOf(
			await run({
				...scopeParameters('system'),
				...newBadgeParameters('keeps-lists', {
					criteria: { criterion: [{ description: 'Do it', required: true, note: 'n' }] },
					additionalFields: {
						tags: 'a, b',
						categories: 'c',
						alignments: { alignment: [{ name: 'Std', url: 'https://example.org/std', description: 'A standard' }] },
					},
				}),
			}),
		);
		const before = JSON.parse(JSON.stringify(badgeRow('keeps-lists')!)) as BadgeRow;
		expectOk(
			await run({ ...scopeParameters('system'), operation: 'update', badge: rl('keeps-lists'), updateFields: { strapline: 'New strapline' } }),
		);
		const row = badgeRow('keeps-lists')!;
		expect(row.strapline).toBe('New strapline');
		expect(row.tags).toEqual(before.tags);
		expect(row.categories).toEqual(before.categories);
		expect(row.alignments.map(({ name, url, description }) => ({ name, url, description }))).toEqual(
			before.alignments.map(({ name, url, description }) => ({ name, url, description })),
		);
		expect(row.criteria).toEqual(before.criteria);
		expect(created.id).toBe(row.id);
	});

	test('new criteria replace the old ones; a criterion whose description stays keeps its id', async () => {
		const before = badgeRow('assessed-demo')!.criteria.map((c) => ({ ...c }));
		const [output] = jsonOf(
			await run({
				...scopeParameters('system'),
				operation: 'update',
				badge: rl('assessed-demo'),
				updateFields: {
					criteria: {
						criterion: [
							{ description: before[0].description, required: false, note: 'Changed note' },
							{ description: 'A brand new criterion', required: true, note: '' },
						],
					},
				},
			}),
		);
		const row = badgeRow('assessed-demo')!;
		expect(row.criteria).toHaveLength(2);
		expect(row.criteria[0]).toMatchObject({ id: before[0].id, description: before[0].description, required: 0, note: 'Changed note' });
		expect(row.criteria[1]).toMatchObject({ description: 'A brand new criterion', required: 1 });
		expect(row.criteria[1].id).not.toBe(before[1].id);
		expect((output.criteria as IDataObject[]).map((c) => c.required)).toEqual([false, true]);
	});

	test('lists given in Update Fields replace the current ones', async () => {
		expectOk(
			await run({
				...scopeParameters('system'),
				operation: 'update',
				badge: rl('direct-demo'),
				updateFields: { tags: 'x, y, z', categories: '' },
			}),
		);
		const row = badgeRow('direct-demo')!;
		expect(row.tags).toEqual(['x', 'y', 'z']);
		expect(row.categories).toEqual([]);
	});

	test('renames a badge with New Slug and archives it', async () => {
		const id = badgeRow('direct-demo')!.id;
		const [output] = jsonOf(
			await run({
				...scopeParameters('system'),
				operation: 'update',
				badge: rl('direct-demo'),
				updateFields: { slug: 'renamed-demo', archived: true },
			}),
		);
		expect(badgeRow('direct-demo')).toBeUndefined();
		expect(badgeRow('renamed-demo')).toMatchObject({ id, archived: 1 });
		expect(output).toMatchObject({ slug: 'renamed-demo', archived: true });
	});

	test('Update with no fields is a clear error and sends nothing', async () => {
		const result = await run({ ...scopeParameters('system'), operation: 'update', badge: rl('direct-demo'), updateFields: {} });
		expect(result.error).toBeDefined();
		expect(result.error!.message).toMatch(/choose at least one field to update/i);
		expect(requestsOf('PUT', '/badges')).toHaveLength(0);
		expect(requestsOf('GET', '/badges')).toHaveLength(0);
	});

	test('a missing slug is a 404', async () => {
		const result = await run({ ...scopeParameters('system'), operation: 'update', badge: rl('no-such-badge'), updateFields: { name: 'x' } });
		expectNotFound(result);
		expect(requestsOf('PUT', '/badges')).toHaveLength(0);
	});
});

describe('Badge: Delete', () => {
	const inScope: Record<Scope, string> = { system: 'direct-demo', issuer: 'issuer-demo', program: 'program-demo' };

	test.each(SCOPES)('deletes a badge in %s scope and outputs it', async (scope) => {
		const slug = inScope[scope];
		const row = badgeRow(slug)!;
		const { id, name, unique } = row;
		const [output] = jsonOf(await run({ ...scopeParameters(scope), operation: 'delete', badge: rl(slug) }));
		expect(badgeRow(slug)).toBeUndefined();
		expect(bed.server.store.badges.has(id)).toBe(false);
		expect(output).toMatchObject({ id, slug, name, unique: unique === 1 });
		expect(output.status).toBeUndefined();
	});

	test('a missing slug is a 404 and deletes nothing', async () => {
		const count = bed.server.store.badges.size;
		const result = await run({ ...scopeParameters('system'), operation: 'delete', badge: rl('no-such-badge') });
		expectNotFound(result);
		expect(bed.server.store.badges.size).toBe(count);
	});

	test('a badge of another scope is not deleted through the wrong program', async () => {
		const result = await run({ ...scopeParameters('program'), operation: 'delete', badge: rl('issuer-demo') });
		expectNotFound(result);
		expect(badgeRow('issuer-demo')).toBeDefined();
	});
});

describe('Badge: errors name the fields by their labels', () => {
	test('a refused update names each field as the node shows it; BadgeKit’s words and the request are in the description', async () => {
		bed.server.failNext({
			match: (request) => request.method === 'PUT',
			status: 400,
			body: {
				code: 'ValidationError',
				message: 'Could not validate required fields',
				details: [{ field: 'earnerDescription' }, { field: 'criteriaUrl', value: 'nope', message: 'Invalid URL' }],
			},
		});
		const error = (await run({ ...scopeParameters('system'), operation: 'update', badge: rl('direct-demo'), updateFields: { strapline: 'x' } }))
			.error as Error & { description?: string };
		expect(error.message).toBe('BadgeKit refused "Earner Description", "Criteria URL"');
		expect(error.description).toBe(
			'Correct "Earner Description", "Criteria URL" and run again. BadgeKit said: "Could not validate required fields". ' +
				'earnerDescription: is required; criteriaUrl: Invalid URL (got "nope"). Request: PUT /systems/demo/badges/direct-demo',
		);
	});
});
