/**
 * Remembers accepted deliveries for a while so that an identical one is refused. BadgeKit's webhook
 * tokens never expire, so a captured delivery could otherwise be replayed forever. Kept in workflow
 * static data as one key per 10-minute bucket of expiry, `"acceptedUntil 2026-11-30T09:10Z":
 * "<11 chars><11 chars>…"`; why this form, and its limits: docs/architecture.md, "The replay memory".
 */
export const DEFAULT_MAX_ENTRIES = 10_000;
export const KEY_LENGTH = 11;
export const BUCKET_MS = 10 * 60_000;
export const BUCKET_PREFIX = 'acceptedUntil ';
/** The format before buckets (`key.expirySecondsBase36` pairs joined by commas), read once and dropped. */
const LEGACY_KEY = 'acceptedDeliveries';

class Bucket {
	/** Keys in the order they were added; those before `head` were dropped (maxEntries). */
	private keys: string[] = [];
	private head = 0;
	/** keys[head…] joined, kept while only appending; rebuilt when needed after a removal. */
	private joined: string | undefined = '';

	get count(): number {
		return this.keys.length - this.head;
	}

	get text(): string {
		this.joined ??= this.live().join('');
		return this.joined;
	}

	live(): string[] {
		return this.head ? this.keys.slice(this.head) : this.keys;
	}

	add(key: string): void {
		this.keys.push(key);
		if (this.joined !== undefined) this.joined += key;
	}

	/** Drops and returns the oldest key. */
	dropOldest(): string {
		const key = this.keys[this.head++];
		this.joined = undefined;
		if (this.head > 1024 && this.head * 2 > this.keys.length) {
			this.keys = this.keys.slice(this.head);
			this.head = 0;
		}
		return key;
	}

	remove(key: string): void {
		const at = this.keys.indexOf(key, this.head);
		if (at === -1) return;
		this.keys.splice(at, 1);
		this.joined = undefined;
	}
}

// Names and expiries of the buckets seen, both ways: a webhook call reads and writes up to ~145
// bucket names, and date formatting and parsing would otherwise be most of the trigger's own work.
const names = new Map<number, string>();
const expiries = new Map<string, number>();

function bucketName(expiresMs: number): string {
	let name = names.get(expiresMs);
	if (name === undefined) {
		name = BUCKET_PREFIX + new Date(expiresMs).toISOString().slice(0, 16) + 'Z';
		if (names.size > 10_000) names.clear();
		names.set(expiresMs, name);
	}
	return name;
}

function bucketExpiry(name: string): number {
	let expires = expiries.get(name);
	if (expires === undefined) {
		const parsed = Date.parse(name.slice(BUCKET_PREFIX.length, -1) + ':00Z');
		expires = Number.isFinite(parsed) && parsed % BUCKET_MS === 0 ? parsed : NaN;
		if (expiries.size > 10_000) expiries.clear();
		expiries.set(name, expires);
	}
	return expires;
}

export class ReplayStore {
	/** Bucket expiry (ms) → bucket; iterated in ascending expiry order by sortedExpiries(). */
	private readonly buckets = new Map<number, Bucket>();
	/** Key → expiry of the bucket holding it. */
	private readonly keys = new Map<string, number>();
	/** Buckets expiring at or before this were forgotten for maxEntries. */
	private floor = 0;

	constructor(readonly maxEntries = DEFAULT_MAX_ENTRIES) {}

	get size(): number {
		return this.keys.size;
	}

	/** True when `key` was remembered and its bucket has not expired. */
	has(key: string, nowMs: number): boolean {
		const expires = this.keys.get(key.slice(0, KEY_LENGTH));
		return expires !== undefined && expires > nowMs;
	}

	remember(key: string, nowMs: number, windowMs: number): void {
		this.prune(nowMs);
		this.add(key.slice(0, KEY_LENGTH), Math.ceil((nowMs + windowMs) / BUCKET_MS) * BUCKET_MS);
		this.enforceLimit();
	}

	/** Forgets the buckets that have expired. */
	prune(nowMs: number): void {
		for (const [expires, bucket] of this.buckets) {
			if (expires > nowMs) continue;
			for (const key of bucket.live()) if (this.keys.get(key) === expires) this.keys.delete(key);
			this.buckets.delete(expires);
		}
	}

