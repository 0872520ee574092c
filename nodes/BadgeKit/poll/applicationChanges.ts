import { createHash } from 'crypto';

import { isProcessed } from '../fields/applications';
import { badgeKitTimeToMs } from '../fields/dates';

/**
 * The application events of the Awards & Applications Trigger: which happened since the last
 * successful poll, at a cost that follows the open applications and the changes, not the history.
 * Pure (no n8n, no HTTP): the node passes an `ApplicationSource` and `now`. The algorithm, what is
 * remembered, why no event is lost or repeated, and its known limits: docs/architecture.md, "The
 * Application Trigger's poll".
 */

export const APPLICATION_EVENTS = ['newApplication', 'applicationAssigned', 'reviewOverdue', 'applicationProcessed'] as const;
export type ApplicationEvent = (typeof APPLICATION_EVENTS)[number];

/** How many polls the "seen before" mark lags behind the highest id (an insert can commit after a later id's). */
export const LAG = 3;
/** Old applications a window also reads before a block's end: new ones that tie on `created` may sort before them. */
export const TIE_MARGIN = 10;
/** Largest `count` asked for in one request. */
export const MAX_PAGE = 1000;
/** Page size of full reads and of the open list. */
export const LIST_PAGE = 100;
const UNASSIGNED = '_';
const STATE_VERSION = 2;

/** The parts of a BadgeKit application this module reads; everything else passes through untouched. */
export interface ApplicationLike {
	id?: unknown;
	slug?: unknown;
	created?: unknown;
	assignedTo?: unknown;
	assignedExpiration?: unknown;
	processed?: unknown;
	badge?: unknown;
}

/** The requests one poll may make (the node implements them over BadgeKit's API). */
export interface ApplicationSource<T> {
	/** Every unprocessed application of the scope (`processed=false`, every page). */
	listOpen(): Promise<T[]>;
	/** One page of every application (`processed=any`), with BadgeKit's `pageData.total`. */
	page(page: number, count: number): Promise<{ items: T[]; total: number }>;
	/** One application by badge and slug: `gone` when BadgeKit has no such application, `unknown` when the badge itself is not found. */
	readOne(badgeSlug: string, slug: string): Promise<{ found: T } | 'gone' | 'unknown'>;
}

export interface ApplicationChange<T> {
	event: ApplicationEvent;
	application: T;
}

/** JSON kept in the workflow's static data between polls. */
export interface ApplicationState {
	version: 2;
	/** What was polled (server and path): another scope starts over with a silent first poll. */
	scope: string;
	/** How many applications (processed or not) the state accounts for. */
	total: number;
	/** [badge id, number of applications] for each badge with applications, by badge id. */
	blocks: Array<[number, number]>;
	/** The highest application id known after each of the last LAG polls, oldest first. */
	highs: number[];
	/** Processed applications above the mark (`highs[0]`): `encodeIds` list. */
	recent: string;
	/** Open applications: [id, badge id, badge slug, application slug, reviewer key, notified deadline in ms or 0]. */
	open: Array<[number, number, string, string, string, number]>;
}

export interface PollOptions {
	/** Milliseconds since the epoch (n8n's clock): deadlines up to it have passed. */
	now: number;
	/** Identifies what is polled; see ApplicationState.scope. */
	scope: string;
}

export interface PollResult<T> {
	/** In id order, and per application in the order of APPLICATION_EVENTS. */
	changes: Array<ApplicationChange<T>>;
	state: ApplicationState;
	/** True when there was no usable previous state: this poll only recorded what exists. */
	baseline: boolean;
	/** How the poll went, for tests and benchmarks: 'quiet' | 'changes' | 'search' | 'full'. */
	path: 'baseline' | 'quiet' | 'changes' | 'search' | 'full';
}

interface OpenEntry {
	badgeId: number;
	badgeSlug: string;
	slug: string;
	reviewer: string;
	/** The deadline already notified (ms), 0 for none. */
	notified: number;
}

interface DecodedState {
	total: number;
	blocks: Map<number, number>;
	highs: number[];
	recent: Set<number>;
	open: Map<number, OpenEntry>;
}

