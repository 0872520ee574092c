import fc from 'fast-check';

import {
	decodeIds,
	encodeIds,
	mostRecentApplication,
	pagesCovering,
	pollApplicationChanges,
	type ApplicationSource,
	type ApplicationState,
} from '../../nodes/BadgeKit/poll/applicationChanges';

// The BadgeKit Application Trigger's memory and poll logic, against a fake BadgeKit that answers like
// the real one (lists ordered by badge, then creation date; exact page totals; 404 for a deleted
// application). The test server runs the same code through the node in application-trigger.test.ts.

interface App {
	id: number;
	slug: string;
	learner: string;
	created: string;
	assignedTo: string | null;
	assignedExpiration: string | null;
	processed: string | null;
	badge: { id: number; slug: string; name: string };
}

const SCOPE = 'http://badgekit.test/systems/demo/applications';
const T0 = Date.parse('2026-03-01T10:00:00.000Z');
const MINUTE = 60_000;
const iso = (ms: number) => new Date(ms).toISOString();

/** Applications of three badges, interleaved, so that new ones land inside the list. */
function app(id: number, fields: Partial<App> = {}): App {
	const badgeId = (id * 7) % 3;
	return {
		id,
		slug: `app-${id}`,
		learner: `learner${id}@example.org`,
		created: iso(T0 + id * 1000),
		assignedTo: null,
		assignedExpiration: null,
		processed: null,
		badge: { id: badgeId, slug: `badge-${badgeId}`, name: `Badge ${badgeId}` },
		...fields,
	};
}

/** BadgeKit over a list of applications, logging the requests. */
function fakeBadgeKit(apps: App[], log: string[]): ApplicationSource<App> {
	const sorted = [...new Map(apps.map((a) => [a.id, a])).values()].sort(
		(x, y) => x.badge.id - y.badge.id || Date.parse(x.created) - Date.parse(y.created) || x.id - y.id,
	);
	return {
		listOpen: async () => {
			log.push('open');
			return sorted.filter((a) => a.processed === null);
		},
		page: async (page, count) => {
			log.push(`page ${page}/${count}`);
			return { items: sorted.slice((page - 1) * count, page * count), total: sorted.length };
		},
		readOne: async (badgeSlug, slug) => {
			log.push('one');
			const found = sorted.find((a) => a.slug === slug && a.badge.slug === badgeSlug);
			return found ? { found } : 'gone';
		},
	};
}

/** Successive polls over one state, like the node does after each successful poll. */
class Poller {
	state: unknown = undefined;
	requests: string[] = [];

	constructor(private readonly scope = SCOPE) {}

	async poll(apps: App[], now = T0): Promise<string[]> {
		this.requests = [];
		const result = await pollApplicationChanges(this.state, fakeBadgeKit(apps, this.requests), { now, scope: this.scope });
		// the node stores exactly this JSON in n8n's static data
		this.state = JSON.parse(JSON.stringify(result.state));
		return result.changes.map((change) => `${change.event}:${change.application.id}`);
	}
}

