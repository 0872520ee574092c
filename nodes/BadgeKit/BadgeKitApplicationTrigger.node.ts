import {
	NodeApiError,
	NodeConnectionTypes,
	NodeOperationError,
	type IDataObject,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
	type IPollFunctions,
} from 'n8n-workflow';

import { searchBadges, searchIssuers, searchPrograms, searchSystems } from './listSearch';
import {
	APPLICATION_EVENTS,
	LIST_PAGE,
	mostRecentApplication,
	pollApplicationChanges,
	type ApplicationEvent,
	type ApplicationSource,
} from './poll/applicationChanges';
import { convenienceFields, isoFromBadgeKitTime } from './webhook/deliveryItem';
import { badgeField, issuerField, locatorValue, programField, scopePath, systemField } from './fields/scope';
import {
	badgeKitApiRequest,
	badgeKitApiRequestAllItems,
	baseUrlOf,
	getBadgeKitCredentials,
	isNotFound,
	nodeErrorOf,
	timeoutMsOf,
	timeoutOption,
} from './transport';

/** Key of the trigger's memory in the workflow's static data (see poll/applicationChanges.ts). */
const STATE_KEY = 'applicationState';
const DATE_FIELDS = ['created', 'assignedExpiration', 'processed'] as const;

/**
 * One output item: the application as BadgeKit lists it (with its badge), its dates as ISO 8601,
 * plus the same convenience fields as the BadgeKit Trigger's items (event, earnerEmail, badgeSlug,
 * badgeName, issuedAt), so one workflow can read both triggers' items the same way.
 */
export function applicationEventItem(event: ApplicationEvent, application: IDataObject): IDataObject {
	const item: IDataObject = { ...application };
	for (const field of DATE_FIELDS) {
		if (item[field] !== null && item[field] !== undefined) item[field] = isoFromBadgeKitTime(item[field]) ?? item[field];
	}
	return { ...item, ...convenienceFields(event, application.learner, application.badge) };
}

/** `/systems/:s[/issuers/:i[/programs/:p]][/badges/:b]/applications`: the scope chosen in the node. */
function applicationsPath(this: IPollFunctions): string {
	const badge = locatorValue.call(this, 'badge');
	return `${scopePath.call(this)}${badge ? `/badges/${encodeURIComponent(badge)}` : ''}/applications`;
}

/**
 * The requests a poll makes (see poll/applicationChanges.ts for which and when). Processed
 * applications are asked for as `processed=any`: `true` makes BadgeKit fail.
 */
function applicationSource(this: IPollFunctions, path: string, timeout: number): ApplicationSource<IDataObject> {
	return {
		listOpen: async () => await badgeKitApiRequestAllItems.call(this, path, 'applications', { query: { processed: 'false' }, timeout }),
		page: async (page, count) => {
			const response = await badgeKitApiRequest.call(this, 'GET', path, { query: { processed: 'any', page, count }, timeout });
			const items = (response.applications as IDataObject[] | undefined) ?? [];
			const pageData = response.pageData as IDataObject | undefined;
			// Without pageData the server ignored page/count and sent the whole list.
			return { items: pageData ? items : items.slice((page - 1) * count, page * count), total: pageData ? Number(pageData.total) : items.length };
		},
		readOne: async (badgeSlug, slug) => {
			const one = `${scopePath.call(this)}/badges/${encodeURIComponent(badgeSlug)}/applications/${encodeURIComponent(slug)}`;
			try {
				const response = await badgeKitApiRequest.call(this, 'GET', one, { timeout });
				return { found: response.application as IDataObject };
			} catch (error) {
				// 404 "Could not find application …": deleted. 404 for the badge: renamed or deleted, unknown.
				if (isNotFound(error)) return /could not find application/i.test((error as Error).message) ? 'gone' : 'unknown';
				throw nodeErrorOf(this.getNode(), error);
			}
		},
	};
}

