/**
 * Remembers accepted deliveries for a while so that an identical one is refused. BadgeKit's webhook
 * tokens never expire, so a captured delivery could otherwise be replayed forever.
 *
 * Bounded: entries expire after the window, and past `maxEntries` the oldest are forgotten first.
 * Entries are kept in insertion order, which is expiry order, so pruning stops at the first live one.
 * Keys are shortened to 22 characters (128 bits of the token's HMAC): collisions are not a concern,
 * and the serialized form stays small enough for workflow static data.
 */
export const DEFAULT_MAX_ENTRIES = 10_000;
const KEY_LENGTH = 22;

export class ReplayStore {
	private readonly expiries = new Map<string, number>();

	constructor(readonly maxEntries = DEFAULT_MAX_ENTRIES) {}

	get size(): number {
		return this.expiries.size;
	}

	/** True when `key` was remembered and its window has not passed. */
	has(key: string, nowMs: number): boolean {
		const expiry = this.expiries.get(key.slice(0, KEY_LENGTH));
		return expiry !== undefined && expiry > nowMs;
	}

	remember(key: string, nowMs: number, windowMs: number): void {
		this.prune(nowMs);
		const short = key.slice(0, KEY_LENGTH);
		this.expiries.delete(short);
		this.expiries.set(short, nowMs + windowMs);
		for (const oldest of this.expiries.keys()) {
			if (this.expiries.size <= this.maxEntries) break;
			this.expiries.delete(oldest);
		}
	}

	prune(nowMs: number): void {
		for (const [key, expiry] of this.expiries) {
			if (expiry > nowMs) break;
			this.expiries.delete(key);
		}
	}

	/** `key.expirySeconds(base36)` pairs joined by commas: compact JSON-safe text for static data. */
	serialize(): string {
		const parts: string[] = [];
		for (const [key, expiry] of this.expiries) parts.push(`${key}.${Math.ceil(expiry / 1000).toString(36)}`);
		return parts.join(',');
	}

	static deserialize(text: unknown, maxEntries = DEFAULT_MAX_ENTRIES, nowMs = Date.now()): ReplayStore {
		const store = new ReplayStore(maxEntries);
		if (typeof text !== 'string' || !text) return store;
		for (const part of text.split(',')) {
			const dot = part.indexOf('.');
			const expiry = parseInt(part.slice(dot + 1), 36) * 1000;
			if (dot > 0 && expiry > nowMs) store.expiries.set(part.slice(0, dot), expiry);
		}
		for (const oldest of store.expiries.keys()) {
			if (store.expiries.size <= maxEntries) break;
			store.expiries.delete(oldest);
		}
		return store;
	}
}