describe('pollApplicationChanges', () => {
	it('emits nothing on the first poll, however much exists, and reports it as the baseline', async () => {
		const apps = [
			app(1),
			app(2, { assignedTo: 'rev@example.org' }),
			app(3, { assignedTo: 'rev@example.org', assignedExpiration: iso(T0 - MINUTE) }),
			app(4, { processed: iso(T0 - MINUTE) }),
		];
		const result = await pollApplicationChanges(undefined, fakeBadgeKit(apps, []), { now: T0, scope: SCOPE });
		expect(result.changes).toEqual([]);
		expect(result.baseline).toBe(true);

		const poller = new Poller();
		expect(await poller.poll(apps)).toEqual([]);
		// nothing changed: the already overdue application 3 is not reported later either
		expect(await poller.poll(apps, T0 + 60 * MINUTE)).toEqual([]);
		expect(poller.requests).toEqual(['open', 'page 1/1']);
	});

	it('reports a new application exactly once', async () => {
		const poller = new Poller();
		await poller.poll([app(1)]);
		expect(await poller.poll([app(1), app(2)])).toEqual(['newApplication:2']);
		expect(await poller.poll([app(1), app(2)])).toEqual([]);
		expect(await poller.poll([app(1), app(2), app(3), app(4)])).toEqual(['newApplication:3', 'newApplication:4']);
	});

	it('reports the first application of an empty system', async () => {
		const poller = new Poller();
		expect(await poller.poll([])).toEqual([]);
		expect(await poller.poll([app(1)])).toEqual(['newApplication:1']);
	});

	it('reports an assignment once, a reassignment again, and not an unassignment or a change of letter case', async () => {
		const poller = new Poller();
		await poller.poll([app(1)]);
		expect(await poller.poll([app(1, { assignedTo: 'ann@example.org' })])).toEqual(['applicationAssigned:1']);
		expect(await poller.poll([app(1, { assignedTo: 'ann@example.org' })])).toEqual([]);
		expect(await poller.poll([app(1, { assignedTo: 'Ann@Example.org' })])).toEqual([]);
		expect(await poller.poll([app(1, { assignedTo: 'bob@example.org' })])).toEqual(['applicationAssigned:1']);
		expect(await poller.poll([app(1, { assignedTo: null })])).toEqual([]);
		expect(await poller.poll([app(1, { assignedTo: 'bob@example.org' })])).toEqual(['applicationAssigned:1']);
	});

	it('reports an application that arrives already assigned as new and assigned', async () => {
		const poller = new Poller();
		await poller.poll([]);
		expect(await poller.poll([app(1, { assignedTo: 'ann@example.org' })])).toEqual(['newApplication:1', 'applicationAssigned:1']);
	});

	it('reports an overdue review once per deadline, and again for a new deadline', async () => {
		const poller = new Poller();
		const deadline = T0 + 30 * MINUTE;
		const assigned = (expiration: number, extra: Partial<App> = {}) =>
			app(1, { assignedTo: 'ann@example.org', assignedExpiration: iso(expiration), ...extra });
		await poller.poll([app(1)]);
		expect(await poller.poll([assigned(deadline)], T0 + MINUTE)).toEqual(['applicationAssigned:1']);
		expect(await poller.poll([assigned(deadline)], deadline - 1)).toEqual([]);
		expect(await poller.poll([assigned(deadline)], deadline)).toEqual(['reviewOverdue:1']);
		expect(await poller.poll([assigned(deadline)], deadline + 10 * MINUTE)).toEqual([]);
		expect(await poller.poll([assigned(deadline)], deadline + 20 * MINUTE)).toEqual([]);

		// a new deadline: nothing until it passes, then once more
		const extended = deadline + 60 * MINUTE;
		expect(await poller.poll([assigned(extended)], deadline + 30 * MINUTE)).toEqual([]);
		expect(await poller.poll([assigned(extended)], extended + MINUTE)).toEqual(['reviewOverdue:1']);
		expect(await poller.poll([assigned(extended)], extended + 2 * MINUTE)).toEqual([]);

		// a deadline moved to another moment that has already passed is a new deadline too
		expect(await poller.poll([assigned(extended - 5 * MINUTE)], extended + 3 * MINUTE)).toEqual(['reviewOverdue:1']);
		// reassigned with the same deadline: an assignment, not a second overdue
		expect(await poller.poll([assigned(extended - 5 * MINUTE, { assignedTo: 'bob@example.org' })], extended + 4 * MINUTE)).toEqual([
			'applicationAssigned:1',
		]);
	});

	it('does not report an overdue review for a processed application', async () => {
		const poller = new Poller();
		const deadline = T0 + 10 * MINUTE;
		await poller.poll([app(1, { assignedExpiration: iso(deadline) })]);
		expect(await poller.poll([app(1, { assignedExpiration: iso(deadline), processed: iso(T0 + MINUTE) })], deadline + MINUTE)).toEqual([
			'applicationProcessed:1',
		]);
		expect(await poller.poll([app(1, { assignedExpiration: iso(deadline), processed: iso(T0 + MINUTE) })], deadline + 2 * MINUTE)).toEqual([]);
	});

	it('reports a deadline that passed while the trigger was not polling (no poll lands exactly on it)', async () => {
		const poller = new Poller();
		const deadline = T0 + 5 * MINUTE;
		await poller.poll([app(1, { assignedExpiration: iso(deadline) })], T0);
		expect(await poller.poll([app(1, { assignedExpiration: iso(deadline) })], T0 + 24 * 60 * MINUTE)).toEqual(['reviewOverdue:1']);
	});

	it('reports an application created with a deadline that has already passed', async () => {
		const poller = new Poller();
		await poller.poll([]);
		expect(await poller.poll([app(1, { assignedTo: 'ann@example.org', assignedExpiration: iso(T0 - MINUTE) })])).toEqual([
			'newApplication:1',
			'applicationAssigned:1',
			'reviewOverdue:1',
		]);
	});

	it('reports processing once, and an application created and processed between two polls', async () => {
		const poller = new Poller();
		await poller.poll([app(1)]);
		expect(await poller.poll([app(1, { processed: iso(T0) })])).toEqual(['applicationProcessed:1']);
		expect(await poller.poll([app(1, { processed: iso(T0) })])).toEqual([]);
		expect(await poller.poll([app(1, { processed: iso(T0 + MINUTE) })])).toEqual([]);
		expect(await poller.poll([app(1, { processed: iso(T0) }), app(2, { processed: iso(T0) })])).toEqual([
			'newApplication:2',
			'applicationProcessed:2',
		]);
	});

	it('watches an application made unprocessed again, silently at first', async () => {
		const poller = new Poller();
		await poller.poll([app(1, { processed: iso(T0) })]);
		expect(await poller.poll([app(1)])).toEqual([]);
		expect(await poller.poll([app(1, { assignedTo: 'ann@example.org' })])).toEqual(['applicationAssigned:1']);
		expect(await poller.poll([app(1, { assignedTo: 'ann@example.org', processed: iso(T0) })])).toEqual(['applicationProcessed:1']);
	});

	it('orders events by application id, and per application new → assigned → overdue / processed', async () => {
		const poller = new Poller();
		await poller.poll([app(5)]);
		const events = await poller.poll([
			app(9, { processed: iso(T0) }),
			app(7, { assignedTo: 'x@example.org', assignedExpiration: iso(T0 - 1) }),
			app(5, { processed: iso(T0) }),
		]);
		expect(events).toEqual([
			'applicationProcessed:5',
			'newApplication:7',
			'applicationAssigned:7',
			'reviewOverdue:7',
			'newApplication:9',
			'applicationProcessed:9',
		]);
	});

	it('reports an application created and processed between two polls, and one made unprocessed again silently at first', async () => {
		const poller = new Poller();
		await poller.poll([app(1), app(2, { processed: iso(T0) })]);
		expect(await poller.poll([app(1), app(2, { processed: iso(T0) }), app(3, { processed: iso(T0) })])).toEqual([
			'newApplication:3',
			'applicationProcessed:3',
		]);
		expect(await poller.poll([app(1), app(2), app(3, { processed: iso(T0) })])).toEqual([]);
		expect(await poller.poll([app(1), app(2, { assignedTo: 'ann@example.org' }), app(3, { processed: iso(T0) })])).toEqual(['applicationAssigned:2']);
	});

	it('forgets an application deleted while open, after one read', async () => {
		const poller = new Poller();
		await poller.poll([app(1), app(2)]);
		expect(await poller.poll([app(2)])).toEqual([]);
		expect(poller.requests).toEqual(['open', 'page 1/1', 'one']);
		expect((poller.state as ApplicationState).open.map((entry) => entry[0])).toEqual([2]);
		// (a list this short is cheaper to read whole than to search)
		expect(await poller.poll([app(2), app(4, { processed: iso(T0) })])).toEqual(['newApplication:4', 'applicationProcessed:4']);
		expect(poller.requests).toEqual(['open', 'page 1/1', 'page 1/100']);
	});

	it('follows an open application whose slug was changed, also when it is processed in the same interval', async () => {
		const poller = new Poller();
		await poller.poll([app(1), app(2), app(3), app(4, { processed: iso(T0) })]);
		// still open: the open list shows the new slug
		expect(await poller.poll([app(1), app(2, { slug: 'renamed' }), app(3), app(4, { processed: iso(T0) })])).toEqual([]);
		expect(poller.requests).toEqual(['open', 'page 1/1']);
		expect((poller.state as ApplicationState).open.map((entry) => entry[3])).toEqual(['app-1', 'renamed', 'app-3']);
		// renamed and processed at once: 404 by the old slug, the count does not add up, one full read finds it
		expect(
			await poller.poll([app(1), app(2, { slug: 'renamed' }), app(3, { slug: 'again', processed: iso(T0) }), app(4, { processed: iso(T0) })]),
		).toEqual(['applicationProcessed:3']);
		expect(poller.requests).toEqual(['open', 'page 1/1', 'one', 'page 1/100']);
		expect(
			await poller.poll([app(1), app(2, { slug: 'renamed' }), app(3, { slug: 'again', processed: iso(T0) }), app(4, { processed: iso(T0) })]),
		).toEqual([]);
		expect(poller.requests).toEqual(['open', 'page 1/1']);
	});

	it('starts over silently when the scope changes or the state is unreadable', async () => {
		const poller = new Poller();
		await poller.poll([app(1)]);
		const moved = await pollApplicationChanges(poller.state, fakeBadgeKit([app(1), app(2)], []), {
			now: T0,
			scope: 'http://other/systems/x/applications',
		});
		expect(moved.baseline).toBe(true);
		expect(moved.changes).toEqual([]);

		for (const broken of [
			{ ...(poller.state as object), open: [[1, 'x']] },
			{ ...(poller.state as object), highs: [] },
			{ ...(poller.state as object), total: -1 },
			{ ...(poller.state as object), blocks: [['a', 1]] },
			{ ...(poller.state as object), recent: 'not base 36!' },
			{ ...(poller.state as object), version: 1 },
			'a string',
			42,
		]) {
			const result = await pollApplicationChanges(broken, fakeBadgeKit([app(1), app(2)], []), { now: T0, scope: SCOPE });
			expect(result.baseline).toBe(true);
			expect(result.changes).toEqual([]);
		}
	});

	it('catches up after polls that failed: everything that happened meanwhile is reported once', async () => {
		const poller = new Poller();
		await poller.poll([app(1), app(2, { assignedExpiration: iso(T0 + MINUTE) })]);
		// polls at T0+1..T0+3 failed: nothing stored. Meanwhile: 1 assigned, 2 overdue, 3 and 4 created, 4 processed
		const now = T0 + 10 * MINUTE;
		const apps = [
			app(1, { assignedTo: 'ann@example.org' }),
			app(2, { assignedExpiration: iso(T0 + MINUTE) }),
			app(3),
			app(4, { processed: iso(T0 + 5 * MINUTE) }),
		];
		expect(await poller.poll(apps, now)).toEqual([
			'applicationAssigned:1',
			'reviewOverdue:2',
			'newApplication:3',
			'newApplication:4',
			'applicationProcessed:4',
		]);
		expect(await poller.poll(apps, now + MINUTE)).toEqual([]);
	});
});

