import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestOptions,
	INodeProperties,
	Icon,
} from 'n8n-workflow';

import { signBadgeKitRequest } from '../nodes/BadgeKit/transport/signing';

export class BadgeKitApi implements ICredentialType {
	name = 'badgeKitApi';

	displayName = 'BadgeKit API';

	icon: Icon = { light: 'file:../nodes/BadgeKit/badgekit.svg', dark: 'file:../nodes/BadgeKit/badgekit.dark.svg' };

	documentationUrl = 'https://github.com/n8n-nodes-badgekit/n8n-nodes-badgekit#credentials';

	properties: INodeProperties[] = [
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'https://badgekit-api.example.org',
			description: 'Where your BadgeKit API server answers, e.g. https://badgekit-api.example.org',
		},
		{
			displayName: 'Key',
			name: 'key',
			// Not a password field: the key names which secret signs ("master" or a consumer key); it is not itself secret.
			type: 'string',
			default: 'master',
			required: true,
			description: '"master" for the master secret, or a consumer key from BadgeKit\'s consumers table (a consumer key only works on its own system)',
		},
		{
			displayName: 'System Slug',
			name: 'system',
			type: 'string',
			default: '',
			// Not "required": n8n would then refuse master-key credentials created through its API, where the field is hidden.
			displayOptions: { hide: { key: ['master'] } },
			description: 'The system this consumer key belongs to (needed to test a consumer key, which only works on its own system)',
		},
		{
			displayName: 'Secret',
			name: 'secret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'The secret that belongs to the key (for "master", the MASTER_SECRET of your BadgeKit server)',
		},
	];

	// Every request gets a fresh JWT with its method, path, body hash and a short expiry.
	async authenticate(credentials: ICredentialDataDecryptedObject, requestOptions: IHttpRequestOptions): Promise<IHttpRequestOptions> {
		return await signBadgeKitRequest(credentials, requestOptions);
	}

	// A signed read: BadgeKit answers 403 on a wrong secret or key, so success proves both.
	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl.replace(/\\/+$/, "")}}',
			url: '={{$credentials.key === "master" ? "/systems" : "/systems/" + encodeURIComponent($credentials.system)}}',
			method: 'GET',
			timeout: 30000,
		},
	};
}
