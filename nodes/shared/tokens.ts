import { randomBytes } from 'crypto';

/**
 * The token in a retry link: 128 random bits, stored in the ledger row it belongs to. Nothing
 * can be derived from it and a changed one matches no row; "works once" and the expiry are
 * columns of that row, checked by the conditional update that claims the retry.
 */
export function newRetryToken(): string {
	return randomBytes(16).toString('base64url');
}

export const RETRY_TOKEN_PATTERN = /^[A-Za-z0-9_-]{22}$/;
