// Types for the BadgeKit-compatible test server (index.js). See README.md.
import type { Server } from 'node:http';

export interface BadgeKitConsumer {
	key: string;
	secret: string;
	/** slug of the only system this key may access */
	system: string;
}

export interface WebhookTarget {
	url: string;
	secret: string;
}

export interface BadgeKitServerOptions {
	host?: string;
	/** 0 (default) picks a free port */
	port?: number;
	/** secret of key "master" (default 'bk-master-secret') */
	masterSecret?: string;
	consumers?: BadgeKitConsumer[];
	seed?: 'empty' | 'demo';
	/** base of assertion URLs; default server.url */
	publicUrl?: string;
	/** webhooks per system slug, re-applied by reset() */
	webhooks?: Record<string, WebhookTarget>;
	/**
	 * 'generated' (default, BadgeKit 0.2.22): badge create ignores the posted slug and stores
	 * md5(time + name). 'posted': the slug is kept (BadgeKit's later, unreleased code).
	 */
	badgeSlugs?: 'generated' | 'posted';
	/**
	 * None by default. Each write (POST, PUT, PATCH, DELETE) waits `ms` for one of `concurrency`
	 * (default 1) database slots before it is handled, later writes queued: a committed MySQL write.
	 */
	latency?: { ms: number; concurrency?: number };
}

export interface WebhookDelivery {
	action: 'review' | 'award' | 'revoke';
	url: string;
	/** receiver's status code; null while pending or when no response came */
	status: number | null;
	/** exact JSON body sent */
	body: string;
	/** exact Authorization header sent: `JWT token="…"` */
	authorization: string;
	/** null for a 200; otherwise why the delivery counts as failed */
	error: string | null;
}

export interface RequestLogEntry {
	method: string;
	url: string;
	/** null until answered (and forever for hung requests) */
	status: number | null;
}

export interface RequestProbe {
	method: string;
	url: string;
	headers: Record<string, string | string[] | undefined>;
	body: string;
}

/* Store rows (raw, as BadgeKit's MySQL tables would hold them). */
export interface SystemRow {
	id: number;
	slug: string;
	name: string;
	url: string;
	description: string | null;
	email: string | null;
	imageUrl: string | null;
}
export interface IssuerRow extends SystemRow {
	systemId: number;
}
export interface ProgramRow extends IssuerRow {
	issuerId: number;
}
export interface CriterionRow {
	id: number;
	description: string | null;
	required: 0 | 1;
	note: string | null;
}
export interface BadgeRow {
	id: number;
	slug: string;
	name: string;
	strapline: string | null;
	earnerDescription: string | null;
	consumerDescription: string | null;
	issuerUrl: string | null;
	rubricUrl: string | null;
	criteriaUrl: string | null;
	timeValue: number | null;
	timeUnits: string | null;
	limit: number | null;
	unique: 0 | 1;
	archived: 0 | 1;
	created: Date;
	imageUrl: string | null;
	type: string;
	evidenceType: string | null;
	systemId: number;
	issuerId: number | null;
	programId: number | null;
	criteria: CriterionRow[];
	alignments: Array<{ id: number; name: string | null; url: string | null; description: string | null }>;
	categories: string[];
	tags: string[];
}
export interface ClaimCodeRow {
	id: number;
	code: string;
	claimed: 0 | 1;
	email: string | null;
	multiuse: 0 | 1;
	badgeId: number;
}
export interface InstanceRow {
	id: number;
	slug: string;
	badgeId: number;
	email: string;
	/** an Invalid Date stands for MySQL's 0000-00-00 00:00:00 */
	issuedOn: Date;
	expires: Date | null;
	claimCode: string | null;
}
export interface ApplicationRow {
	id: number;
	slug: string;
	badgeId: number;
	learner: string;
	created: Date;
	assignedTo: string | null;
	assignedExpiration: Date | null;
	processed: Date | null;
	systemId: number | null;
	issuerId: number | null;
	programId: number | null;
	evidence: Array<{ id: number; url: string | null; mediaType: string | null; reflection: string | null }>;
}
export interface ReviewRow {
	id: number;
	slug: string;
	applicationId: number;
	author: string;
	comment: string | null;
	reviewItems: Array<{ criterionId: number | null; satisfied: 0 | 1; comment: string | null }>;
}
export interface MilestoneRow {
	id: number;
	systemId: number;
	primaryBadgeId: number;
	numberRequired: number;
	action: string;
	supportBadgeIds: number[];
}

