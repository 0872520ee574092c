import type { IDataObject } from 'n8n-workflow';

/**
 * Making refused deliveries visible: a log line, and (opt-in) a run of the trigger's "Refused"
 * output. BadgeKit never retries, so a refused award is gone: the issuer has to learn of it.
 *
 * Both are rate-limited in process memory with no timers: a refusal inside the interval is only
 * counted, and the count is reported with the next refusal after it. So the tail of a burst shows up
 * with the next refusal, and in queue mode each webhook process keeps its own count.
 */
export const REFUSED_RUN_INTERVAL_MS = 60_000;
export const LOG_INTERVAL_MS = 60_000;

/** Longest text taken from an unverified body into a log line or an item. */
const MAX_TEXT = 64;
/** Bodies larger than this are not parsed just to name them in a refusal. */
const MAX_PARSE_BYTES = 64 * 1024;

export interface Refusal {
	reason: string;
	status: number;
	/** What the unverified body says it is about: null when it cannot be read. */
	event: string | null;
	systemSlug: string | null;
	badgeSlug: string | null;
}

/**
 * Cuts and cleans text read from an unverified body: control and format characters (line breaks,
 * escape sequences, bidi marks) become "?", and it is cut to MAX_TEXT characters.
 */
export function sanitised(value: unknown): string | null {
	if (typeof value !== 'string' && typeof value !== 'number') return null;
	const text = String(value).replace(/[\p{C}\u2028\u2029]/gu, '?');
	return text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT)}…` : text;
}

function objectAt(value: unknown): IDataObject {
	return value && typeof value === 'object' && !Array.isArray(value) ? (value as IDataObject) : {};
}

/**
 * Event, system and badge as the (unverified) body names them, from n8n's parse when it made one,
 * else from the raw bytes when they are small enough. Never throws.
 */
export function unverifiedSubject(parsed: unknown, rawBody: Buffer | undefined): Pick<Refusal, 'event' | 'systemSlug' | 'badgeSlug'> {
	let body = objectAt(parsed);
	if (Object.keys(body).length === 0 && rawBody && rawBody.length > 0 && rawBody.length <= MAX_PARSE_BYTES) {
		try {
			body = objectAt(JSON.parse(rawBody.toString('utf8')));
		} catch {
			body = {};
		}
	}
	const badge = objectAt(body.badge ?? objectAt(body.application).badge);
	return {
		event: sanitised(body.action),
		systemSlug: sanitised(objectAt(badge.system).slug),
		badgeSlug: sanitised(badge.slug),
	};
}

/**
 * Counts refusals and says when one may be reported: the first at once, then at most one per
 * interval, each standing for the refusals since the last one reported (itself included).
 */
export class RefusalMeter {
	private lastReportMs = Number.NEGATIVE_INFINITY;
	private unreported = 0;
	private firstUnreportedMs = 0;

	constructor(private readonly intervalMs: number) {}

	/** Counts one refusal; returns {count, sinceMs} when this one is to be reported. */
	count(nowMs: number): { count: number; sinceMs: number } | undefined {
		if (this.unreported === 0) this.firstUnreportedMs = nowMs;
		this.unreported++;
		if (nowMs - this.lastReportMs < this.intervalMs) return undefined;
		const report = { count: this.unreported, sinceMs: this.firstUnreportedMs };
		this.lastReportMs = nowMs;
		this.unreported = 0;
		return report;
	}
}

/** What each refusal usually means, for the log line: the checks of README "Troubleshooting: nothing runs". */
function hint(refusal: Refusal): string {
	if (refusal.status === 401) return 'The caller sent no BadgeKit signature: it is not BadgeKit, or a proxy removed the Authorization header.';
	if (/signature/i.test(refusal.reason)) {
		return "The secret in BadgeKit's webhooks row is not the BadgeKit Webhook credential's secret (check for spaces), or the row is meant for another workflow's trigger.";
	}
	if (/already received/i.test(refusal.reason)) return 'A copy of a delivery that was already accepted (a replay).';
	if (/hash/i.test(refusal.reason)) return 'The body was changed after BadgeKit signed it (a proxy rewriting requests?).';
	return '';
}

/** The log line for a refusal; names no secret and no token, and only cleaned text from the body. */
export function refusalLogLine(triggerName: string, refusal: Refusal, unreported: number): string {
	const about = [
		refusal.event && `event "${refusal.event}"`,
		refusal.systemSlug && `system "${refusal.systemSlug}"`,
		refusal.badgeSlug && `badge "${refusal.badgeSlug}"`,
	].filter(Boolean);
	const parts = [
		`BadgeKit Trigger "${sanitised(triggerName)}" refused a delivery with ${refusal.status}: ${refusal.reason}.`,
		about.length ? `The body (unverified) names ${about.join(', ')}.` : '',
		hint(refusal),
		unreported > 0 ? `${unreported} more refused for this reason since the last such line.` : '',
	];
	return parts.filter(Boolean).join(' ');
}

/**
 * Per trigger node (workflow id + node) in this process: one meter for the Refused output, one per
 * reason for log lines. Bounded: a process with very many trigger nodes forgets the oldest.
 */
export class RefusalReporter {
	private readonly runs = new Map<string, RefusalMeter>();
	private readonly logs = new Map<string, RefusalMeter>();

	/** Whether to write a log line now, and how many lines of this reason were held back before it. */
	logLine(triggerKey: string, reason: string, nowMs: number): number | undefined {
		const report = meterFor(this.logs, `${triggerKey}\n${reason}`, LOG_INTERVAL_MS).count(nowMs);
		return report ? report.count - 1 : undefined;
	}

	/** Whether to run the Refused output now, and for how many refusals. */
	run(triggerKey: string, nowMs: number): { count: number; sinceMs: number } | undefined {
		return meterFor(this.runs, triggerKey, REFUSED_RUN_INTERVAL_MS).count(nowMs);
	}
}

const MAX_METERS = 10_000;
function meterFor(meters: Map<string, RefusalMeter>, key: string, intervalMs: number): RefusalMeter {
	let meter = meters.get(key);
	if (!meter) {
		if (meters.size >= MAX_METERS) meters.delete(meters.keys().next().value as string);
		meter = new RefusalMeter(intervalMs);
		meters.set(key, meter);
	}
	return meter;
}

/** The Refused output's item. Never the token: only what the refusal and the body's names say. */
export function refusedItem(refusal: Refusal, report: { count: number; sinceMs: number }, nowMs: number): IDataObject {
	return {
		reason: refusal.reason,
		status: refusal.status,
		refusedAt: new Date(nowMs).toISOString(),
		count: report.count,
		firstRefusedAt: new Date(report.sinceMs).toISOString(),
		event: refusal.event,
		systemSlug: refusal.systemSlug,
		badgeSlug: refusal.badgeSlug,
	};
}