describe('encodeIds / decodeIds', () => {
	it('writes runs compactly', () => {
		expect(encodeIds([1, 2, 3, 7, 10, 11])).toBe('1.2,4,3.1');
		expect(encodeIds([])).toBe('');
		expect(encodeIds(Array.from({ length: 10_000 }, (_, i) => i + 1))).toBe('1.7pr');
		expect(decodeIds('1.2,4,3.1')).toEqual([1, 2, 3, 7, 10, 11]);
	});

	it('round-trips any set of ids', () => {
		fc.assert(
			fc.property(fc.uniqueArray(fc.integer({ min: 0, max: 5_000 }), { maxLength: 300 }), (ids) => {
				expect(decodeIds(encodeIds(ids))).toEqual([...ids].sort((a, b) => a - b));
			}),
		);
	});

	it('refuses ids above the limit instead of expanding them', () => {
		expect(() => decodeIds('1.zzzzzz', 100)).toThrow();
	});
});

describe('mostRecentApplication', () => {
	it('picks the latest created, the higher id on a tie, and undefined for none', () => {
		expect(mostRecentApplication([])).toBeUndefined();
		const a = app(1, { created: '2026-01-02T00:00:00.000Z' });
		const b = app(2, { created: '2026-01-01T00:00:00.000Z' });
		const c = app(3, { created: '2026-01-02T00:00:00.000Z' });
		expect(mostRecentApplication([a, b])).toBe(a);
		expect(mostRecentApplication([c, a, b])).toBe(c);
		expect(mostRecentApplication([{ ...b, created: 'garbage' }, b])).toBe(b);
	});
});

