import { createHash } from 'crypto';

import { MAX_PAGE, pagesCovering } from './applicationChanges';

/**
 * Awards (and, when asked, revokes) found by polling: the catch-up for BadgeKit's webhook, which is
 * called once and never again. Pure: the node passes an `AwardSource` (the requests, poll/sources.ts).
 * BadgeKit lists awards per badge only, without ORDER BY or row ids; MySQL's row order (new awards
 * last) is used for a one-request check per badge, every conclusion from it is verified, and anything
 * unexpected re-reads the badge and compares it with the awards remembered. How, what is remembered
 * and what it costs: docs/award-polling.md.
 */

export const AWARD_EVENTS = ['award', 'revoke'] as const;
export type AwardEvent = (typeof AWARD_EVENTS)[number];

/** Page size of whole-badge reads. */
export const AWARD_PAGE = 100;
const STATE_VERSION = 1;
const KEY_LENGTH = 8;
/**
 * In place of a badge's last key: its list was seen in an order where new awards do not simply come
 * last, so the cheap check cannot be trusted for it, and it is read whole on every poll.
 */
const UNORDERED = '*';

/** The parts of a badge this module reads. */
export interface BadgeLike {
	id?: unknown;
	slug?: unknown;
}

/** The parts of an award (a badge instance as BadgeKit lists it) this module reads. */
export interface InstanceLike {
	slug?: unknown;
	email?: unknown;
}

export interface AwardSource<B extends BadgeLike, I extends InstanceLike> {
	/** Every badge of the scope, archived ones included. */
	badges(): Promise<B[]>;
	/** One page of a badge's awards, with BadgeKit's `pageData.total`. */
	page(badge: B, page: number, count: number): Promise<{ items: I[]; total: number }>;
}

export type AwardChange<B, I> = { event: 'award'; badge: B; instance: I } | { event: 'revoke'; badge: B; instance: { slug: string; email: string } };

/** Per badge: [id, slug, count, key of the last award listed ('' for none), the awards]. */
export type BadgeEntry = [number, string, number, string, string | Array<[string, string]>];

/** JSON kept in the workflow's static data between polls. */
export interface AwardState {
	version: 1;
	/** What was polled (server and path): another scope starts over with a silent first poll. */
	scope: string;
	/** The highest badge id seen: a badge above it was created since, and all its awards are new. */
	highBadge: number;
	/**
	 * Per badge: its awards as concatenated keys (awards only), or as [uid, email] pairs (revokes
	 * reported too).
	 */
	badges: BadgeEntry[];
}

export interface AwardPollOptions {
	scope: string;
	/** Report revokes too (and remember every award's uid and email). */
	revokes: boolean;
}

export interface AwardPollResult<B, I> {
	/** By badge id, each badge's revokes then awards in list order. */
	changes: Array<AwardChange<B, I>>;
	state: AwardState;
	baseline: boolean;
	/** Badges read whole in this poll (for tests and benchmarks). */
	reread: number;
}

/** A short, stable stand-in for an award's uid: the state needs "seen?", not the uid. */
export function awardKey(uid: string): string {
	return createHash('sha256').update(uid.toLowerCase(), 'utf8').digest('base64url').slice(0, KEY_LENGTH);
}

interface Held {
	/** key → [uid, email] when known. */
	byKey: Map<string, [string, string] | undefined>;
	/** True when uids and emails are known (the state was kept for revokes). */
	full: boolean;
}

