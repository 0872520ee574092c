import fc from 'fast-check';

import {
	ABSENT_POLLS,
	decodeIds,
	detectApplicationChanges,
	encodeIds,
	mostRecentApplication,
	type ApplicationState,
} from '../../nodes/BadgeKit/shared/applicationChanges';

// The pure part of the BadgeKit Application Trigger: state in, complete application list in, events
// and next state out.

interface App {
	id: number;
	slug: string;
	learner: string;
	created: string;
	assignedTo: string | null;
	assignedExpiration: string | null;
	processed: string | null;
	badge: { slug: string; name: string };
}

const SCOPE = 'http://badgekit.test/systems/demo/applications';
const T0 = Date.parse('2026-03-01T10:00:00.000Z');
const MINUTE = 60_000;
const iso = (ms: number) => new Date(ms).toISOString();

function app(id: number, fields: Partial<App> = {}): App {
	return {
		id,
		slug: `app-${id}`,
		learner: `learner${id}@example.org`,
		created: iso(T0 + id * 1000),
		assignedTo: null,
		assignedExpiration: null,
		processed: null,
		badge: { slug: 'assessed-demo', name: 'Assessed Demo Badge' },
		...fields,
	};
}

/** Successive polls over one state, like the node does after each fully read list. */
class Poller {
	state: unknown = undefined;

	constructor(private readonly scope = SCOPE) {}

	poll(apps: App[], now = T0): string[] {
		const result = detectApplicationChanges(this.state, apps, { now, scope: this.scope });
		// the node stores exactly this JSON in n8n's static data
		this.state = JSON.parse(JSON.stringify(result.state));
		return result.changes.map((change) => `${change.event}:${change.application.id}`);
	}
}

