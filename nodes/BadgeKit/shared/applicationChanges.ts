import { createHash } from 'crypto';

/**
 * The BadgeKit Application Trigger's memory: given what it remembered after the last successful poll
 * and the complete list of applications read now, which events happened, and what to remember next.
 * Pure (no n8n, no clock, no I/O: the node passes `now`), so every case is unit-tested.
 *
 * Events, per application, in this order:
 * - newApplication: an application not seen before appears.
 * - applicationAssigned: `assignedTo` is set, or changed to another reviewer (case-insensitive).
 *   An application that arrives already assigned gets it too.
 * - reviewOverdue: `assignedExpiration` has passed and the application is still unprocessed. Once per
 *   application and deadline: a new deadline that passes fires again.
 * - applicationProcessed: `processed` went from empty to set (also when an application was created
 *   and processed between two polls). An application later made unprocessed again is watched again.
 *
 * The first poll (or the first after the scope changed) only records what exists and emits nothing;
 * deadlines that have already passed by then count as notified.
 *
 * WHAT IS REMEMBERED, AND WHY IT STAYS BOUNDED
 * Processed applications are the bulk of any BadgeKit system's history, and nothing is remembered
 * about them. Applications get increasing integer ids, so "seen before" is answered by a high-water
 * mark (`floor`): every application with an id up to it has been seen. Remembered per application is
 * only what a future event depends on, and only for unprocessed ones:
 * - `open`: the ids of unprocessed applications, grouped by their reviewer (a 48-bit hash of the
 *   email, not the email itself, `_` for none) and written as runs of consecutive ids with gaps in
 *   base 36 (`encodeIds`). 10,000 unassigned applications are a handful of bytes; interleaved
 *   reviewers cost about 2–3 bytes per application. The reviewer is needed to see a reassignment.
 * - `overdue`: id and deadline of unprocessed applications whose passed deadline was already
 *   notified (about 12 bytes each), so that it is not notified again. Dropped when the application
 *   is processed or its deadline changes.
 * - `recent`: processed applications above the floor (only the few created in the last polls).
 * - `absent`: open applications missing from the latest list (deleted ones), forgotten after
 *   ABSENT_POLLS polls.
 * So the state grows with the number of *unprocessed* applications only (the review queue, a few
 * bytes each), never with the history; it is plain JSON for n8n's workflow static data.
 *
 * WHY NO EVENT IS LOST OR REPEATED
 * - The node saves the state only after a poll read every page. A failed poll changes nothing, and
 *   the next one compares against the last complete picture, so whatever happened meanwhile is
 *   emitted then, exactly once. Every event is a difference between two complete pictures, and the
 *   picture it was emitted for is what gets remembered.
 * - BadgeKit sorts applications by badge, then creation date, and pages by offset: an application
 *   created or deleted while the pages are being read can shift another into a page already read
 *   (missed this time) or into the next (read twice: duplicates are merged by id). And ids are not
 *   always visible in order: one transaction can commit id 502 before 501. So the floor lags: it is
 *   the highest id known LAG polls ago, and ids above it are judged individually (open or `recent`).
 *   An application missed by one or two polls is still new when it shows up. An open application
 *   missing from a list keeps its entry for ABSENT_POLLS polls, so its next change is still seen.
 * - Deadlines are compared with n8n's clock (`now`), and "already notified" is kept per deadline.
 *
 * Known limits: an application assigned (or whose deadline passes) while processed is not reported;
 * one missed by three polls in a row (which needs page shifts in three consecutive polls) counts as
 * old; and if BadgeKit's database is emptied so that ids start again from 1, new applications are
 * not reported as new until the ids pass the old floor (re-activating the workflow resets this).
 */

export const APPLICATION_EVENTS = ['newApplication', 'applicationAssigned', 'reviewOverdue', 'applicationProcessed'] as const;
export type ApplicationEvent = (typeof APPLICATION_EVENTS)[number];

/** How many polls the "seen before" mark lags behind the highest id (see above). */
export const LAG = 3;
/** An open application missing from this many lists in a row is forgotten (it was deleted). */
export const ABSENT_POLLS = 3;
/** Key in `open` for applications assigned to no one. */
const UNASSIGNED = '_';
const STATE_VERSION = 1;

/** The parts of a BadgeKit application this module reads; everything else passes through untouched. */
export interface ApplicationLike {
	id?: unknown;
	created?: unknown;
	assignedTo?: unknown;
	assignedExpiration?: unknown;
	processed?: unknown;
}

export interface ApplicationChange<T> {
	event: ApplicationEvent;
	application: T;
}