describe('pagesCovering', () => {
	it('puts a range in one aligned page when it can, in consecutive pages otherwise', () => {
		for (let start = 0; start < 400; start += 7) {
			for (const size of [1, 2, 11, 12, 50, 150]) {
				const pages = pagesCovering(start, start + size);
				const first = (pages[0].page - 1) * pages[0].count;
				const last = pages[pages.length - 1].page * pages[pages.length - 1].count;
				expect(first).toBeLessThanOrEqual(start);
				expect(last).toBeGreaterThanOrEqual(start + size);
				expect(pages.length).toBeLessThanOrEqual(2);
			}
		}
		expect(pagesCovering(5, 17)).toEqual([{ page: 1, count: 17 }]);
	});
});

// --- property-based: against an unbounded reference --------------------------------------------------

/**
 * The obvious implementation with unlimited memory: remember every application as last seen, and
 * every deadline notified. The bounded one must emit exactly the same events.
 */
class ReferenceModel {
	private started = false;
	private readonly lastSeen = new Map<number, { reviewer: string; processed: boolean }>();
	private readonly notified = new Map<number, number>();

	poll(apps: App[], now: number): string[] {
		const events: string[] = [];
		const byId = new Map(apps.map((a) => [a.id, a]));
		for (const a of [...byId.values()].sort((x, y) => x.id - y.id)) {
			const reviewer = (a.assignedTo ?? '').trim().toLowerCase();
			const processed = a.processed !== null;
			const deadline = a.assignedExpiration ? Date.parse(a.assignedExpiration) : 0;
			const previous = this.lastSeen.get(a.id);
			// "notified" is per deadline: a changed deadline is a new one
			if (this.notified.get(a.id) !== deadline) this.notified.delete(a.id);
			// an application is watched when its previous state is known to be unprocessed (or new)
			const watched = this.started && (!previous || !previous.processed);
			if (this.started && !previous) events.push(`newApplication:${a.id}`);
			if (watched && reviewer && reviewer !== (previous?.reviewer ?? '')) events.push(`applicationAssigned:${a.id}`);
			if (processed) {
				if (watched) events.push(`applicationProcessed:${a.id}`);
				this.notified.delete(a.id);
			} else if (deadline && deadline <= now && this.notified.get(a.id) !== deadline) {
				if (watched) events.push(`reviewOverdue:${a.id}`);
				this.notified.set(a.id, deadline);
			}
			this.lastSeen.set(a.id, { reviewer, processed });
		}
		this.started = true;
		return events;
	}
}