export async function pollAwardChanges<B extends BadgeLike, I extends InstanceLike>(
	previousState: unknown,
	source: AwardSource<B, I>,
	options: AwardPollOptions,
): Promise<AwardPollResult<B, I>> {
	const previous = decodeState(previousState, options.scope);
	const badges = (await source.badges()).filter((badge) => badgeIdOf(badge) !== undefined);
	badges.sort((a, b) => badgeIdOf(a)! - badgeIdOf(b)!);
	const remembered = new Map((previous?.badges ?? []).map((entry) => [entry[0], entry]));
	const changes: Array<AwardChange<B, I>> = [];
	const entries: BadgeEntry[] = [];
	let highBadge = previous?.highBadge ?? 0;
	let reread = 0;

	for (const badge of badges) {
		const id = badgeIdOf(badge)!;
		highBadge = Math.max(highBadge, id);
		const entry = remembered.get(id);
		const held = entry ? heldOf(entry[4]) : undefined;
		// A badge newer than every badge of the last poll: everything it holds was awarded since.
		const report = previous !== undefined && (entry !== undefined || id > previous.highBadge);

		let added: I[] | undefined;
		let listing: { all: I[]; total: number } | undefined;
		if (entry && held && entry[3] !== UNORDERED && (held.full || !options.revokes)) {
			added = await appendedSince(source, badge, entry[2], entry[3], held);
		}
		if (!added) {
			reread++;
			listing = await readAll(source, badge);
		}

		const next = new Map(held?.byKey ?? []);
		let count = entry?.[2] ?? 0;
		let tail = entry?.[3] ?? '';
		if (added) {
			for (const instance of added) next.set(awardKey(uidOf(instance)), pairOf(instance));
			if (report) for (const instance of added) changes.push({ event: 'award', badge, instance });
			count += added.length;
			if (added.length) tail = awardKey(uidOf(added[added.length - 1]));
		} else {
			const current = new Map(listing!.all.map((instance) => [awardKey(uidOf(instance)), instance]));
			for (const [key, pair] of held?.byKey ?? []) {
				if (current.has(key)) continue;
				next.delete(key);
				if (report && options.revokes && pair) changes.push({ event: 'revoke', badge, instance: { slug: pair[0], email: pair[1] } });
			}
			for (const [key, instance] of current) {
				next.set(key, pairOf(instance));
				if (report && !held?.byKey.has(key)) changes.push({ event: 'award', badge, instance });
			}
			count = listing!.total;
			tail = listing!.all.length ? awardKey(uidOf(listing!.all[listing!.all.length - 1])) : '';
			if (held && entry && (entry[3] === UNORDERED || !appendOnly(listing!.all, held, entry))) tail = UNORDERED;
		}
		entries.push([id, String(badge.slug ?? ''), count, tail, encodeHeld(next, options.revokes)]);
	}

	const state: AwardState = { version: STATE_VERSION, scope: options.scope, highBadge, badges: entries };
	return { changes, state, baseline: previous === undefined, reread };
}

/**
 * Whether a badge's list, read whole, is what "new rows come last" predicts: every award that is
 * new comes after every remembered one, and when none was revoked the remembered last award is
 * still last among them (else the cheap check would have passed).
 */
function appendOnly(list: InstanceLike[], held: Held, entry: BadgeEntry): boolean {
	let newSeen = false;
	let oldCount = 0;
	let lastOld = '';
	for (const instance of list) {
		const key = awardKey(uidOf(instance));
		if (!held.byKey.has(key)) {
			newSeen = true;
			continue;
		}
		if (newSeen) return false;
		oldCount++;
		lastOld = key;
	}
	return oldCount < entry[2] || lastOld === entry[3] || oldCount === 0;
}

/**
 * The awards added to a badge since it held `count` awards ending with `tail`, or undefined when
 * that is not what happened (or cannot be told cheaply): then the badge is read whole.
 */
async function appendedSince<B extends BadgeLike, I extends InstanceLike>(
	source: AwardSource<B, I>,
	badge: B,
	count: number,
	tail: string,
	held: Held,
): Promise<I[] | undefined> {
	// The count, and the award at the last known position (none when there was none).
	const probe = await source.page(badge, Math.max(count, 1), 1);
	if (count > 0 && (probe.items.length !== 1 || awardKey(uidOf(probe.items[0])) !== tail)) return undefined;
	if (probe.total === count) return [];
	if (probe.total < count) return undefined;

	// The range [count - 1, total): the remembered last award again, then the new ones.
	const range: I[] = [];
	const start = Math.max(count - 1, 0);
	for (const { page, count: size } of onePageCovering(start, probe.total)) {
		const answer = await source.page(badge, page, size);
		if (answer.total !== probe.total) return undefined;
		const first = (page - 1) * size;
		answer.items.forEach((item, index) => {
			if (first + index >= start && first + index < probe.total) range.push(item);
		});
	}
	if (range.length !== probe.total - start || (count > 0 && awardKey(uidOf(range[0])) !== tail)) return undefined;
	const added = count > 0 ? range.slice(1) : range;
	const keys = new Set<string>();
	for (const instance of added) {
		const key = awardKey(uidOf(instance));
		if (held.byKey.has(key) || keys.has(key)) return undefined;
		keys.add(key);
	}
	return added;
}

/**
 * Pages (aligned: (page-1)·count … page·count) that cover positions [start, end): one page when a
 * count of at most a page more than the range puts it in one, else pagesCovering's.
 */
export function onePageCovering(start: number, end: number): Array<{ page: number; count: number }> {
	const size = end - start;
	for (let count = size; count <= Math.min(size + AWARD_PAGE, MAX_PAGE); count++) {
		if (Math.floor(start / count) === Math.floor((end - 1) / count)) return [{ page: Math.floor(start / count) + 1, count }];
	}
	return pagesCovering(start, end);
}

