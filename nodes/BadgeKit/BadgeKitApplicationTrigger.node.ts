import {
	NodeApiError,
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
	detectApplicationChanges,
	mostRecentApplication,
	type ApplicationEvent,
} from './shared/applicationChanges';
import { convenienceFields, isoFromBadgeKitTime } from './shared/eventItem';
import { badgeField, issuerField, locatorValue, programField, scopePath, systemField } from './shared/scope';
import { badgeKitApiRequestAllItems, baseUrlOf, DEFAULT_TIMEOUT_MS, getBadgeKitCredentials } from './transport';

/** Key of the trigger's memory in the workflow's static data (see shared/applicationChanges.ts). */
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

// eslint-disable-next-line @n8n/community-nodes/node-usable-as-tool -- a trigger starts workflows; it cannot be an AI agent's tool
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
		outputs: ['main'],
		credentials: [{ name: 'badgeKitApi', required: true }],
		properties: [
			{
				displayName:
					'This trigger checks BadgeKit\'s applications on the schedule above. The first check after you activate the workflow only takes note of the applications that already exist, so old ones do not start it. "Fetch Test Event" shows the most recent application.',
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
					{
						displayName: 'Timeout',
						name: 'timeout',
						type: 'number',
						typeOptions: { minValue: 1 },
						default: 30,
						description:
							'Seconds to wait for each answer from BadgeKit. When BadgeKit does not answer in time the check fails, and the next one catches up.',
					},
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
		const timeout = options.timeout ? Math.max(1, Number(options.timeout)) * 1000 : DEFAULT_TIMEOUT_MS;
		const path = applicationsPath.call(this);
		const manual = this.getMode() === 'manual';
		const now = Date.now();

		// Every page, processed applications included (`processed=any`; `true` makes BadgeKit fail):
		// a failure anywhere throws before the state below is touched, so the next poll catches up.
		let applications: IDataObject[];
		try {
			applications = await badgeKitApiRequestAllItems.call(this, path, 'applications', { processed: 'any' }, undefined, { timeout });
		} catch (error) {
			if (error instanceof NodeApiError && !manual) {
				error.description = `${error.description ?? ''} No event is lost: the next check reports everything that happened meanwhile.`.trim();
			}
			throw error;
		}

		if (manual) {
			// "Fetch Test Event": a sample to map fields from; the trigger's memory is left alone.
			const latest = mostRecentApplication(applications);
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
		const { changes, state } = detectApplicationChanges(staticData[STATE_KEY], applications, { now, scope });
		staticData[STATE_KEY] = state as unknown as IDataObject;

		const items = changes
			.filter((change) => selected.has(change.event))
			.map((change) => applicationEventItem(change.event, change.application));
		return items.length ? [this.helpers.returnJsonArray(items)] : null;
	}
}
