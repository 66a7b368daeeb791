import { createHash } from 'crypto';

/**
 * Deterministic `thirdPartyPaymentReference` for Lightspeed's pay call (max 50 chars).
 *
 *   QD-<paymentId>-<attempt>         when the payment id is 1-40 chars of [A-Za-z0-9_]
 *   QDH-<sha256(paymentId)[0..32]>-<attempt>   otherwise
 *
 * The same payment id and attempt always give the same reference, so Lightspeed's own
 * "reference has already been used" check is the last guard against a double application.
 * The two prefixes cannot collide with each other.
 */
export const MAX_REFERENCE_LENGTH = 50;
const PLAIN_ID = /^[A-Za-z0-9_]{1,40}$/;

export function buildPaymentReference(paymentId: string, attempt: number): string {
	if (typeof paymentId !== 'string' || paymentId.length === 0) throw new Error('paymentId is required');
	if (!Number.isSafeInteger(attempt) || attempt < 1 || attempt > 999) {
		throw new Error('attempt must be a whole number from 1 to 999');
	}
	const reference = PLAIN_ID.test(paymentId)
		? `QD-${paymentId}-${attempt}`
		: `QDH-${createHash('sha256').update(paymentId, 'utf8').digest('hex').slice(0, 32)}-${attempt}`;
	return reference;
}

/** Every reference this payment may have been sent under, attempts 1..upTo. */
export function paymentReferences(paymentId: string, upTo: number): string[] {
	const references: string[] = [];
	for (let attempt = 1; attempt <= upTo; attempt++) references.push(buildPaymentReference(paymentId, attempt));
	return references;
}

export function attemptOfReference(reference: string): number | undefined {
	const match = /^QDH?-.+-(\d{1,3})$/.exec(reference);
	return match ? Number(match[1]) : undefined;
}

/**
 * `thirdPartyReference` for Lightspeed orders (max 48 chars): the order id itself when it is
 * 1-48 chars of [A-Za-z0-9_.:-], else `QOH-<sha256(orderId)[0..32]>`.
 */
export const MAX_ORDER_REFERENCE_LENGTH = 48;
const PLAIN_ORDER_ID = /^[A-Za-z0-9_.:-]{1,48}$/;

export function buildOrderReference(orderId: string): string {
	if (typeof orderId !== 'string' || orderId.length === 0) throw new Error('orderId is required');
	return PLAIN_ORDER_ID.test(orderId)
		? orderId
		: `QOH-${createHash('sha256').update(orderId, 'utf8').digest('hex').slice(0, 32)}`;
}
