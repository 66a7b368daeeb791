import { randomBytes } from 'crypto';

import { safeEqual } from '../../shared/signing';

/**
 * HTTP Basic auth is the only authentication Lightspeed offers for its notifications (API
 * reference §7.4). The expected value is compared in constant time as one string.
 */

export const ORDER_AND_PAY_USERNAME = 'lightspeed';

export function generateWebhookSecret(): string {
	return randomBytes(32).toString('hex');
}

export function basicAuthMatches(
	authorizationHeader: string | string[] | undefined,
	username: string,
	password: string,
): boolean {
	const header = Array.isArray(authorizationHeader) ? authorizationHeader[0] : authorizationHeader;
	// No password configured means nothing can match: never accept an empty secret.
	if (!password) return false;
	const expected = `Basic ${Buffer.from(`${username}:${password}`, 'utf8').toString('base64')}`;
	const given = typeof header === 'string' ? header.trim().replace(/^basic\s+/i, 'Basic ') : '';
	return safeEqual(expected, given);
}