export class BadgeKitApplicationTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'BadgeKit Application Trigger',
		name: 'badgeKitApplicationTrigger',
		icon: { light: 'file:badgekit.svg', dark: 'file:badgekit.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{$parameter["events"].join(", ")}}',
		description:
			'Starts the workflow when an earner applies for a badge, a reviewer is assigned, a review deadline passes or an application is processed (BadgeKit sends no webhook for these)',
		defaults: { name: 'BadgeKit Application Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'badgeKitApi', required: true }],
		properties: [
			{
				displayName:
					'This trigger checks BadgeKit\'s applications on the schedule above. The first check after you activate the workflow only takes note of the applications that already exist, so old ones do not start it. "Fetch Test Event" shows the most recent open application (or, when none is open, the last one listed).',
				name: 'pollingNotice',
				type: 'notice',
				default: '',
			},
			{
				displayName: 'Events',
				name: 'events',
				type: 'multiOptions',
				required: true,
				default: ['newApplication'],
				description: 'What starts the workflow. Each event starts it once per application (for Review Overdue: once per deadline).',
				options: [
					{
						name: 'Application Assigned',
						value: 'applicationAssigned',
						description: 'A reviewer was assigned to an application ("Assigned To" was set or changed to someone else)',
					},
					{
						name: 'Application Processed',
						value: 'applicationProcessed',
						description: 'An application was marked as processed, e.g. after its review or after the badge was issued',
					},
					{
						name: 'New Application',
						value: 'newApplication',
						description: 'An earner applied for a badge',
					},
					{
						name: 'Review Overdue',
						value: 'reviewOverdue',
						description: 'The reviewer\'s deadline ("Assigned Expiration") passed and the application is still not processed',
					},
				],
			},
			systemField(),
			issuerField(),
			programField(),
			{
				...badgeField(undefined, false),
				description: 'Optional: only applications for this badge. Leave empty for every badge in the scope chosen above.',
			},
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add option',
				default: {},
				options: [
					timeoutOption(
						'Seconds to wait for each answer from BadgeKit. When BadgeKit does not answer in time the check fails, and the next one catches up.',
					),
				],
			},
		],
	};

	methods = {
		listSearch: { searchSystems, searchIssuers, searchPrograms, searchBadges },
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		const selected = new Set(this.getNodeParameter('events', []) as ApplicationEvent[]);
		if (selected.size === 0) {
			throw new NodeOperationError(this.getNode(), 'No event chosen', {
				description: 'Choose at least one event in "Events".',
			});
		}
		const options = this.getNodeParameter('options', {}) as IDataObject;
		const timeout = timeoutMsOf(this.getNode(), options.timeout);
		const path = applicationsPath.call(this);
		const manual = this.getMode() === 'manual';
		const now = Date.now();

		const source = applicationSource.call(this, path, timeout);
		try {
			if (manual) {
				// "Fetch Test Event": a sample to map fields from (the most recent open application, else
				// the last one listed); the trigger's memory is left alone.
				let latest = mostRecentApplication(
					await badgeKitApiRequestAllItems.call(this, path, 'applications', { query: { processed: 'false' }, limit: LIST_PAGE, timeout }),
				);
				if (!latest) {
					const first = await source.page(1, 1);
					latest = first.total > 1 ? (await source.page(first.total, 1)).items[0] : first.items[0];
				}
				if (!latest) {
					throw new NodeOperationError(this.getNode(), 'No applications found', {
						description: `There is no application at ${path} yet. Submit one in BadgeKit (or choose another system, issuer, program or badge), then fetch again.`,
					});
				}
				const event = APPLICATION_EVENTS.find((name) => selected.has(name)) ?? 'newApplication';
				return [this.helpers.returnJsonArray([applicationEventItem(event, latest)])];
			}

			const credentials = await getBadgeKitCredentials.call(this);
			const scope = `${baseUrlOf(this.getNode(), credentials)}${path}`;
			const staticData = this.getWorkflowStaticData('node');
			// A failure anywhere throws before the state is touched, so the next poll catches up.
			const { changes, state } = await pollApplicationChanges(staticData[STATE_KEY], source, { now, scope });
			// n8n saves static data when a poll returns items (and at activation), not after a poll that
			// returns null: the saved state is then older but consistent, and after a restart the next
			// poll finds the same changes again (test/e2e/application-trigger.suite.ts).
			staticData[STATE_KEY] = state as unknown as IDataObject;
			const items = changes.filter((change) => selected.has(change.event)).map((change) => applicationEventItem(change.event, change.application));
			return items.length ? [this.helpers.returnJsonArray(items)] : null;
		} catch (error) {
			if (error instanceof NodeApiError && !manual) {
				error.description = `${error.description ?? ''} No event is lost: the next check reports everything that happened meanwhile.`.trim();
			}
			throw nodeErrorOf(this.getNode(), error);
		}
	}
}
