import { createSignedToken, readSignedToken } from '../../shared/signing';

/**
 * Signed "Retry payment" links for failure emails. The token names the payment, the attempt
 * it retries and its expiry, signed with the credential's retry-link key. "Works once" is
 * enforced by the templates with the payment ledger: the token names an attempt, and once
 * that attempt has been retried the ledger's attempt has moved on, so the same link finds
 * nothing left to retry.
 */

export const RETRY_TOKEN_PURPOSE = 'retry-payment';
/** Query parameter that carries the token (`<retry webhook URL>?t=<token>`). */
export const RETRY_QUERY_PARAMETER = 't';
export const MAX_EXPIRY_HOURS = 24 * 31;

const PAYMENT_ID = /^[A-Za-z0-9._:-]{1,64}$/;

interface RetryTokenPayload {
	p: string;
	a: number;
	e: number;
}

export interface RetryLink {
	retryUrl: string;
	expiresAt: string;
	token: string;
	paymentId: string;
	attempt: number;
}

export type RetryLinkResult = { ok: true; link: RetryLink } | { ok: false; message: string };

export interface RetryTokenCheck {
	valid: boolean;
	reason?: 'malformed' | 'bad_signature' | 'expired';
	paymentId: string | null;
	attempt: number | null;
	expiresAt: string | null;
}

function isoFromSeconds(seconds: number): string {
	return new Date(seconds * 1000).toISOString();
}

export function createRetryLink(
	key: string,
	input: { baseUrl: string; paymentId: string; attempt: number; expiresInHours: number; nowSeconds: number },
): RetryLinkResult {
	let base: URL;
	try {
		base = new URL(input.baseUrl.trim());
	} catch {
		return { ok: false, message: `Retry Webhook URL is not a URL: "${input.baseUrl}"` };
	}
	if (base.protocol !== 'https:' && base.protocol !== 'http:') {
		return { ok: false, message: 'Retry Webhook URL must start with https:// or http://' };
	}
	if (!PAYMENT_ID.test(input.paymentId)) {
		return { ok: false, message: 'Payment ID must be 1 to 64 letters, digits or . _ : -' };
	}
	if (!Number.isInteger(input.attempt) || input.attempt < 1 || input.attempt > 999) {
		return { ok: false, message: 'Attempt must be a whole number from 1 to 999' };
	}
	if (!Number.isFinite(input.expiresInHours) || input.expiresInHours <= 0 || input.expiresInHours > MAX_EXPIRY_HOURS) {
		return { ok: false, message: `Expires In (Hours) must be more than 0 and at most ${MAX_EXPIRY_HOURS}` };
	}
	const expiry = input.nowSeconds + Math.round(input.expiresInHours * 3600);
	const payload: RetryTokenPayload = { p: input.paymentId, a: input.attempt, e: expiry };
	const token = createSignedToken(key, RETRY_TOKEN_PURPOSE, { ...payload });
	base.searchParams.set(RETRY_QUERY_PARAMETER, token);
	return {
		ok: true,
		link: {
			retryUrl: base.toString(),
			expiresAt: isoFromSeconds(expiry),
			token,
			paymentId: input.paymentId,
			attempt: input.attempt,
		},
	};
}

function isPayload(value: unknown): value is RetryTokenPayload {
	if (typeof value !== 'object' || value === null) return false;
	const payload = value as Record<string, unknown>;
	return (
		typeof payload.p === 'string' &&
		PAYMENT_ID.test(payload.p) &&
		typeof payload.a === 'number' &&
		Number.isInteger(payload.a) &&
		payload.a >= 1 &&
		typeof payload.e === 'number' &&
		Number.isInteger(payload.e)
	);
}

export function verifyRetryToken(key: string, token: unknown, nowSeconds: number): RetryTokenCheck {
	const empty = { paymentId: null, attempt: null, expiresAt: null };
	if (typeof token !== 'string' || token.trim() === '') return { valid: false, reason: 'malformed', ...empty };
	const read = readSignedToken<unknown>(key, RETRY_TOKEN_PURPOSE, token.trim());
	if (!read.ok) return { valid: false, reason: read.reason, ...empty };
	if (!isPayload(read.payload)) return { valid: false, reason: 'malformed', ...empty };
	const details = { paymentId: read.payload.p, attempt: read.payload.a, expiresAt: isoFromSeconds(read.payload.e) };
	if (nowSeconds >= read.payload.e) return { valid: false, reason: 'expired', ...details };
	return { valid: true, ...details };
}
