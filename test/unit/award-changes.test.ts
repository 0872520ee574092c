import { awardKey, latestAward, pollAwardChanges, type AwardSource, type AwardState } from '../../nodes/BadgeKit/poll/awardChanges';

// The award catch-up's change detection against a fake BadgeKit that lists each badge's awards per
// badge, paged with pageData.total like BadgeKit 0.2.22, in row-id order (what MySQL does in
// practice) or in any other order (BadgeKit has no ORDER BY). Every poll's report is compared with
// what really changed in the fake.

interface Award {
	row: number;
	slug: string;
	email: string;
}
interface Badge {
	id: number;
	slug: string;
	awards: Award[];
}

class FakeBadgeKit {
	badges = new Map<number, Badge>();
	requests: string[] = [];
	/** 'id': by row id, as MySQL does in practice; 'scrambled': another fixed order (BadgeKit has no ORDER BY). */
	order: 'id' | 'scrambled' = 'id';
	/** Called before each page request: lets a test change the list between two requests of one poll. */
	beforePage?: (badge: Badge, page: number) => void;
	private row = 0;
	private nextBadge = 0;
	private uid = 0;

	addBadge(slug = `badge-${this.nextBadge + 1}`): Badge {
		const badge = { id: ++this.nextBadge, slug, awards: [] };
		this.badges.set(badge.id, badge);
		return badge;
	}

	award(badge: Badge, count = 1): Award[] {
		const made: Award[] = [];
		for (let i = 0; i < count; i++) {
			const uid = ++this.uid;
			const award = { row: ++this.row, slug: `uid${uid.toString(16).padStart(8, '0')}`, email: `earner${uid}@example.org` };
			badge.awards.push(award);
			made.push(award);
		}
		return made;
	}

	revoke(badge: Badge, award: Award): void {
		badge.awards = badge.awards.filter((a) => a !== award);
	}

	source(): AwardSource<{ id: number; slug: string }, { slug: string; email: string }> {
		return {
			badges: async () => {
				this.requests.push('badges');
				return [...this.badges.values()].map(({ id, slug }) => ({ id, slug }));
			},
			page: async (of, page, count) => {
				const badge = this.badges.get(of.id)!;
				this.beforePage?.(badge, page);
				this.requests.push(`${badge.slug} ${page}/${count}`);
				let list = [...badge.awards];
				if (this.order === 'scrambled') list.sort((a, b) => scramble(a) - scramble(b));
				else list.sort((a, b) => a.row - b.row);
				return { items: list.slice((page - 1) * count, page * count).map(({ slug, email }) => ({ slug, email })), total: list.length };
			},
		};
	}
}

/** The trigger's successive polls over one remembered state, JSON round-tripped like n8n's static data. */
class Poller {
	state: unknown;
	constructor(
		readonly bk: FakeBadgeKit,
		readonly revokes = false,
	) {}
	async poll() {
		this.bk.requests = [];
		const result = await pollAwardChanges(this.state, this.bk.source(), { scope: 'http://bk/systems/demo', revokes: this.revokes });
		this.state = JSON.parse(JSON.stringify(result.state));
		return { ...result, events: result.changes.map((c) => `${c.event} ${c.instance.slug}`), requests: this.bk.requests.length };
	}
}

/** A fixed pseudo-random rank per award. */
const scramble = (award: Award) => (award.row * 2654435761) % 4294967296;

const awards = (list: Award[]) => list.map((a) => `award ${a.slug}`);

