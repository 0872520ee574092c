import {
	NodeConnectionTypes,
	type ICredentialsDecrypted,
	type ICredentialTestFunctions,
	type IHookFunctions,
	type INodeCredentialTestResult,
	type INodeType,
	type INodeTypeDescription,
	type IWebhookFunctions,
	type IWebhookResponseData,
} from 'n8n-workflow';

import { WEBHOOK_EVENTS } from './fields/triggerItem';
import { REGISTRATION_NOTICE, REGISTRATION_SQL } from './webhook/registration';
import { logRegistration, receiveDelivery, testWebhookSecret } from './webhook/receive';

export class BadgeKitTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'BadgeKit Trigger',
		name: 'badgeKitTrigger',
		icon: { light: 'file:badgekit.svg', dark: 'file:badgekit.dark.svg' },
		group: ['trigger'],
		// 1.1 changes nothing in the node: n8n evaluates a leftover v1 webhook expression
		// ({{$parameter["options"]["binaryData"]}}) on every call to a version-1 webhook node, which with
		// lazily acquired isolates costs one isolate per delivery (see BENCHMARKS.md, part 2).
		// 1.2 adds the opt-in Refused output; saved workflows keep their version, and so one output.
		version: [1, 1.1, 1.2],
		defaultVersion: 1.2,
		subtitle: '={{$parameter["events"].join(", ")}}',
		description: 'Starts the workflow when BadgeKit reviews an application, awards a badge or revokes one',
		defaults: { name: 'BadgeKit Trigger' },
		inputs: [],
		// Two outputs only with the Refused output switched on (a parameter of version 1.2 only).
		outputs: `={{ $parameter["refusedOutput"] ? [{ type: "${NodeConnectionTypes.Main}", displayName: "Delivery" }, { type: "${NodeConnectionTypes.Main}", displayName: "Refused" }] : ["${NodeConnectionTypes.Main}"] }}`,
		credentials: [{ name: 'badgeKitWebhookApi', required: true, testedBy: 'badgeKitWebhookSecret' }],
		webhooks: [
			{
				name: 'default',
				httpMethod: 'POST',
				// Answered with an empty 200 once the execution has started: BadgeKit treats anything else
				// as a failure and never retries.
				responseMode: 'onReceived',
				responseData: 'noData',
				path: 'webhook',
			},
		],
		properties: [
			// Plain text only: n8n 2.x's editor drops tags such as <br> and <code> from a notice (1.x keeps
			// them), and evaluates no expression in it (so it cannot show the URL itself): the SQL gets a
			// notice of its own.
			{
				displayName: REGISTRATION_NOTICE,
				name: 'registrationNotice',
				type: 'notice',
				default: '',
			},
			{
				displayName: REGISTRATION_SQL,
				name: 'registrationSql',
				type: 'notice',
				default: '',
			},
			{
				displayName: 'Events',
				name: 'events',
				type: 'multiOptions',
				required: true,
				default: [...WEBHOOK_EVENTS],
				description: 'The BadgeKit events that start this workflow; others are acknowledged and ignored',
				options: [
					{ name: 'Award', value: 'award', description: 'A badge was issued to an earner' },
					{ name: 'Review', value: 'review', description: 'A reviewer submitted a review of an application' },
					{ name: 'Revoke', value: 'revoke', description: 'A badge was taken back from an earner' },
				],
			},
			{
				displayName: 'Only Approved Reviews',
				name: 'onlyApproved',
				type: 'boolean',
				default: false,
				displayOptions: { show: { events: ['review'] } },
				description: 'Whether to start only for reviews that satisfy every required criterion (BadgeKit\'s "approved")',
			},
			{
				displayName: 'Refused Output',
				name: 'refusedOutput',
				type: 'boolean',
				default: false,
				displayOptions: { show: { '@version': [{ _cnd: { gte: 1.2 } }] } },
				description:
					'Whether to add a second output that runs when a delivery is refused (wrong secret, tampered, replayed). BadgeKit still gets its 401/403. At most one run a minute: its item counts the refusals since the last one reported.',
			},
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add option',
				default: {},
				options: [
					{
						displayName: 'Clock Tolerance (Seconds)',
						name: 'clockToleranceSeconds',
						type: 'number',
						typeOptions: { minValue: 0 },
						default: 30,
						description: "Clock difference allowed when a token carries an expiry (BadgeKit's own tokens carry none)",
					},
					{
						displayName: 'Replay Window (Hours)',
						name: 'replayWindowHours',
						type: 'number',
						typeOptions: { minValue: 0 },
						default: 24,
						description:
							"For how long a delivery identical to one already accepted is refused. BadgeKit's tokens never expire, so a copied delivery could otherwise start the workflow again. 0 turns this off.",
					},
				],
			},
		],
	};

	methods = {
		credentialTest: {
			async badgeKitWebhookSecret(this: ICredentialTestFunctions, credential: ICredentialsDecrypted): Promise<INodeCredentialTestResult> {
				return await testWebhookSecret(credential);
			},
		},
	};

	// BadgeKit has no API for webhooks: a system's webhook is a row in its database, written by hand
	// with the SQL this node shows. So n8n's lifecycle has nothing to look up or remove on BadgeKit's
	// side; create() logs the registration SQL with the Production URL filled in.
	webhookMethods = {
		default: {
			// n8n cannot see BadgeKit's table: answering "not there" makes n8n call create() at activation.
			async checkExists(this: IHookFunctions): Promise<boolean> {
				return false;
			},
			async create(this: IHookFunctions): Promise<boolean> {
				return await logRegistration.call(this);
			},
			// The row stays in BadgeKit: its deliveries then get n8n's 404, which BadgeKit only logs.
			async delete(this: IHookFunctions): Promise<boolean> {
				return true;
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await receiveDelivery.call(this);
	}
}