export interface BadgeKitStore {
	systems: Map<number, SystemRow>;
	issuers: Map<number, IssuerRow>;
	programs: Map<number, ProgramRow>;
	badges: Map<number, BadgeRow>;
	claimCodes: Map<number, ClaimCodeRow>;
	instances: Map<number, InstanceRow>;
	applications: Map<number, ApplicationRow>;
	reviews: Map<number, ReviewRow>;
	milestones: Map<number, MilestoneRow>;
	/** BadgeKit's webhooks table, keyed by row id: several rows per system are allowed, the first is called */
	webhooks: Map<number, WebhookTarget & { id: number; systemId: number }>;
	webhookFor(systemId: number): (WebhookTarget & { id: number; systemId: number }) | undefined;
	findSystem(slug: string): SystemRow | undefined;
	findSystemById(id: number): SystemRow | undefined;
	findIssuer(systemId: number, slug: string): IssuerRow | undefined;
	findProgram(issuerId: number, slug: string): ProgramRow | undefined;
	/** Lookups on text columns ignore case and accents (utf8_general_ci). */
	findBadge(systemId: number, slug: string): BadgeRow | undefined;
	/** The badge holding `slug` in any system (0.2.22's badge slugs are unique across systems). */
	findBadgeAnywhere(slug: string): BadgeRow | undefined;
	/** A badge's code (codes are unique per badge); with the code alone, the first so spelled. */
	findClaimCode(badgeId: number, code: string): ClaimCodeRow | undefined;
	findClaimCode(code: string): ClaimCodeRow | undefined;
	claimCodesNamed(code: string): ClaimCodeRow[];
	findInstance(badgeId: number, email: string): InstanceRow | undefined;
	findInstanceBySlug(slug: string): InstanceRow | undefined;
	instancesOfBadge(badgeId: number): Set<InstanceRow>;
	instancesOfEmail(email: string): Set<InstanceRow>;
	findApplication(slug: string): ApplicationRow | undefined;
	findReview(slug: string): ReviewRow | undefined;
	issuersOf(systemId: number): IssuerRow[];
	programsOf(issuerId: number): ProgramRow[];
	codesOfBadge(badgeId: number): ClaimCodeRow[];
	reviewsOf(applicationId: number): ReviewRow[];
	milestonesSupportedBy(badgeId: number): MilestoneRow[];
	/** Empties every table in place and restarts ids at 1 (server.reset() also re-seeds). */
	reset(): void;

