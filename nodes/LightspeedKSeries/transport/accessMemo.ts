import type { IDataObject } from 'n8n-workflow';

/**
 * The Lightspeed access token and base URL, remembered per credential id for a short while,
 * for requests made from a trigger's webhook() only.
 *
 * There no execution exists yet, and n8n 2.41 builds and throws away an expression isolate on
 * every credential read — its OAuth2 helper reads the credential again on each call — which
 * makes a lookup answered in webhook() dearer than a whole execution. With the token kept, a
 * request is one plain HTTP call. A 401 forgets it and the call goes through n8n's OAuth2
 * helper (refresh, rotation, saving the new token) as every other call does.
 */

export const ACCESS_MEMO_TTL_MS = 60_000;
// one entry per Lightspeed credential (a restaurant), at most 2000 (oldest out), each for the TTL
const MAX_ENTRIES = 2000;

export interface RememberedAccess {
	baseUrl: string;
	accessToken: string;
}

const entries = new Map<string, RememberedAccess & { readAt: number }>();

export function rememberedAccess(credentialId: string | undefined, now = Date.now()): RememberedAccess | undefined {
	if (!credentialId) return undefined;
	const entry = entries.get(credentialId);
	if (!entry) return undefined;
	if (now - entry.readAt >= ACCESS_MEMO_TTL_MS) {
		entries.delete(credentialId);
		return undefined;
	}
	return { baseUrl: entry.baseUrl, accessToken: entry.accessToken };
}

/** Keeps the token of credential data just read (nothing when it holds none). */
export function rememberAccess(credentialId: string | undefined, baseUrl: string, credentials: IDataObject, now = Date.now()): void {
	const tokenData = credentials.oauthTokenData as IDataObject | undefined;
	const accessToken = typeof tokenData?.access_token === 'string' ? tokenData.access_token : '';
	if (!credentialId || !accessToken) return;
	entries.delete(credentialId); // re-inserted last: the map's order is the eviction order
	entries.set(credentialId, { baseUrl, accessToken, readAt: now });
	if (entries.size > MAX_ENTRIES) entries.delete(entries.keys().next().value as string);
}

export function forgetAccess(credentialId: string | undefined): void {
	if (credentialId) entries.delete(credentialId);
}

/** For tests. */
export function forgetAllAccess(): void {
	entries.clear();
}
