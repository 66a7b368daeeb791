import { createHmac, timingSafeEqual } from 'crypto';

/**
 * HMAC-SHA256 helpers shared by the Qodeup request check (inbound requests), the Qodeup
 * credential (outbound callbacks) and tests. Only `crypto` is used.
 */

export const QODEUP_SIGNATURE_HEADER = 'x-qodeup-signature';
export const QODEUP_TIMESTAMP_HEADER = 'x-qodeup-timestamp';
export const SIGNATURE_VERSION = 'v1';
export const DEFAULT_TOLERANCE_SECONDS = 300;

export function hmacHex(secret: string, message: string | Buffer): string {
	return createHmac('sha256', secret).update(message).digest('hex');
}

/**
 * The string a Qodeup request signature covers:
 * `<timestamp>.<METHOD>.<path>.<raw body>` where `path` is the route below the n8n webhook
 * base, e.g. `qodeup/demo-bistro/tables/12` (no leading slash, no query string).
 */
export function qodeupSigningPayload(
	timestamp: string,
	method: string,
	path: string,
	rawBody: Buffer | string,
): Buffer {
	const head = Buffer.from(`${timestamp}.${method.toUpperCase()}.${path.replace(/^\/+/, '')}.`, 'utf8');
	const body = Buffer.isBuffer(rawBody) ? rawBody : Buffer.from(rawBody, 'utf8');
	return Buffer.concat([head, body]);
}

export function signQodeupRequest(
	secret: string,
	timestamp: string,
	method: string,
	path: string,
	rawBody: Buffer | string,
): string {
	return `${SIGNATURE_VERSION}=${hmacHex(secret, qodeupSigningPayload(timestamp, method, path, rawBody))}`;
}

/** Constant-time comparison of two strings; unequal lengths are compared against themselves. */
export function safeEqual(expected: string, actual: string): boolean {
	const a = Buffer.from(expected, 'utf8');
	const b = Buffer.from(actual, 'utf8');
	if (a.length !== b.length) {
		timingSafeEqual(a, a);
		return false;
	}
	return timingSafeEqual(a, b);
}

export type SignatureCheck =
	| { ok: true }
	| { ok: false; reason: 'missing_signature' | 'missing_timestamp' | 'bad_timestamp' | 'expired' | 'future' | 'bad_signature' };

export function verifyQodeupSignature(args: {
	secret: string;
	method: string;
	path: string;
	rawBody: Buffer | string;
	timestampHeader: string | undefined;
	signatureHeader: string | undefined;
	nowSeconds: number;
	toleranceSeconds?: number;
}): SignatureCheck {
	const tolerance = args.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS;
	if (!args.signatureHeader) return { ok: false, reason: 'missing_signature' };
	if (!args.timestampHeader) return { ok: false, reason: 'missing_timestamp' };
	if (!/^\d{1,12}$/.test(args.timestampHeader)) return { ok: false, reason: 'bad_timestamp' };
	const timestamp = Number(args.timestampHeader);
	if (args.nowSeconds - timestamp > tolerance) return { ok: false, reason: 'expired' };
	if (timestamp - args.nowSeconds > tolerance) return { ok: false, reason: 'future' };
	const expected = signQodeupRequest(args.secret, args.timestampHeader, args.method, args.path, args.rawBody);
	return safeEqual(expected, args.signatureHeader.trim()) ? { ok: true } : { ok: false, reason: 'bad_signature' };
}