describe('award changes', () => {
	it('records on the first poll, then a quiet poll costs one request per badge plus the badge list, whatever the history', async () => {
		for (const history of [0, 250, 5000]) {
			const bk = new FakeBadgeKit();
			const badges = [bk.addBadge(), bk.addBadge(), bk.addBadge()];
			for (let i = 0; i < history; i++) bk.award(badges[i % 3]);
			const poller = new Poller(bk);
			const first = await poller.poll();
			expect(first).toMatchObject({ baseline: true, events: [] });
			const quiet = await poller.poll();
			expect(quiet).toMatchObject({ baseline: false, events: [], reread: 0, requests: 1 + 3 });
		}
	});

	it('reports new awards once, in the order listed, for about one page more', async () => {
		const bk = new FakeBadgeKit();
		const [a, b] = [bk.addBadge(), bk.addBadge()];
		bk.award(a, 120);
		const poller = new Poller(bk);
		await poller.poll();

		const one = bk.award(a);
		expect(await poller.poll()).toMatchObject({ events: awards(one), reread: 0, requests: 1 + 2 + 1 });
		const bulk = bk.award(b, 60);
		const result = await poller.poll();
		expect(result).toMatchObject({ events: awards(bulk), reread: 0 });
		// b had no awards: one count, then its 60 read whole in one page of 100
		expect(result.requests).toBe(1 + 2 + 1);
		expect((await poller.poll()).events).toEqual([]);
	});

	it('keeps per badge only keys of the awards when revokes are not reported', async () => {
		const bk = new FakeBadgeKit();
		const badge = bk.addBadge();
		const [first] = bk.award(badge, 3);
		const poller = new Poller(bk);
		await poller.poll();
		const state = poller.state as AwardState;
		expect(state.badges).toEqual([[badge.id, badge.slug, 3, awardKey(badge.awards[2].slug), badge.awards.map((a) => awardKey(a.slug)).join('')]]);
		expect(JSON.stringify(state)).not.toContain(first.email);
	});

	it('finds an award made in the same interval as a revoke (same count), by re-reading only that badge', async () => {
		const bk = new FakeBadgeKit();
		const [a, b] = [bk.addBadge(), bk.addBadge()];
		bk.award(a, 10);
		bk.award(b, 10);
		const poller = new Poller(bk);
		await poller.poll();
		bk.revoke(a, a.awards[3]);
		const added = bk.award(a);
		expect(a.awards).toHaveLength(10);
		expect(await poller.poll()).toMatchObject({ events: awards(added), reread: 1 });
		expect((await poller.poll()).events).toEqual([]);
	});

	it('reports revokes when asked, with the uid and email BadgeKit deleted, at the cost of re-reading that badge', async () => {
		const bk = new FakeBadgeKit();
		const [a, b] = [bk.addBadge(), bk.addBadge()];
		bk.award(a, 250);
		bk.award(b, 5);
		const poller = new Poller(bk, true);
		await poller.poll();
		const gone = a.awards[100];
		bk.revoke(a, gone);
		const result = await poller.poll();
		expect(result.changes).toEqual([{ event: 'revoke', badge: { id: a.id, slug: a.slug }, instance: { slug: gone.slug, email: gone.email } }]);
		expect(result).toMatchObject({ reread: 1, requests: 1 + 2 + 3 });
		expect((await poller.poll()).events).toEqual([]);
		// the last award revoked and another made: both reported
		const last = a.awards[a.awards.length - 1];
		bk.revoke(a, last);
		const made = bk.award(a);
		expect((await poller.poll()).events).toEqual([`revoke ${last.slug}`, ...awards(made)]);
	});

	it('notices a list that is not in append order and then reads that badge whole on every poll', async () => {
		const bk = new FakeBadgeKit();
		const badge = bk.addBadge();
		bk.award(badge, 30);
		bk.order = 'scrambled';
		const poller = new Poller(bk, true);
		await poller.poll();
		// awards until one lands before the last listed one: the cheap check fails, the badge is re-read
		const made: Award[] = [];
		let result;
		do {
			made.push(...bk.award(badge));
			result = await poller.poll();
			expect(result.events).toEqual(awards(made.slice(-1)));
		} while (result.reread === 0);
		expect((poller.state as AwardState).badges[0][3]).toBe('*');
		// from now on a revoke and an award in one interval, wherever they are listed, are both found
		for (let i = 0; i < 10; i++) {
			const gone = badge.awards[i];
			bk.revoke(badge, gone);
			const [added] = bk.award(badge);
			const events = (await poller.poll()).events;
			expect(events.sort()).toEqual([`award ${added.slug}`, `revoke ${gone.slug}`].sort());
		}
		expect(await poller.poll()).toMatchObject({ events: [], reread: 1 });
	});

	it('reports the awards of a badge created after activation, and nothing of a badge that existed', async () => {
		const bk = new FakeBadgeKit();
		const old = bk.addBadge();
		const poller = new Poller(bk);
		await poller.poll();
		const created = bk.addBadge();
		const made = bk.award(created, 2);
		expect((await poller.poll()).events).toEqual(awards(made));
		// a badge deleted and its row gone: forgotten silently
		bk.badges.delete(old.id);
		expect((await poller.poll()).events).toEqual([]);
		expect((poller.state as AwardState).badges.map((entry) => entry[0])).toEqual([created.id]);
	});

	it('fails the poll rather than guess when the list keeps changing while it is read, and the next poll catches up', async () => {
		const bk = new FakeBadgeKit();
		const badge = bk.addBadge();
		bk.award(badge, 250);
		const poller = new Poller(bk);
		await poller.poll();
		const before = poller.state;
		bk.revoke(badge, badge.awards[0]);
		let made: Award[] = [];
		bk.beforePage = (of, page) => {
			if (page === 2) made.push(...bk.award(of)); // an award lands between two pages, every time
		};
		await expect(poller.poll()).rejects.toThrow(/changed while they were read/);
		expect(poller.state).toBe(before);
		bk.beforePage = undefined;
		const caught = await poller.poll();
		expect(caught.events).toEqual(awards(made));
		made = [];
		expect((await poller.poll()).events).toEqual([]);
	});

	it('a scope that changed, or a state it cannot read, starts over with a silent first poll', async () => {
		const bk = new FakeBadgeKit();
		const badge = bk.addBadge();
		bk.award(badge, 2);
		const poller = new Poller(bk);
		await poller.poll();
		bk.award(badge);
		const other = await pollAwardChanges(poller.state, bk.source(), { scope: 'http://bk/systems/other', revokes: false });
		expect(other).toMatchObject({ baseline: true, changes: [] });
		const damaged = JSON.parse(JSON.stringify(poller.state));
		damaged.badges[0][4] = damaged.badges[0][4].slice(8);
		expect(await pollAwardChanges(damaged, bk.source(), { scope: 'http://bk/systems/demo', revokes: false })).toMatchObject({ baseline: true });
	});

	it('switching revokes on keeps reporting awards; revokes count from then on', async () => {
		const bk = new FakeBadgeKit();
		const badge = bk.addBadge();
		bk.award(badge, 5);
		const awardsOnly = new Poller(bk);
		await awardsOnly.poll();
		const made = bk.award(badge);
		const withRevokes = new Poller(bk, true);
		withRevokes.state = awardsOnly.state;
		expect(await withRevokes.poll()).toMatchObject({ events: awards(made), baseline: false, reread: 1 });
		const gone = badge.awards[0];
		bk.revoke(badge, gone);
		expect((await withRevokes.poll()).events).toEqual([`revoke ${gone.slug}`]);
		// and off again: the emails are dropped from the state
		awardsOnly.state = withRevokes.state;
		expect((await awardsOnly.poll()).events).toEqual([]);
		expect(JSON.stringify(awardsOnly.state)).not.toContain('@');
	});

	it('agrees with what really changed over 100 random histories (awards, bulks, revokes, new badges; row-id order)', async () => {
		for (let history = 0; history < 100; history++) {
			const bk = new FakeBadgeKit();
			const revokes = history % 2 === 0;
			const poller = new Poller(bk, revokes);
			for (let i = 0; i < 3; i++) bk.award(bk.addBadge(), Math.floor(Math.random() * 120));
			await poller.poll();
			const reported = new Map<string, number>();
			const expected = new Map<string, number>();
			const count = (map: Map<string, number>, key: string) => map.set(key, (map.get(key) ?? 0) + 1);
			for (let round = 0; round < 8; round++) {
				const before = new Map([...bk.badges.values()].flatMap((b) => b.awards.map((a) => [a.slug, a] as const)));
				const operations = Math.floor(Math.random() * 6);
				for (let op = 0; op < operations; op++) {
					const list = [...bk.badges.values()];
					const badge = list[Math.floor(Math.random() * list.length)];
					const roll = Math.random();
					if (roll < 0.4) bk.award(badge);
					else if (roll < 0.5) bk.award(badge, 50 + Math.floor(Math.random() * 60));
					else if (roll < 0.8 && badge.awards.length) bk.revoke(badge, badge.awards[Math.floor(Math.random() * badge.awards.length)]);
					else if (roll < 0.9) bk.award(bk.addBadge(), Math.floor(Math.random() * 3));
				}
				const after = new Map([...bk.badges.values()].flatMap((b) => b.awards.map((a) => [a.slug, a] as const)));
				for (const uid of after.keys()) if (!before.has(uid)) count(expected, `award ${uid}`);
				if (revokes) for (const uid of before.keys()) if (!after.has(uid)) count(expected, `revoke ${uid}`);
				for (const event of (await poller.poll()).events) count(reported, event);
			}
			expect([...reported].sort()).toEqual([...expected].sort());
		}
	});

	it('gives the last award of the newest badge that has one as a sample', async () => {
		const bk = new FakeBadgeKit();
		const a = bk.addBadge();
		bk.addBadge();
		const made = bk.award(a, 3);
		expect((await latestAward(bk.source()))?.instance).toEqual({ slug: made[2].slug, email: made[2].email });
		expect(await latestAward(new FakeBadgeKit().source())).toBeUndefined();
	});
});