/** JSON kept in the workflow's static data between polls. */
export interface ApplicationState {
	version: 1;
	/** What was polled (server and path): another scope starts over with a silent first poll. */
	scope: string;
	/** The highest application id known after each of the last LAG polls, oldest first. */
	highs: number[];
	/** Unprocessed applications by reviewer key: `encodeIds` lists. */
	open: Record<string, string>;
	/** Unprocessed applications whose current, passed deadline was notified: `encodePairs` list. */
	overdue: string;
	/** Processed applications above the floor: `encodeIds` list. */
	recent: string;
	/** Open applications missing from the latest lists: id → polls missing in a row. */
	absent: Record<string, number>;
}

export interface ChangeOptions {
	/** Milliseconds since the epoch (n8n's clock): deadlines up to it have passed. */
	now: number;
	/** Identifies what was polled; see ApplicationState.scope. */
	scope: string;
}

export interface ChangeResult<T> {
	/** In id order, and per application in the order of APPLICATION_EVENTS. */
	changes: Array<ApplicationChange<T>>;
	state: ApplicationState;
	/** True when there was no usable previous state: this poll only recorded what exists. */
	baseline: boolean;
}

interface OpenEntry {
	reviewer: string;
	/** The deadline already notified (ms), 0 for none. */
	notified: number;
}

interface DecodedState {
	highs: number[];
	open: Map<number, OpenEntry>;
	recent: Set<number>;
	absent: Map<number, number>;
}

export function detectApplicationChanges<T extends ApplicationLike>(
	previousState: unknown,
	applications: readonly T[],
	options: ChangeOptions,
): ChangeResult<T> {
	const { now, scope } = options;
	const byId = new Map<number, T>();
	for (const application of applications) {
		const id = applicationId(application);
		if (id !== undefined) byId.set(id, application);
	}
	const seen = [...byId.entries()].sort((a, b) => a[0] - b[0]);
	const highestSeen = seen.length ? seen[seen.length - 1][0] : 0;

	const previous = decodeState(previousState, scope);
	if (!previous) {
		const open = new Map<number, OpenEntry>();
		for (const [id, application] of seen) {
			if (isProcessed(application)) continue;
			const deadline = deadlineOf(application);
			open.set(id, { reviewer: reviewerKey(application.assignedTo), notified: isPassed(deadline, now) ? deadline : 0 });
		}
		const state = encodeState(scope, { highs: [highestSeen], open, recent: new Set(), absent: new Map() });
		return { changes: [], state, baseline: true };
	}

	const floor = previous.highs[0];
	const changes: Array<ApplicationChange<T>> = [];
	const open = new Map<number, OpenEntry>();
	const recent = new Set(previous.recent);
	const absent = new Map<number, number>();

	for (const [id, application] of seen) {
		const wasOpen = previous.open.get(id);
		const isNew = wasOpen === undefined && id > floor && !previous.recent.has(id);
		// Watched: its previous state is known (open, or "did not exist yet"). An old processed
		// application made unprocessed again is only recorded, silently, like on the first poll.
		const watched = wasOpen !== undefined || isNew;
		const before: OpenEntry = wasOpen ?? { reviewer: UNASSIGNED, notified: 0 };
		const emit = (event: ApplicationEvent) => changes.push({ event, application });

		if (isNew) emit('newApplication');
		const reviewer = reviewerKey(application.assignedTo);
		if (watched && reviewer !== UNASSIGNED && reviewer !== before.reviewer) emit('applicationAssigned');

		if (isProcessed(application)) {
			if (watched) emit('applicationProcessed');
			recent.add(id);
			continue;
		}
		const deadline = deadlineOf(application);
		let notified = wasOpen && before.notified === deadline ? deadline : 0;
		if (isPassed(deadline, now) && notified !== deadline) {
			if (watched) emit('reviewOverdue');
			notified = deadline;
		}
		open.set(id, { reviewer, notified });
	}

	for (const [id, entry] of previous.open) {
		if (byId.has(id)) continue;
		const misses = (previous.absent.get(id) ?? 0) + 1;
		if (misses < ABSENT_POLLS) {
			open.set(id, entry);
			absent.set(id, misses);
		}
	}

	const running = Math.max(previous.highs[previous.highs.length - 1], highestSeen);
	const highs = [...previous.highs, running].slice(-LAG);
	for (const id of recent) if (id <= highs[0]) recent.delete(id);

	return { changes, state: encodeState(scope, { highs, open, recent, absent }), baseline: false };
}

