import type { N8nClient } from './harness';

/**
 * Saves a credential in n8n, and returns a function that runs n8n's credential test on it
 * (POST /rest/credentials/test) with other data, as the editor does with what is typed in the modal.
 */
export async function credentialTester(
	client: N8nClient,
	type: string,
	saved: Record<string, unknown>,
): Promise<(data: Record<string, unknown>) => Promise<{ status: string; message: string }>> {
	const { id, name } = await client.createCredential({ name: `${type} (credential test)`, type, data: saved });
	return async (data) => {
		const res = await client.rest('POST', '/credentials/test', { credentials: { id, name, type, data } });
		expect(res.status).toBe(200);
		return res.json().data;
	};
}
