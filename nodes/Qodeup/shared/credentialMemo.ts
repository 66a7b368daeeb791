import type { QodeupCredentialData } from './secrets';

/**
 * The Qodeup credential, remembered per credential id for a short while.
 *
 * A trigger's webhook() runs before any execution exists, and there n8n 2.41 builds and throws
 * away an expression isolate on every getCredentials() call — the single largest cost of a
 * Qodeup request. The trigger therefore reads the credential at most once per TTL. A request
 * whose signature fails against the remembered secret is checked again after a fresh read, so
 * a new secret works at once; a replaced one stops being accepted within the TTL.
 */

export const CREDENTIAL_MEMO_TTL_MS = 60_000;
// one entry per Qodeup credential (a restaurant), at most 2000 (oldest out), each for the TTL
const MAX_ENTRIES = 2000;

interface Entry {
	credential: QodeupCredentialData;
	readAt: number;
}

const entries = new Map<string, Entry>();

export function rememberedCredential(credentialId: string | undefined, now = Date.now()): QodeupCredentialData | undefined {
	if (!credentialId) return undefined;
	const entry = entries.get(credentialId);
	if (!entry) return undefined;
	if (now - entry.readAt >= CREDENTIAL_MEMO_TTL_MS) {
		entries.delete(credentialId);
		return undefined;
	}
	return entry.credential;
}

export function rememberCredential(credentialId: string | undefined, credential: QodeupCredentialData, now = Date.now()): void {
	if (!credentialId) return;
	entries.delete(credentialId); // re-inserted last: the map's order is the eviction order
	entries.set(credentialId, { credential, readAt: now });
	if (entries.size > MAX_ENTRIES) entries.delete(entries.keys().next().value as string);
}

export function forgetCredential(credentialId: string | undefined): void {
	if (credentialId) entries.delete(credentialId);
}

/** For tests. */
export function forgetAllCredentials(): void {
	entries.clear();
}
