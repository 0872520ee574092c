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
import { APPLICATION_EVENTS, LIST_PAGE, mostRecentApplication, pollApplicationChanges, type ApplicationEvent } from './poll/applicationChanges';
import { AWARD_EVENTS, latestAward, pollAwardChanges, type AwardEvent } from './poll/awardChanges';
import { applicationEventItem, awardEventItem } from './poll/items';
import { applicationSource, awardSource } from './poll/sources';
import { OPEN_APPLICATIONS, applicationsPath } from './fields/applications';
import { badgeField, issuerField, programField, scopePath, systemField } from './fields/scope';
import { badgeKitApiRequestAllItems, baseUrlOf, getBadgeKitCredentials, nodeErrorOf, timeoutMsOf, timeoutOption } from './transport';

/** Keys of the trigger's memories in the workflow's static data (see poll/). */
const STATE_KEY = 'applicationState';
const AWARD_STATE_KEY = 'awardState';

export class BadgeKitApplicationTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'BadgeKit Awards & Applications Trigger',
		name: 'badgeKitApplicationTrigger',
		icon: { light: 'file:badgekit.svg', dark: 'file:badgekit.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{$parameter["events"].join(", ")}}',
		description:
			'Checks BadgeKit on a schedule: starts the workflow for every badge awarded (or revoked), even while n8n was down, and when an earner applies, a reviewer is assigned, a review deadline passes or an application is processed',
		defaults: { name: 'BadgeKit Awards & Applications Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'badgeKitApi', required: true }],
		properties: [
			{
				displayName:
					'This trigger checks BadgeKit on the schedule above. The first check after you activate the workflow only takes note of what already exists, so old awards and applications do not start it; after that every change is reported once, also those made while n8n was stopped. "Fetch Test Event" shows the most recent award or open application.',
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
				description: 'What starts the workflow. Each event starts it once per award or application (for Review Overdue: once per deadline).',
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
						name: 'Badge Awarded',
						value: 'award',
						description:
							"A badge was issued to an earner. The item has the same fields as the BadgeKit Trigger's award item (without the issuer's comment, which BadgeKit does not keep).",
					},
					{
						name: 'Badge Revoked',
						value: 'revoke',
						description:
							'A badge was taken back from an earner. To tell, the trigger remembers the ID and earner email of every award of the watched badges.',
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
				description:
					'Optional: only awards and applications of this badge. Leave empty for every badge in the scope chosen above, archived ones included.',
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
		const selected = new Set(this.getNodeParameter('events', []) as Array<ApplicationEvent | AwardEvent>);
		if (selected.size === 0) {
			throw new NodeOperationError(this.getNode(), 'No event chosen', {
				description: 'Choose at least one event in "Events".',
			});
		}
		const watchApplications = APPLICATION_EVENTS.some((event) => selected.has(event));
		const watchAwards = AWARD_EVENTS.some((event) => selected.has(event));
		const options = this.getNodeParameter('options', {}) as IDataObject;
		const timeout = timeoutMsOf(this.getNode(), options.timeout);
		const path = applicationsPath.call(this);
		const manual = this.getMode() === 'manual';
		const now = Date.now();

		const applications = applicationSource.call(this, path, timeout);
		const awards = awardSource.call(this, timeout);
		try {
			if (manual) {
				// "Fetch Test Event": a sample to map fields from; the trigger's memory is left alone.
				if (!watchApplications) {
					const award = await latestAward(awards);
					if (!award) {
						throw new NodeOperationError(this.getNode(), 'No awards found', {
							description: `No badge at ${scopePath.call(this)} has been awarded yet. Award one in BadgeKit (or choose another system, issuer, program or badge), then fetch again.`,
						});
					}
					return [this.helpers.returnJsonArray([awardEventItem(award)])];
				}
				// The most recent open application, else the last one listed.
				let latest = mostRecentApplication(
					await badgeKitApiRequestAllItems.call(this, path, 'applications', { query: OPEN_APPLICATIONS, limit: LIST_PAGE, timeout }),
				);
				if (!latest) {
					const first = await applications.page(1, 1);
					latest = first.total > 1 ? (await applications.page(first.total, 1)).items[0] : first.items[0];
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
			const server = baseUrlOf(this.getNode(), credentials);
			const staticData = this.getWorkflowStaticData('node');
			const items: IDataObject[] = [];
			// A failure anywhere throws before the state is touched, so the next poll catches up.
			const applicationResult = watchApplications
				? await pollApplicationChanges(staticData[STATE_KEY], applications, { now, scope: `${server}${path}` })
				: undefined;
			const awardResult = watchAwards
				? await pollAwardChanges(staticData[AWARD_STATE_KEY], awards, { scope: `${server}${scopePath.call(this)}`, revokes: selected.has('revoke') })
				: undefined;
			// n8n saves static data when a poll returns items (and at activation), not after a poll that
			// returns null: the saved state is then older but consistent, and after a restart the next
			// poll finds the same changes again (test/e2e/application-trigger.suite.ts).
			if (applicationResult) {
				staticData[STATE_KEY] = applicationResult.state as unknown as IDataObject;
				for (const change of applicationResult.changes) {
					if (selected.has(change.event)) items.push(applicationEventItem(change.event, change.application));
				}
			}
			if (awardResult) {
				staticData[AWARD_STATE_KEY] = awardResult.state as unknown as IDataObject;
				for (const change of awardResult.changes) if (selected.has(change.event)) items.push(awardEventItem(change));
			} else {
				// Awards chosen again later start over with a silent first check, not with a backlog.
				delete staticData[AWARD_STATE_KEY];
			}
			return items.length ? [this.helpers.returnJsonArray(items)] : null;
		} catch (error) {
			if (error instanceof NodeApiError && !manual) {
				error.description = `${error.description ?? ''} No event is lost: the next check reports everything that happened meanwhile.`.trim();
			}
			throw nodeErrorOf(this.getNode(), error);
		}
	}
}