type Command =
	| { kind: 'create'; reviewer: number | null; deadline: number | null }
	| { kind: 'assign'; pick: number; reviewer: number | null }
	| { kind: 'deadline'; pick: number; deadline: number | null }
	| { kind: 'process'; pick: number }
	| { kind: 'unprocess'; pick: number }
	| { kind: 'delete'; pick: number }
	| { kind: 'tick'; minutes: number }
	| { kind: 'poll'; seed: number; duplicate: boolean };

const REVIEWERS = ['ann@example.org', 'bob@example.org', 'ANN@example.org', 'cy@example.org'];

const commandArbitrary: fc.Arbitrary<Command> = fc.oneof(
	// deadlines: minutes after T0, few distinct values so that they repeat
	fc.record({
		kind: fc.constant('create' as const),
		reviewer: fc.option(fc.nat(3)),
		deadline: fc.option(fc.integer({ min: -2, max: 12 }).map((m) => m * 10)),
	}),
	fc.record({ kind: fc.constant('assign' as const), pick: fc.nat(), reviewer: fc.option(fc.nat(3)) }),
	fc.record({ kind: fc.constant('deadline' as const), pick: fc.nat(), deadline: fc.option(fc.integer({ min: -2, max: 12 }).map((m) => m * 10)) }),
	fc.record({ kind: fc.constant('process' as const), pick: fc.nat() }),
	fc.record({ kind: fc.constant('unprocess' as const), pick: fc.nat() }),
	fc.record({ kind: fc.constant('delete' as const), pick: fc.nat() }),
	fc.record({ kind: fc.constant('tick' as const), minutes: fc.integer({ min: 0, max: 20 }) }),
	fc.record({ kind: fc.constant('poll' as const), seed: fc.nat(), duplicate: fc.boolean() }),
);