	/**
	 * Takes in the entries of a saved copy (workflow static data as n8n loaded it, which may hold
	 * other processes' entries): the union of both is kept. Returns how many entries were new here.
	 */
	merge(saved: Record<string, unknown> | undefined, nowMs: number): number {
		if (!saved) return 0;
		this.prune(nowMs);
		let added = 0;
		for (const [name, value] of Object.entries(saved)) {
			if (typeof value !== 'string') continue;
			if (name === LEGACY_KEY) {
				added += this.mergeLegacy(value, nowMs);
				continue;
			}
			if (!name.startsWith(BUCKET_PREFIX)) continue;
			const expires = bucketExpiry(name);
			if (!(expires > nowMs) || expires <= this.floor) continue;
			// Usually the saved bucket is ours or a prefix of ours: nothing to read key by key.
			const mine = this.buckets.get(expires)?.text;
			if (mine !== undefined && mine.startsWith(value)) continue;
			for (let at = 0; at + KEY_LENGTH <= value.length; at += KEY_LENGTH) {
				if (this.add(value.slice(at, at + KEY_LENGTH), expires)) added++;
			}
		}
		if (added) this.enforceLimit();
		return added;
	}

	/**
	 * Writes this store into `target` (the trigger node's static data): sets the buckets whose text
	 * differs and deletes expired or dropped ones, so that `target` then holds serialize(). Returns
	 * whether anything changed (what n8n would have to save).
	 */
	writeTo(target: Record<string, unknown>): boolean {
		const wanted = this.serialize();
		let changed = false;
		for (const name of Object.keys(target)) {
			if ((name.startsWith(BUCKET_PREFIX) || name === LEGACY_KEY) && !(name in wanted)) {
				delete target[name];
				changed = true;
			}
		}
		for (const [name, text] of Object.entries(wanted)) {
			if (target[name] === text) continue;
			target[name] = text;
			changed = true;
		}
		return changed;
	}

	/** The persisted form: bucket name → concatenated keys, soonest-expiring bucket first. */
	serialize(): Record<string, string> {
		const out: Record<string, string> = {};
		for (const expires of this.sortedExpiries()) out[bucketName(expires)] = this.buckets.get(expires)!.text;
		return out;
	}

	static deserialize(saved: Record<string, unknown> | undefined, maxEntries = DEFAULT_MAX_ENTRIES, nowMs = Date.now()): ReplayStore {
		const store = new ReplayStore(maxEntries);
		store.merge(saved, nowMs);
		return store;
	}

	/** Adds a key to a bucket; a key already held keeps the later of the two expiries. */
	private add(key: string, expires: number): boolean {
		const held = this.keys.get(key);
		if (held !== undefined && held >= expires) return false;
		if (held !== undefined) {
			const previous = this.buckets.get(held);
			previous?.remove(key);
			if (previous?.count === 0) this.buckets.delete(held);
		}
		let bucket = this.buckets.get(expires);
		if (!bucket) {
			bucket = new Bucket();
			this.buckets.set(expires, bucket);
		}
		bucket.add(key);
		this.keys.set(key, expires);
		return held === undefined;
	}

	/**
	 * Past maxEntries, forgets whole buckets, soonest-expiring first, so that every process forgets the
	 * same entries and none takes them back from another's saved copy (merge skips buckets at or
	 * below `floor`). Only when the newest bucket alone holds too many are its oldest entries dropped.
	 */
	private enforceLimit(): void {
		if (this.keys.size <= this.maxEntries) return;
		const expiries = this.sortedExpiries();
		const newest = expiries.pop()!;
		for (const expires of expiries) {
			for (const key of this.buckets.get(expires)!.live()) this.keys.delete(key);
			this.buckets.delete(expires);
			this.floor = Math.max(this.floor, expires);
			if (this.keys.size <= this.maxEntries) return;
		}
		const bucket = this.buckets.get(newest)!;
		while (this.keys.size > this.maxEntries) this.keys.delete(bucket.dropOldest());
	}

	private sortedExpiries(): number[] {
		return [...this.buckets.keys()].sort((a, b) => a - b);
	}

	private mergeLegacy(text: string, nowMs: number): number {
		let added = 0;
		for (const part of text.split(',')) {
			const dot = part.indexOf('.');
			const expiry = parseInt(part.slice(dot + 1), 36) * 1000;
			if (dot < KEY_LENGTH || !(expiry > nowMs)) continue;
			if (this.add(part.slice(0, KEY_LENGTH), Math.ceil(expiry / BUCKET_MS) * BUCKET_MS)) added++;
		}
		return added;
	}
}
