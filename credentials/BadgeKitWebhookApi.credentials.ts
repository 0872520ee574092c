import type { ICredentialType, INodeProperties, Icon } from 'n8n-workflow';

// Tested by the BadgeKit Trigger (testedBy): BadgeKit has no API that reads or uses a webhook secret.
export class BadgeKitWebhookApi implements ICredentialType {
	name = 'badgeKitWebhookApi';

	displayName = 'BadgeKit Webhook API';

	icon: Icon = { light: 'file:../nodes/BadgeKit/badgekit.svg', dark: 'file:../nodes/BadgeKit/badgekit.dark.svg' };

	documentationUrl = 'https://github.com/n8n-nodes-badgekit/n8n-nodes-badgekit#register-the-webhook-in-badgekit';

	properties: INodeProperties[] = [
		{
			displayName: 'Webhook Secret',
			name: 'secret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				"The secret column of your system's row in BadgeKit's webhooks table: BadgeKit signs every delivery with it. For a new row, make a long random one, e.g. with openssl rand -hex 32.",
		},
	];
}