export async function pollApplicationChanges<T extends ApplicationLike>(
	previousState: unknown,
	source: ApplicationSource<T>,
	options: PollOptions,
): Promise<PollResult<T>> {
	const { now, scope } = options;
	const previous = decodeState(previousState, scope);

	if (!previous) {
		const all = await readEverything(source);
		const open = new Map<number, OpenEntry>();
		let highest = 0;
		for (const [id, application] of all.byId) {
			highest = Math.max(highest, id);
			if (isProcessed(application)) continue;
			const deadline = deadlineOf(application);
			open.set(id, openEntry(application, isPassed(deadline, now) ? deadline : 0));
		}
		const state = encodeState(scope, { total: all.byId.size, blocks: all.blocks, highs: [highest], recent: new Set(), open });
		return { changes: [], state, baseline: true, path: 'baseline' };
	}

	const floor = previous.highs[0];
	const isNewId = (id: number) => id > floor && !previous.recent.has(id) && !previous.open.has(id);

	// 1–2. The open list and the count.
	const seen = new Map<number, T>();
	for (const application of await source.listOpen()) {
		const id = applicationId(application);
		if (id !== undefined) seen.set(id, application);
	}
	const { total } = await source.page(1, 1);

	// 3. Remembered open applications that are not open (or not listed) any more.
	const deleted = new Set<number>();
	let fullRead = false;
	let readOne = 0;
	for (const [id, entry] of previous.open) {
		if (seen.has(id)) continue;
		readOne++;
		const answer = await source.readOne(entry.badgeSlug, entry.slug);
		if (answer === 'gone') deleted.add(id);
		else if (answer === 'unknown') fullRead = true;
		else if (applicationId(answer.found) === id) seen.set(id, answer.found);
		else fullRead = true;
	}

	// 4. Does the count add up? The blocks follow every application the state accounts for.
	const blocks = new Map(previous.blocks);
	let accounted = previous.total;
	/** Counts an application into (or out of) its badge's block; false when the blocks do not allow it. */
	const addTo = (badgeId: number | undefined, delta: number): boolean => {
		if (badgeId === undefined) return false;
		const count = (blocks.get(badgeId) ?? 0) + delta;
		if (count < 0) return false;
		if (count > 0) blocks.set(badgeId, count);
		else blocks.delete(badgeId);
		accounted += delta;
		return true;
	};
	let path: PollResult<T>['path'] = readOne > 0 ? 'changes' : 'quiet';
	/** The cheap path; false when it cannot be trusted for this poll, and everything is read instead. */
	const accountCheaply = async (): Promise<boolean> => {
		for (const [id, application] of seen) {
			if (!isNewId(id)) continue;
			path = 'changes';
			if (!addTo(badgeIdOf(application), 1)) return false;
		}
		for (const id of deleted) {
			if (!addTo(previous.open.get(id)!.badgeId, -1)) return false;
		}
		const excess = total - accounted;
		if (fullRead || excess < 0) return false;
		if (excess > 0) {
			path = 'search';
			const found = await findUnseen(source, blocks, accounted, total, excess, (id) => isNewId(id) && !seen.has(id));
			if (!found) return false;
			for (const application of found) {
				seen.set(applicationId(application)!, application);
				if (!addTo(badgeIdOf(application), 1)) return false;
			}
		}
		return true;
	};
	if (!(await accountCheaply())) {
		path = 'full';
		const all = await readEverything(source);
		for (const [id, application] of all.byId) {
			if (!seen.has(id) && (previous.open.has(id) || isNewId(id))) seen.set(id, application);
		}
		// Deleted = not in the full list (a 404 by slug may have been a renamed application).
		deleted.clear();
		for (const id of previous.open.keys()) if (!all.byId.has(id) && !seen.has(id)) deleted.add(id);
		blocks.clear();
		for (const [badgeId, count] of all.blocks) blocks.set(badgeId, count);
		accounted = all.byId.size;
	}

	// The events, and what to remember.
	const changes: Array<ApplicationChange<T>> = [];
	const open = new Map<number, OpenEntry>();
	const recent = new Set(previous.recent);
	let highest = previous.highs[previous.highs.length - 1];
	for (const [id, application] of [...seen.entries()].sort((a, b) => a[0] - b[0])) {
		if (deleted.has(id)) continue;
		highest = Math.max(highest, id);
		const wasOpen = previous.open.get(id);
		const isNew = isNewId(id);
		// Watched: its previous condition is known (open, or "did not exist yet"). An old processed
		// application made unprocessed again is only recorded, silently, like on the first poll.
		const watched = wasOpen !== undefined || isNew;
		const emit = (event: ApplicationEvent) => changes.push({ event, application });

		if (isNew) emit('newApplication');
		const reviewer = reviewerKey(application.assignedTo);
		if (watched && reviewer !== UNASSIGNED && reviewer !== (wasOpen?.reviewer ?? UNASSIGNED)) emit('applicationAssigned');

		if (isProcessed(application)) {
			if (watched) emit('applicationProcessed');
			recent.add(id);
			continue;
		}
		const deadline = deadlineOf(application);
		let notified = wasOpen && wasOpen.notified === deadline ? deadline : 0;
		if (isPassed(deadline, now) && notified !== deadline) {
			if (watched) emit('reviewOverdue');
			notified = deadline;
		}
		open.set(id, openEntry(application, notified));
	}

	const highs = [...previous.highs, highest].slice(-LAG);
	for (const id of recent) if (id <= highs[0]) recent.delete(id);
	const state = encodeState(scope, { total: accounted, blocks, highs, recent, open });
	return { changes, state, baseline: false, path };
}

