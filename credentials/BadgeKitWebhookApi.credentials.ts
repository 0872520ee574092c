import type { ICredentialType, INodeProperties, Icon } from 'n8n-workflow';

// eslint-disable-next-line @n8n/community-nodes/credential-test-required -- a webhook secret is only checked when BadgeKit calls n8n; there is nothing to call to test it
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
			description: "The secret column of your system's row in BadgeKit's webhooks table. BadgeKit signs every delivery with it.",
		},
	];
}
