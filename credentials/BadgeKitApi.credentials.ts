import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestOptions,
	INodeProperties,
	Icon,
} from 'n8n-workflow';

import { consumerSystemOf, isConsumerKey, isSystemsRoot, MISSING_SYSTEM_SLUG } from '../nodes/BadgeKit/transport/consumerKey';
import { normaliseBaseUrl, signBadgeKitRequest, signedPathOf } from '../nodes/BadgeKit/transport/signing';

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
			placeholder: 'e.g. my-system',
			// Needed for a consumer key, yet not "required": n8n would then refuse master-key credentials
			// created through its API, where the field is hidden. The test and the System list ask for it.
			displayOptions: { hide: { key: ['master'] } },
			description:
				'Needed with a consumer key: the slug of the system the key belongs to. A consumer key only works on its own system, so the System list shows just this one.',
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
		// A consumer key without its System Slug can only reach `/systems`, which BadgeKit refuses with a
		// bare 403 "Invalid token for system": say what is missing instead (the test below reads `/systems/`).
		if (isConsumerKey(credentials) && !consumerSystemOf(credentials)) {
			const path = signedPathOf(requestOptions.url, normaliseBaseUrl(requestOptions.baseURL ?? credentials.baseUrl));
			if (isSystemsRoot(path)) throw new Error(`${MISSING_SYSTEM_SLUG.message}. ${MISSING_SYSTEM_SLUG.description}`);
		}
		return await signBadgeKitRequest(credentials, requestOptions);
	}

	// A signed read: BadgeKit answers 403 on a wrong secret or key, so success proves both. A consumer
	// key reads its own system (`/systems/` when System Slug is empty, refused above with a clear message).
	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl.replace(/\\/+$/, "")}}',
			url: '={{$credentials.key === "master" ? "/systems" : "/systems/" + encodeURIComponent(String($credentials.system || "").trim())}}',
			method: 'GET',
			timeout: 30000,
		},
	};
}