/** Every application of the scope, page by page (a page shift can list one twice: merged by id). */
async function readEverything<T extends ApplicationLike>(
	source: ApplicationSource<T>,
): Promise<{ byId: Map<number, T>; blocks: Map<number, number> }> {
	const byId = new Map<number, T>();
	for (let page = 1; ; page++) {
		const { items, total } = await source.page(page, LIST_PAGE);
		for (const application of items) {
			const id = applicationId(application);
			if (id !== undefined) byId.set(id, application);
		}
		if (items.length < LIST_PAGE || page * LIST_PAGE >= total) break;
	}
	const blocks = new Map<number, number>();
	for (const application of byId.values()) {
		const badgeId = badgeIdOf(application);
		if (badgeId !== undefined) blocks.set(badgeId, (blocks.get(badgeId) ?? 0) + 1);
	}
	return { byId, blocks };
}

/**
 * Finds the `excess` applications the state does not account for, given that the list is the
 * accounted one plus them, each at the end of its badge's block (ORDER BY badgeId, created).
 * Boundary i (0…B) separates the first i blocks from the rest; s(i) = how many unaccounted
 * applications sort before it, measured from a window read at the boundary's position. s(-1) = 0
 * and s(B) = excess; s never decreases, so bisecting finds every boundary where it steps up, and the
 * windows read there contain the new applications. Undefined when the list does not behave as
 * expected: then everything is read instead.
 */
async function findUnseen<T extends ApplicationLike>(
	source: ApplicationSource<T>,
	blocks: Map<number, number>,
	accounted: number,
	total: number,
	excess: number,
	isUnseen: (id: number) => boolean,
): Promise<T[] | undefined> {
	const badgeIds = [...blocks.keys()].sort((a, b) => a - b);
	const boundaries = badgeIds.length;
	const position: number[] = [0];
	for (const badgeId of badgeIds) position.push(position[position.length - 1] + blocks.get(badgeId)!);
	if (position[boundaries] !== accounted) return undefined;

	// A search that would cost more than reading everything reads everything.
	const windowSize = excess + TIE_MARGIN + 1;
	const probes = Math.min(excess, boundaries + 1) * (Math.ceil(Math.log2(boundaries + 1)) + 1);
	if (probes * Math.ceil(windowSize / MAX_PAGE) > Math.ceil(total / LIST_PAGE)) return undefined;

	const found = new Map<number, T>();
	const stepAt = new Map<number, number>([[-1, 0]]);
	const read = new Set<number>();

	/** s(boundary), or undefined when the window read there contradicts the list's order. */
	const measure = async (boundary: number): Promise<number | undefined> => {
		const known = stepAt.get(boundary);
		if (known !== undefined && read.has(boundary)) return known;
		const start = Math.max(0, position[boundary] - TIE_MARGIN);
		const end = Math.min(total, position[boundary] + excess + 1);
		const items = await readRange(source, start, end);
		read.add(boundary);
		// Before the boundary: applications of badges below the next block's badge.
		const limit = boundary < boundaries ? badgeIds[boundary] : Infinity;
		let before = 0;
		let previousBadge = -Infinity;
		for (const application of items) {
			const badgeId = badgeIdOf(application);
			if (badgeId === undefined || badgeId < previousBadge) return undefined;
			previousBadge = badgeId;
			if (badgeId < limit) before++;
			const id = applicationId(application);
			if (id !== undefined && isUnseen(id)) found.set(id, application);
		}
		const step = start + before - position[boundary];
		if (step < 0 || step > excess || (boundary === boundaries && step !== excess)) return undefined;
		stepAt.set(boundary, step);
		return step;
	};

	// The last boundary is read first: the newest badges get most applications.
	if ((await measure(boundaries)) === undefined) return undefined;
	/** Finds the steps between two measured boundaries; false as soon as a window contradicts the order. */
	const explore = async (low: number, high: number): Promise<boolean> => {
		if (found.size >= excess) return true;
		const stepLow = stepAt.get(low)!;
		const stepHigh = stepAt.get(high)!;
		if (stepHigh < stepLow) return false;
		if (stepHigh === stepLow) return true;
		if (high === low + 1) return (await measure(high)) !== undefined;
		const middle = Math.floor((low + high) / 2);
		if ((await measure(middle)) === undefined) return false;
		return (await explore(low, middle)) && (await explore(middle, high));
	};
	if (!(await explore(-1, boundaries)) || found.size !== excess) return undefined;
	return [...found.values()];
}