/** The application created last (ties: the higher id), or undefined for an empty list. */
export function mostRecentApplication<T extends ApplicationLike>(applications: readonly T[]): T | undefined {
	let best: T | undefined;
	let bestKey: [number, number] = [-Infinity, -Infinity];
	for (const application of applications) {
		const created = timeOf(application.created);
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

function isProcessed(application: ApplicationLike): boolean {
	const value = application.processed;
	return value !== null && value !== undefined && value !== '' && value !== false && value !== 0;
}

/** Milliseconds, NaN when absent or unreadable. BadgeKit sends ISO strings; numbers are accepted. */
function timeOf(value: unknown): number {
	if (typeof value === 'number') return Number.isFinite(value) ? (Math.abs(value) < 1e11 ? value * 1000 : value) : NaN;
	if (value instanceof Date) return value.getTime();
	if (typeof value === 'string' && value.trim() !== '') return Date.parse(value);
	return NaN;
}

/** The deadline in ms, 0 for none. */
function deadlineOf(application: ApplicationLike): number {
	const time = timeOf(application.assignedExpiration);
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

/** id → number pairs, ids sorted: "gap:value" in base 36, the gap from the previous id. */
function encodePairs(pairs: Array<[number, number]>): string {
	let previous = 0;
	return pairs
		.sort((a, b) => a[0] - b[0])
		.map(([id, value]) => {
			const text = `${(id - previous).toString(36)}:${value.toString(36)}`;
			previous = id;
			return text;
		})
		.join(',');
}

function decodePairs(text: string): Array<[number, number]> {
	const pairs: Array<[number, number]> = [];
	if (!text) return pairs;
	let previous = 0;
	for (const part of text.split(',')) {
		const [gapText, valueText] = part.split(':');
		previous += parseBase36(gapText);
		pairs.push([previous, parseBase36(valueText, true)]);
	}
	return pairs;
}

function parseBase36(text: string | undefined, signed = false): number {
	if (text === undefined || !(signed ? /^-?[0-9a-z]+$/ : /^[0-9a-z]+$/).test(text)) throw new Error('bad state');
	const value = parseInt(text, 36);
	if (!Number.isSafeInteger(value)) throw new Error('bad state');
	return value;
}

function encodeState(scope: string, decoded: DecodedState): ApplicationState {
	const byReviewer = new Map<string, number[]>();
	const overdue: Array<[number, number]> = [];
	for (const [id, entry] of decoded.open) {
		let ids = byReviewer.get(entry.reviewer);
		if (!ids) byReviewer.set(entry.reviewer, (ids = []));
		ids.push(id);
		if (entry.notified !== 0) overdue.push([id, entry.notified]);
	}
	const open: Record<string, string> = {};
	for (const reviewer of [...byReviewer.keys()].sort()) open[reviewer] = encodeIds(byReviewer.get(reviewer) ?? []);
	const absent: Record<string, number> = {};
	for (const [id, misses] of [...decoded.absent].sort((a, b) => a[0] - b[0])) absent[String(id)] = misses;
	return {
		version: STATE_VERSION,
		scope,
		highs: decoded.highs,
		open,
		overdue: encodePairs(overdue),
		recent: encodeIds(decoded.recent),
		absent,
	};
}

/** The previous state, or undefined when there is none, it is for another scope, or it is unreadable. */
function decodeState(value: unknown, scope: string): DecodedState | undefined {
	if (!value || typeof value !== 'object') return undefined;
	const state = value as Partial<ApplicationState>;
	if (state.version !== STATE_VERSION || state.scope !== scope) return undefined;
	try {
		const highs = state.highs;
		if (!Array.isArray(highs) || highs.length === 0 || !highs.every((h) => Number.isSafeInteger(h) && h >= 0)) return undefined;
		// Every remembered id was seen, so none is above the highest one: this also stops a damaged
		// state from expanding into an endless list.
		const highest = highs[highs.length - 1];
		const notified = new Map(decodePairs(String(state.overdue ?? '')));
		const open = new Map<number, OpenEntry>();
		for (const [reviewer, ids] of Object.entries(state.open ?? {})) {
			for (const id of decodeIds(String(ids), highest)) open.set(id, { reviewer, notified: notified.get(id) ?? 0 });
		}
		const absent = new Map<number, number>();
		for (const [id, misses] of Object.entries(state.absent ?? {})) {
			if (open.has(Number(id)) && Number.isSafeInteger(misses)) absent.set(Number(id), misses);
		}
		return { highs: [...highs], open, recent: new Set(decodeIds(String(state.recent ?? ''), highest)), absent };
	} catch {
		return undefined;
	}
}