/**
 * Every award of a badge. The pages must agree on the total and add up to it with distinct awards;
 * a list that changed while it was read is read once more, then the poll fails (and the next one
 * starts from the same remembered state).
 */
async function readAll<B extends BadgeLike, I extends InstanceLike>(source: AwardSource<B, I>, badge: B): Promise<{ all: I[]; total: number }> {
	for (let attempt = 1; ; attempt++) {
		const byKey = new Map<string, I>();
		let total: number | undefined;
		let consistent = true;
		for (let page = 1; ; page++) {
			const answer = await source.page(badge, page, AWARD_PAGE);
			if (total === undefined) total = answer.total;
			else if (answer.total !== total) consistent = false;
			for (const instance of answer.items) byKey.set(awardKey(uidOf(instance)), instance);
			if (!consistent || answer.items.length < AWARD_PAGE || page * AWARD_PAGE >= total) break;
		}
		if (consistent && byKey.size === total) return { all: [...byKey.values()], total };
		if (attempt >= 2) {
			throw new Error(`The awards of badge "${String(badge.slug)}" changed while they were read twice in a row`);
		}
	}
}

function badgeIdOf(badge: BadgeLike): number | undefined {
	const id = badge?.id;
	return typeof id === 'number' && Number.isSafeInteger(id) && id >= 0 ? id : undefined;
}

function uidOf(instance: InstanceLike): string {
	return typeof instance.slug === 'string' ? instance.slug : String(instance.slug ?? '');
}

function pairOf(instance: InstanceLike): [string, string] {
	return [uidOf(instance), typeof instance.email === 'string' ? instance.email : ''];
}

function heldOf(value: BadgeEntry[4]): Held {
	const byKey = new Map<string, [string, string] | undefined>();
	if (typeof value === 'string') {
		for (let i = 0; i + KEY_LENGTH <= value.length; i += KEY_LENGTH) byKey.set(value.slice(i, i + KEY_LENGTH), undefined);
		return { byKey, full: false };
	}
	for (const [uid, email] of value) byKey.set(awardKey(uid), [uid, email]);
	return { byKey, full: true };
}

function encodeHeld(held: Map<string, [string, string] | undefined>, full: boolean): BadgeEntry[4] {
	if (!full) return [...held.keys()].join('');
	const pairs: Array<[string, string]> = [];
	// An award known only by its key (revokes were just switched on) is read whole this poll, so
	// every award here has its pair.
	for (const pair of held.values()) if (pair) pairs.push(pair);
	return pairs;
}

const isCount = (value: unknown): value is number => typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;

/** The previous state, or undefined when there is none, it is for another scope, or it is unreadable. */
function decodeState(value: unknown, scope: string): AwardState | undefined {
	if (!value || typeof value !== 'object') return undefined;
	const state = value as Partial<AwardState>;
	if (state.version !== STATE_VERSION || state.scope !== scope || !isCount(state.highBadge) || !Array.isArray(state.badges)) return undefined;
	for (const entry of state.badges) {
		if (!Array.isArray(entry) || entry.length !== 5) return undefined;
		const [id, slug, count, tail, held] = entry;
		if (!isCount(id) || typeof slug !== 'string' || !isCount(count) || typeof tail !== 'string') return undefined;
		if (typeof held === 'string') {
			if (held.length !== count * KEY_LENGTH) return undefined;
		} else if (
			!Array.isArray(held) ||
			held.length !== count ||
			!held.every((pair) => Array.isArray(pair) && typeof pair[0] === 'string' && typeof pair[1] === 'string')
		) {
			return undefined;
		}
	}
	return state as AwardState;
}

/**
 * A sample for "Fetch Test Event": the last award listed of the newest badge that has one (newest
 * by id), or undefined when no badge of the scope has an award.
 */
export async function latestAward<B extends BadgeLike, I extends InstanceLike>(source: AwardSource<B, I>): Promise<AwardChange<B, I> | undefined> {
	const badges = (await source.badges()).filter((badge) => badgeIdOf(badge) !== undefined);
	badges.sort((a, b) => badgeIdOf(b)! - badgeIdOf(a)!);
	for (const badge of badges) {
		const { items, total } = await source.page(badge, 1, 1);
		if (total === 0) continue;
		const last = total > 1 ? (await source.page(badge, total, 1)).items[0] : items[0];
		if (last) return { event: 'award', badge, instance: last };
	}
	return undefined;
}