/**
 * The applications at positions [start, end) of the `processed=any` list. BadgeKit pages are
 * aligned ((page-1)·count … page·count), so a count is looked for that puts the whole range in one
 * page; otherwise consecutive pages of the range's size are read.
 */
export function pagesCovering(start: number, end: number): Array<{ page: number; count: number }> {
	const size = Math.max(1, end - start);
	for (let count = size; count <= Math.min(2 * size + 1, MAX_PAGE); count++) {
		if (Math.floor(start / count) === Math.floor((end - 1) / count)) return [{ page: Math.floor(start / count) + 1, count }];
	}
	const count = Math.min(size, MAX_PAGE);
	const pages: Array<{ page: number; count: number }> = [];
	for (let page = Math.floor(start / count) + 1; (page - 1) * count < end; page++) pages.push({ page, count });
	return pages;
}

async function readRange<T extends ApplicationLike>(source: ApplicationSource<T>, start: number, end: number): Promise<T[]> {
	if (end <= start) return [];
	const items: T[] = [];
	for (const { page, count } of pagesCovering(start, end)) {
		const answer = await source.page(page, count);
		const first = (page - 1) * count;
		answer.items.forEach((item, index) => {
			if (first + index >= start && first + index < end) items.push(item);
		});
	}
	return items;
}

/** The application created last (ties: the higher id), or undefined for an empty list. */
export function mostRecentApplication<T extends ApplicationLike>(applications: readonly T[]): T | undefined {
	let best: T | undefined;
	let bestKey: [number, number] = [-Infinity, -Infinity];
	for (const application of applications) {
		const created = badgeKitTimeToMs(application.created);
		const key: [number, number] = [Number.isNaN(created) ? -Infinity : created, applicationId(application) ?? -Infinity];
		if (!best || key[0] > bestKey[0] || (key[0] === bestKey[0] && key[1] > bestKey[1])) {
			best = application;
			bestKey = key;
		}
	}
	return best;
}

// --- reading applications ------------------------------------------------------------------------

function applicationId(application: ApplicationLike): number | undefined {
	const raw = application?.id;
	const id = typeof raw === 'number' ? raw : typeof raw === 'string' && /^\d+$/.test(raw) ? Number(raw) : NaN;
	return Number.isSafeInteger(id) && id >= 0 ? id : undefined;
}

/** The deadline in ms, 0 for none. */
function deadlineOf(application: ApplicationLike): number {
	const time = badgeKitTimeToMs(application.assignedExpiration);
	return Number.isNaN(time) ? 0 : time;
}

function isPassed(deadline: number, now: number): boolean {
	return deadline !== 0 && deadline <= now;
}

/** A short, stable stand-in for the reviewer's email: the state needs "changed?", not the address. */
export function reviewerKey(assignedTo: unknown): string {
	const email = typeof assignedTo === 'string' ? assignedTo.trim().toLowerCase() : '';
	if (!email) return UNASSIGNED;
	return createHash('sha256').update(email, 'utf8').digest('base64url').slice(0, 8);
}

// --- the state as JSON -----------------------------------------------------------------------------

/**
 * Sorted, distinct, non-negative integers as runs: each run is the gap from the previous run's end
 * (the first from 0), in base 36, plus `.` and the run's length minus one when longer than one.
 * [1, 2, 3, 7, 10, 11] → "1.2,4,3.1".
 */