function shuffled<T>(items: T[], seed: number): T[] {
	const out = [...items];
	let s = seed || 1;
	for (let i = out.length - 1; i > 0; i--) {
		s = (s * 1103515245 + 12345) % 2147483648;
		const j = s % (i + 1);
		[out[i], out[j]] = [out[j], out[i]];
	}
	return out;
}

describe('property: same events as the unbounded reference, each exactly once', () => {
	it('holds for random histories', async () => {
		await fc.assert(
			fc.asyncProperty(fc.array(commandArbitrary, { maxLength: 120 }), async (commands) => {
				const apps = new Map<number, App>();
				let nextId = 1;
				let now = T0;
				const poller = new Poller();
				const reference = new ReferenceModel();
				const pickApp = (pick: number) => {
					const list = [...apps.values()];
					return list.length ? list[pick % list.length] : undefined;
				};
				const pollBoth = async (list: App[]) => {
					const expected = reference.poll(list, now);
					expect(await poller.poll(list, now)).toEqual(expected);
					// bounded: a fixed overhead plus a few bytes per unprocessed application
					const openCount = [...apps.values()].filter((a) => a.processed === null).length;
					expect(JSON.stringify(poller.state).length).toBeLessThan(400 + 60 * openCount);
				};
				await pollBoth([]);
				for (const command of commands) {
					const target = 'pick' in command ? pickApp(command.pick) : undefined;
					switch (command.kind) {
						case 'create': {
							const id = nextId++;
							apps.set(
								id,
								app(id, {
									assignedTo: command.reviewer === null ? null : REVIEWERS[command.reviewer],
									assignedExpiration: command.deadline === null ? null : iso(T0 + command.deadline * MINUTE),
								}),
							);
							break;
						}
						case 'assign':
							if (target) target.assignedTo = command.reviewer === null ? null : REVIEWERS[command.reviewer];
							break;
						case 'deadline':
							if (target) target.assignedExpiration = command.deadline === null ? null : iso(T0 + command.deadline * MINUTE);
							break;
						case 'process':
							if (target) target.processed = iso(now);
							break;
						case 'unprocess':
							if (target) target.processed = null;
							break;
						case 'delete':
							// only open ones: a processed application deleted while another is created and
							// processed leaves the count unchanged (a documented limit)
							if (target && target.processed === null) apps.delete(target.id);
							break;
						case 'tick':
							now += command.minutes * MINUTE;
							break;
						case 'poll': {
							const list = shuffled([...apps.values()], command.seed).map((a) => ({ ...a }));
							await pollBoth(list);
							void command.duplicate;
							break;
						}
					}
				}
				await pollBoth([...apps.values()].map((a) => ({ ...a })));
			}),
			{ numRuns: 300 },
		);
	});

	it('never reports the same change twice when nothing changes, and a quiet poll costs 2 requests', async () => {
		await fc.assert(
			fc.asyncProperty(fc.array(commandArbitrary, { maxLength: 40 }), fc.integer({ min: 1, max: 5 }), async (commands, repeats) => {
				const poller = new Poller();
				await poller.poll([]);
				const apps: App[] = [];
				let id = 1;
				for (const command of commands) {
					if (command.kind === 'create') {
						apps.push(
							app(id++, {
								assignedTo: command.reviewer === null ? null : REVIEWERS[command.reviewer],
								assignedExpiration: command.deadline === null ? null : iso(T0 + command.deadline * MINUTE),
								processed: command.reviewer === 3 ? iso(T0) : null,
							}),
						);
					}
				}
				const first = await poller.poll(apps, T0 + 40 * MINUTE);
				expect(new Set(first).size).toBe(first.length);
				for (let i = 0; i < repeats; i++) {
					expect(await poller.poll(apps, T0 + (41 + i) * MINUTE)).toEqual([]);
					expect(poller.requests).toEqual(['open', 'page 1/1']);
				}
			}),
		);
	});
});
