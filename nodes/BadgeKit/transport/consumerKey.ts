import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

/**
 * A consumer key (any key but "master") only works on paths that carry its own system's slug: BadgeKit
 * answers `403 Invalid token for system` to anything else, `GET /systems` included. So with such a
 * key the credential's System Slug is what lists the systems and what the credential test reads.
 */

export function isConsumerKey(credentials: ICredentialDataDecryptedObject): boolean {
	const key = String(credentials.key ?? '').trim();
	return key !== '' && key !== 'master';
}

/** The credential's System Slug, trimmed ('' when not given). */
export function consumerSystemOf(credentials: ICredentialDataDecryptedObject): string {
	return String(credentials.system ?? '').trim();
}

/** What is said when a consumer key comes without its System Slug (the credential test, the System list). */
export const MISSING_SYSTEM_SLUG = {
	message: 'Enter the System Slug: a consumer key only works on its own system',
	description:
		'Open the BadgeKit API credential and enter in "System Slug" the slug of the system this consumer key belongs to (or use the key "master").',
};

/** Whether a signed path reaches no system at all (`/systems`, `/systems/`, with or without a query). */
export function isSystemsRoot(path: string): boolean {
	return /^\/systems\/?(\?|$)/.test(path);
}