export function encodeIds(ids: Iterable<number>): string {
	const sorted = [...ids].sort((a, b) => a - b);
	const parts: string[] = [];
	let previousEnd = 0;
	for (let i = 0; i < sorted.length; i++) {
		const start = sorted[i];
		while (i + 1 < sorted.length && sorted[i + 1] === sorted[i] + 1) i++;
		const end = sorted[i];
		const gap = (start - previousEnd).toString(36);
		parts.push(end > start ? `${gap}.${(end - start).toString(36)}` : gap);
		previousEnd = end;
	}
	return parts.join(',');
}

export function decodeIds(text: string, max = Number.MAX_SAFE_INTEGER): number[] {
	const ids: number[] = [];
	if (!text) return ids;
	let previousEnd = 0;
	for (const part of text.split(',')) {
		const [gapText, lengthText] = part.split('.');
		const start = previousEnd + parseBase36(gapText);
		const end = start + (lengthText === undefined ? 0 : parseBase36(lengthText));
		if (end > max) throw new Error('bad state');
		for (let id = start; id <= end; id++) ids.push(id);
		previousEnd = end;
	}
	return ids;
}

function badgeIdOf(application: ApplicationLike): number | undefined {
	const badge = application.badge as { id?: unknown } | null | undefined;
	const id = badge && typeof badge === 'object' ? badge.id : undefined;
	return typeof id === 'number' && Number.isSafeInteger(id) ? id : undefined;
}

function badgeSlugOf(application: ApplicationLike): string {
	const badge = application.badge as { slug?: unknown } | null | undefined;
	return badge && typeof badge === 'object' && typeof badge.slug === 'string' ? badge.slug : '';
}

function openEntry(application: ApplicationLike, notified: number): OpenEntry {
	return {
		badgeId: badgeIdOf(application) ?? -1,
		badgeSlug: badgeSlugOf(application),
		slug: typeof application.slug === 'string' ? application.slug : '',
		reviewer: reviewerKey(application.assignedTo),
		notified,
	};
}

function encodeState(scope: string, decoded: DecodedState): ApplicationState {
	return {
		version: STATE_VERSION,
		scope,
		total: decoded.total,
		blocks: [...decoded.blocks].sort((a, b) => a[0] - b[0]),
		highs: decoded.highs,
		recent: encodeIds(decoded.recent),
		open: [...decoded.open]
			.sort((a, b) => a[0] - b[0])
			.map(([id, entry]) => [id, entry.badgeId, entry.badgeSlug, entry.slug, entry.reviewer, entry.notified]),
	};
}

const isCount = (value: unknown): value is number => typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;

/** The previous state, or undefined when there is none, it is for another scope, or it is unreadable. */
function decodeState(value: unknown, scope: string): DecodedState | undefined {
	if (!value || typeof value !== 'object') return undefined;
	const state = value as Partial<ApplicationState>;
	if (state.version !== STATE_VERSION || state.scope !== scope || !isCount(state.total)) return undefined;
	try {
		const highs = state.highs;
		if (!Array.isArray(highs) || highs.length === 0 || !highs.every(isCount)) return undefined;
		const highest = highs[highs.length - 1];
		const blocks = new Map<number, number>();
		for (const block of state.blocks ?? []) {
			if (!Array.isArray(block) || !isCount(block[0]) || !isCount(block[1])) return undefined;
			blocks.set(block[0], block[1]);
		}
		const open = new Map<number, OpenEntry>();
		for (const entry of state.open ?? []) {
			if (!Array.isArray(entry) || entry.length !== 6) return undefined;
			const [id, badgeId, badgeSlug, slug, reviewer, notified] = entry;
			if (!isCount(id) || typeof badgeId !== 'number' || typeof badgeSlug !== 'string' || typeof slug !== 'string') return undefined;
			if (typeof reviewer !== 'string' || typeof notified !== 'number') return undefined;
			open.set(id, { badgeId, badgeSlug, slug, reviewer, notified });
		}
		// Every remembered id was seen, so none is above the highest one: this also stops a damaged
		// state from expanding into an endless list.
		const recent = new Set(decodeIds(String(state.recent ?? ''), highest));
		return { total: state.total, blocks, highs: [...highs], recent, open };
	} catch {
		return undefined;
	}
}

function parseBase36(text: string | undefined, signed = false): number {
	if (text === undefined || !(signed ? /^-?[0-9a-z]+$/ : /^[0-9a-z]+$/).test(text)) throw new Error('bad state');
	const value = parseInt(text, 36);
	if (!Number.isSafeInteger(value)) throw new Error('bad state');
	return value;
}