	// Direct inserts/updates that keep the indexes right (ids are always assigned by the store;
	// dates are cut to whole seconds like a DATETIME column).
	addSystem(fields: Partial<SystemRow> & Pick<SystemRow, 'slug' | 'name' | 'url'>): SystemRow;
	updateSystem(row: SystemRow, changes: Partial<SystemRow>): SystemRow;
	deleteSystem(row: SystemRow): void;
	addIssuer(systemId: number, fields: Partial<IssuerRow> & Pick<IssuerRow, 'slug' | 'name' | 'url'>): IssuerRow;
	updateIssuer(row: IssuerRow, changes: Partial<IssuerRow>): IssuerRow;
	deleteIssuer(row: IssuerRow): void;
	addProgram(issuer: IssuerRow, fields: Partial<ProgramRow> & Pick<ProgramRow, 'slug' | 'name' | 'url'>): ProgramRow;
	updateProgram(row: ProgramRow, changes: Partial<ProgramRow>): ProgramRow;
	deleteProgram(row: ProgramRow): void;
	/** criteria/alignments/categories/tags of `fields` are ignored: use setCriteria etc. */
	addBadge(fields: Partial<BadgeRow> & Pick<BadgeRow, 'slug' | 'name' | 'type' | 'systemId'>): BadgeRow;
	updateBadge(row: BadgeRow, changes: Partial<BadgeRow>): BadgeRow;
	setCriteria(badge: BadgeRow, items: Array<{ id?: number; description?: string | null; required: 0 | 1; note?: string | null }>): void;
	setAlignments(badge: BadgeRow, items: Array<{ name?: string; url?: string; description?: string }>): void;
	setValues(badge: BadgeRow, key: 'categories' | 'tags', values: string[]): void;
	deleteBadge(row: BadgeRow): void;
	addClaimCode(badgeId: number, fields: { code: string; claimed?: boolean | 0 | 1; email?: string | null; multiuse?: boolean | 0 | 1 }): ClaimCodeRow;
	deleteClaimCode(row: ClaimCodeRow): void;
	/** The caller checks the (badgeId, email) and slug unique keys first. */
	addInstance(fields: Partial<InstanceRow> & Pick<InstanceRow, 'slug' | 'badgeId' | 'email' | 'issuedOn'>): InstanceRow;
	deleteInstance(row: InstanceRow): void;
	addApplication(fields: Partial<ApplicationRow> & Pick<ApplicationRow, 'slug' | 'badgeId' | 'learner'>): ApplicationRow;
	setEvidence(application: ApplicationRow, items: Array<{ url?: string | null; mediaType?: string | null; reflection?: string | null }>): void;
	updateApplication(row: ApplicationRow, changes: Partial<ApplicationRow>): ApplicationRow;
	deleteApplication(row: ApplicationRow): void;
	addReview(fields: Partial<ReviewRow> & Pick<ReviewRow, 'slug' | 'applicationId' | 'author'>): ReviewRow;
	updateReview(row: ReviewRow, changes: Partial<ReviewRow>, reviewItems?: ReviewRow['reviewItems']): ReviewRow;
	deleteReview(row: ReviewRow): void;
	addMilestone(fields: Partial<MilestoneRow> & Pick<MilestoneRow, 'systemId' | 'primaryBadgeId' | 'numberRequired'>): MilestoneRow;
}

export interface BadgeKitServer {
	/** 'http://127.0.0.1:PORT', no trailing slash */
	url: string;
	port: number;
	store: BadgeKitStore;
	deliveries: WebhookDelivery[];
	requests: RequestLogEntry[];
	/** Replaces the system's rows in BadgeKit's webhooks table by this one; null removes them */
	setWebhook(systemSlug: string, hook: WebhookTarget | null): void;
	/** A plain INSERT of one more row for the system (never called while an older row exists) */
	addWebhook(systemSlug: string, hook: WebhookTarget): void;
	/** Runs the webhook registration SQL (START TRANSACTION; DELETE …; INSERT …; COMMIT;) on the store */
	runSql(sql: string): Array<{ statement: string; rows: number }>;
	webhooksIdle(): Promise<void>;
	failNext(opts?: {
		status?: number;
		body?: unknown;
		headers?: Record<string, string>;
		times?: number;
		match?: (req: RequestProbe) => boolean;
	}): void;
	hangNext(opts?: { times?: number; match?: (req: RequestProbe) => boolean }): void;
	reset(seed?: 'empty' | 'demo'): void;
	/** Requests received and not yet answered (or closed). */
	readonly inFlight: number;
	/** The most requests in flight at once since the last reset(). */
	readonly maxInFlight: number;
	close(): Promise<void>;
	/** A signed API call as the master key (what an admin or another app does beside n8n); json is null for a text answer */
	asMaster(method: string, path: string, body?: unknown): Promise<{ status: number; json: any; text: string }>;
	httpServer: Server;
}

/** The latency model fitted to real BadgeKit 0.2.22 + MariaDB: a quiet machine, and a busy disk. */
export const LATENCY_PRESETS: Record<'quiet' | 'busy', { ms: number; concurrency: number }>;

export function createBadgeKitServer(options?: BadgeKitServerOptions): Promise<BadgeKitServer>;

/** The Authorization header BadgeKit puts on a webhook with this exact body. */
export function signWebhook(body: string, secret: string): string;
/** The Authorization header of a signed BadgeKit API request (master key unless `key`); `body` is the exact body string sent. */
export function signRequest(method: string, path: string, body: string | undefined, secret: string, key?: string): string;

export const HANG: unique symbol;