describe('detectApplicationChanges', () => {
	it('emits nothing on the first poll, however much exists, and reports it as the baseline', () => {
		const apps = [
			app(1),
			app(2, { assignedTo: 'rev@example.org' }),
			app(3, { assignedTo: 'rev@example.org', assignedExpiration: iso(T0 - MINUTE) }),
			app(4, { processed: iso(T0 - MINUTE) }),
		];
		const result = detectApplicationChanges(undefined, apps, { now: T0, scope: SCOPE });
		expect(result.changes).toEqual([]);
		expect(result.baseline).toBe(true);

		const poller = new Poller();
		expect(poller.poll(apps)).toEqual([]);
		// nothing changed: the already overdue application 3 is not reported later either
		expect(poller.poll(apps, T0 + 60 * MINUTE)).toEqual([]);
	});

	it('reports a new application exactly once', () => {
		const poller = new Poller();
		poller.poll([app(1)]);
		expect(poller.poll([app(1), app(2)])).toEqual(['newApplication:2']);
		expect(poller.poll([app(1), app(2)])).toEqual([]);
		expect(poller.poll([app(1), app(2), app(3), app(4)])).toEqual(['newApplication:3', 'newApplication:4']);
	});

	it('reports the first application of an empty system', () => {
		const poller = new Poller();
		expect(poller.poll([])).toEqual([]);
		expect(poller.poll([app(1)])).toEqual(['newApplication:1']);
	});

	it('reports an assignment once, a reassignment again, and not an unassignment or a change of letter case', () => {
		const poller = new Poller();
		poller.poll([app(1)]);
		expect(poller.poll([app(1, { assignedTo: 'ann@example.org' })])).toEqual(['applicationAssigned:1']);
		expect(poller.poll([app(1, { assignedTo: 'ann@example.org' })])).toEqual([]);
		expect(poller.poll([app(1, { assignedTo: 'Ann@Example.org' })])).toEqual([]);
		expect(poller.poll([app(1, { assignedTo: 'bob@example.org' })])).toEqual(['applicationAssigned:1']);
		expect(poller.poll([app(1, { assignedTo: null })])).toEqual([]);
		expect(poller.poll([app(1, { assignedTo: 'bob@example.org' })])).toEqual(['applicationAssigned:1']);
	});

	it('reports an application that arrives already assigned as new and assigned', () => {
		const poller = new Poller();
		poller.poll([]);
		expect(poller.poll([app(1, { assignedTo: 'ann@example.org' })])).toEqual(['newApplication:1', 'applicationAssigned:1']);
	});

	it('reports an overdue review once per deadline, and again for a new deadline', () => {
		const poller = new Poller();
		const deadline = T0 + 30 * MINUTE;
		const assigned = (expiration: number, extra: Partial<App> = {}) =>
			app(1, { assignedTo: 'ann@example.org', assignedExpiration: iso(expiration), ...extra });
		poller.poll([app(1)]);
		expect(poller.poll([assigned(deadline)], T0 + MINUTE)).toEqual(['applicationAssigned:1']);
		expect(poller.poll([assigned(deadline)], deadline - 1)).toEqual([]);
		expect(poller.poll([assigned(deadline)], deadline)).toEqual(['reviewOverdue:1']);
		expect(poller.poll([assigned(deadline)], deadline + 10 * MINUTE)).toEqual([]);
		expect(poller.poll([assigned(deadline)], deadline + 20 * MINUTE)).toEqual([]);

		// a new deadline: nothing until it passes, then once more
		const extended = deadline + 60 * MINUTE;
		expect(poller.poll([assigned(extended)], deadline + 30 * MINUTE)).toEqual([]);
		expect(poller.poll([assigned(extended)], extended + MINUTE)).toEqual(['reviewOverdue:1']);
		expect(poller.poll([assigned(extended)], extended + 2 * MINUTE)).toEqual([]);

		// a deadline moved to another moment that has already passed is a new deadline too
		expect(poller.poll([assigned(extended - 5 * MINUTE)], extended + 3 * MINUTE)).toEqual(['reviewOverdue:1']);
		// reassigned with the same deadline: an assignment, not a second overdue
		expect(poller.poll([assigned(extended - 5 * MINUTE, { assignedTo: 'bob@example.org' })], extended + 4 * MINUTE)).toEqual([
			'applicationAssigned:1',
		]);
	});

	it('treats a deadline changed and changed back as a new deadline, and forgets notified deadlines that are gone', () => {
		const poller = new Poller();
		const d1 = T0 + MINUTE;
		const d2 = T0 + 60 * MINUTE;
		poller.poll([app(1, { assignedExpiration: iso(d1) })], T0);
		expect(poller.poll([app(1, { assignedExpiration: iso(d1) })], T0 + 2 * MINUTE)).toEqual(['reviewOverdue:1']);
		expect((poller.state as ApplicationState).overdue).not.toBe('');
		expect(poller.poll([app(1, { assignedExpiration: iso(d2) })], T0 + 3 * MINUTE)).toEqual([]);
		// only deadlines already reported are remembered: d2 has not passed, d1 is forgotten
		expect((poller.state as ApplicationState).overdue).toBe('');
		expect(poller.poll([app(1, { assignedExpiration: iso(d1) })], T0 + 4 * MINUTE)).toEqual(['reviewOverdue:1']);
		expect(poller.poll([app(1, { assignedExpiration: null })], T0 + 5 * MINUTE)).toEqual([]);
		expect((poller.state as ApplicationState).overdue).toBe('');
	});

	it('does not report an overdue review for a processed application', () => {
		const poller = new Poller();
		const deadline = T0 + 10 * MINUTE;
		poller.poll([app(1, { assignedExpiration: iso(deadline) })]);
		expect(poller.poll([app(1, { assignedExpiration: iso(deadline), processed: iso(T0 + MINUTE) })], deadline + MINUTE)).toEqual([
			'applicationProcessed:1',
		]);
		expect(poller.poll([app(1, { assignedExpiration: iso(deadline), processed: iso(T0 + MINUTE) })], deadline + 2 * MINUTE)).toEqual([]);
	});

	it('reports a deadline that passed while the trigger was not polling (no poll lands exactly on it)', () => {
		const poller = new Poller();
		const deadline = T0 + 5 * MINUTE;
		poller.poll([app(1, { assignedExpiration: iso(deadline) })], T0);
		expect(poller.poll([app(1, { assignedExpiration: iso(deadline) })], T0 + 24 * 60 * MINUTE)).toEqual(['reviewOverdue:1']);
	});

	it('reports an application created with a deadline that has already passed', () => {
		const poller = new Poller();
		poller.poll([]);
		expect(poller.poll([app(1, { assignedTo: 'ann@example.org', assignedExpiration: iso(T0 - MINUTE) })])).toEqual([
			'newApplication:1',
			'applicationAssigned:1',
			'reviewOverdue:1',
		]);
	});

	it('reports processing once, and an application created and processed between two polls', () => {
		const poller = new Poller();
		poller.poll([app(1)]);
		expect(poller.poll([app(1, { processed: iso(T0) })])).toEqual(['applicationProcessed:1']);
		expect(poller.poll([app(1, { processed: iso(T0) })])).toEqual([]);
		expect(poller.poll([app(1, { processed: iso(T0 + MINUTE) })])).toEqual([]);
		expect(poller.poll([app(1, { processed: iso(T0) }), app(2, { processed: iso(T0) })])).toEqual([
			'newApplication:2',
			'applicationProcessed:2',
		]);
	});

	it('watches an application made unprocessed again, silently at first', () => {
		const poller = new Poller();
		poller.poll([app(1, { processed: iso(T0) })]);
		expect(poller.poll([app(1)])).toEqual([]);
		expect(poller.poll([app(1, { assignedTo: 'ann@example.org' })])).toEqual(['applicationAssigned:1']);
		expect(poller.poll([app(1, { assignedTo: 'ann@example.org', processed: iso(T0) })])).toEqual(['applicationProcessed:1']);
	});

	it('orders events by application id, and per application new → assigned → overdue / processed', () => {
		const poller = new Poller();
		poller.poll([app(5)]);
		const events = poller.poll([
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

	it('merges an application listed twice (a page shift while reading pages)', () => {
		const poller = new Poller();
		poller.poll([app(1)]);
		expect(poller.poll([app(1), app(2), app(2), app(1)])).toEqual(['newApplication:2']);
	});

	it('still reports an application that a poll missed while it saw a higher id (out-of-order commit, page shift)', () => {
		const poller = new Poller();
		poller.poll([app(1)]);
		expect(poller.poll([app(1), app(3)])).toEqual(['newApplication:3']);
		expect(poller.poll([app(1), app(3)])).toEqual([]);
		expect(poller.poll([app(1), app(2), app(3)])).toEqual(['newApplication:2']);
		expect(poller.poll([app(1), app(2), app(3)])).toEqual([]);
	});

	it('keeps watching an open application missing from one list, and forgets a deleted one', () => {
		const poller = new Poller();
		poller.poll([app(1), app(2)]);
		// 2 skipped by a page shift, then seen processed: still reported
		expect(poller.poll([app(1)])).toEqual([]);
		expect(poller.poll([app(1), app(2, { processed: iso(T0) })])).toEqual(['applicationProcessed:2']);

		// 1 deleted: kept for a few polls, then gone from the state
		for (let i = 0; i < ABSENT_POLLS + 1; i++) expect(poller.poll([app(2, { processed: iso(T0) })])).toEqual([]);
		const state = poller.state as ApplicationState;
		expect(Object.values(state.open).flatMap((ids) => decodeIds(ids))).toEqual([]);
		expect(state.absent).toEqual({});
	});

	it('starts over silently when the scope changes or the state is unreadable', () => {
		const poller = new Poller();
		poller.poll([app(1)]);
		const moved = detectApplicationChanges(poller.state, [app(1), app(2)], { now: T0, scope: 'http://other/systems/x/applications' });
		expect(moved.baseline).toBe(true);
		expect(moved.changes).toEqual([]);

		for (const broken of [
			{ ...(poller.state as object), open: { _: '1.zz' } },
			{ ...(poller.state as object), highs: [] },
			{ ...(poller.state as object), recent: 'not base 36!' },
			{ ...(poller.state as object), version: 99 },
			'a string',
			42,
		]) {
			const result = detectApplicationChanges(broken, [app(1), app(2)], { now: T0, scope: SCOPE });
			expect(result.baseline).toBe(true);
			expect(result.changes).toEqual([]);
		}
	});

	it('is pure: the previous state and the list are not modified, and the same input gives the same output', () => {
		// This is what makes a failed poll harmless: the node keeps the old state, and the next poll
		// compares against it again.
		const poller = new Poller();
		poller.poll([app(1), app(2)]);
		const before = JSON.stringify(poller.state);
		const apps = [app(1, { assignedTo: 'a@example.org' }), app(2, { processed: iso(T0) }), app(3)];
		const appsBefore = JSON.stringify(apps);
		const first = detectApplicationChanges(poller.state, apps, { now: T0, scope: SCOPE });
		const second = detectApplicationChanges(poller.state, apps, { now: T0, scope: SCOPE });
		expect(JSON.stringify(poller.state)).toBe(before);
		expect(JSON.stringify(apps)).toBe(appsBefore);
		expect(second).toEqual(first);
		expect(first.changes.map((c) => `${c.event}:${c.application.id}`)).toEqual([
			'applicationAssigned:1',
			'applicationProcessed:2',
			'newApplication:3',
		]);
		// the application objects are passed through as they are
		expect(first.changes[2].application).toBe(apps[2]);
	});

	it('catches up after polls that failed: everything that happened meanwhile is reported once', () => {
		const poller = new Poller();
		poller.poll([app(1), app(2, { assignedExpiration: iso(T0 + MINUTE) })]);
		// polls at T0+1..T0+3 failed: nothing stored. Meanwhile: 1 assigned, 2 overdue, 3 and 4 created, 4 processed
		const now = T0 + 10 * MINUTE;
		const apps = [
			app(1, { assignedTo: 'ann@example.org' }),
			app(2, { assignedExpiration: iso(T0 + MINUTE) }),
			app(3),
			app(4, { processed: iso(T0 + 5 * MINUTE) }),
		];
		expect(poller.poll(apps, now)).toEqual([
			'applicationAssigned:1',
			'reviewOverdue:2',
			'newApplication:3',
			'newApplication:4',
			'applicationProcessed:4',
		]);
		expect(poller.poll(apps, now + MINUTE)).toEqual([]);
	});

	it('ignores entries without a usable id', () => {
		const poller = new Poller();
		poller.poll([app(1)]);
		const weird = [{ ...app(2), id: 'x' }, { ...app(3), id: -3 }, { ...app(4), id: 1.5 }] as unknown as App[];
		expect(poller.poll([app(1), ...weird])).toEqual([]);
		expect(poller.poll([app(1), { ...app(5), id: '5' } as unknown as App])).toEqual(['newApplication:5']);
	});
});

describe('bounded state', () => {
	const size = (state: unknown) => JSON.stringify(state).length;

	it('stays tiny for 10,000 processed applications', () => {
		const poller = new Poller();
		const apps = Array.from({ length: 10_000 }, (_, i) => app(i + 1, { processed: iso(T0) }));
		poller.poll(apps);
		poller.poll(apps);
		expect(size(poller.state)).toBeLessThan(200);
	});

	it('stays tiny for 10,000 unprocessed, unassigned applications', () => {
		const poller = new Poller();
		const apps = Array.from({ length: 10_000 }, (_, i) => app(i + 1));
		poller.poll(apps);
		expect(poller.poll([...apps, app(10_001)])).toEqual(['newApplication:10001']);
		expect(size(poller.state)).toBeLessThan(200);
	});

	it('costs a few bytes per unprocessed application when reviewers are interleaved and many are overdue', () => {
		const poller = new Poller();
		const reviewers = ['ann', 'bob', 'cy', 'dee', 'eve'].map((name) => `${name}@reviewers.example.org`);
		const apps = Array.from({ length: 10_000 }, (_, i) =>
			app(i + 1, {
				assignedTo: i % 7 === 0 ? null : reviewers[(i * 7919) % reviewers.length],
				// one in ten has a passed deadline (each a different one)
				assignedExpiration: i % 10 === 0 ? iso(T0 - (i + 1) * 1000) : null,
			}),
		);
		poller.poll(apps);
		expect(poller.poll(apps)).toEqual([]);
		const bytes = size(poller.state);
		// 10,000 open applications, 1,000 of them notified overdue: about 4 bytes each
		expect(bytes).toBeLessThan(10_000 * 5);
		// and no email address is stored
		expect(JSON.stringify(poller.state)).not.toContain('@');
	});

	it('does not grow with history: 10,000 applications arriving and being processed over 100 polls', () => {
		const poller = new Poller();
		const all: App[] = [];
		let nextId = 1;
		const sizes: number[] = [];
		let events = 0;
		for (let round = 0; round < 100; round++) {
			for (let i = 0; i < 100; i++) all.push(app(nextId++, { assignedTo: `rev${i % 4}@example.org` }));
			// everything older than two rounds gets processed; a few stay open for long
			for (const a of all) if (a.id <= (round - 2) * 100 && a.id % 97 !== 0 && !a.processed) a.processed = iso(T0 + round * MINUTE);
			events += poller.poll(all, T0 + round * MINUTE).length;
			sizes.push(size(poller.state));
		}
		expect(all.length).toBe(10_000);
		// 99 polls × 100 new (new + assigned), and processing of ~9,700 (the first round was the baseline)
		expect(events).toBeGreaterThan(99 * 200 + 9_000);
		const open = all.filter((a) => !a.processed).length;
		// the state is about the ~300 open applications, not the 10,000
		expect(sizes[sizes.length - 1]).toBeLessThan(100 + open * 12);
		expect(sizes[sizes.length - 1]).toBeLessThan(sizes[10] * 3);
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
	fc.record({ kind: fc.constant('create' as const), reviewer: fc.option(fc.nat(3)), deadline: fc.option(fc.integer({ min: -2, max: 12 }).map((m) => m * 10)) }),
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
	it('holds for random histories', () => {
		fc.assert(
			fc.property(fc.array(commandArbitrary, { maxLength: 120 }), (commands) => {
				const apps = new Map<number, App>();
				let nextId = 1;
				let now = T0;
				const poller = new Poller();
				const reference = new ReferenceModel();
				const pickApp = (pick: number) => {
					const list = [...apps.values()];
					return list.length ? list[pick % list.length] : undefined;
				};
				const pollBoth = (list: App[]) => {
					const expected = reference.poll(list, now);
					expect(poller.poll(list, now)).toEqual(expected);
					// bounded: a fixed overhead plus a few bytes per unprocessed application
					const openCount = [...apps.values()].filter((a) => a.processed === null).length;
					expect(JSON.stringify(poller.state).length).toBeLessThan(200 + 40 * openCount);
				};
				pollBoth([]);
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
							if (target) apps.delete(target.id);
							break;
						case 'tick':
							now += command.minutes * MINUTE;
							break;
						case 'poll': {
							const list = shuffled([...apps.values()], command.seed).map((a) => ({ ...a }));
							pollBoth(command.duplicate ? [...list, ...list.slice(0, 3)] : list);
							break;
						}
					}
				}
				pollBoth([...apps.values()].map((a) => ({ ...a })));
			}),
			{ numRuns: 500 },
		);
	});

	it('never reports the same change twice when nothing changes', () => {
		fc.assert(
			fc.property(fc.array(commandArbitrary, { maxLength: 40 }), fc.integer({ min: 1, max: 5 }), (commands, repeats) => {
				const poller = new Poller();
				poller.poll([]);
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
				const first = poller.poll(apps, T0 + 40 * MINUTE);
				expect(new Set(first).size).toBe(first.length);
				for (let i = 0; i < repeats; i++) expect(poller.poll(apps, T0 + (41 + i) * MINUTE)).toEqual([]);
			}),
		);
	});
});
