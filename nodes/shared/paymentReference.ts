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

/** The characters a Qodeup payment or order id may have (validated on the way in). */
export const QODEUP_ID_PATTERN = /^[A-Za-z0-9._:-]+$/;

/** 32 hex characters standing for an id that cannot be used in a reference as it is. */
export function hashedId(id: string): string {
	return createHash('sha256').update(id, 'utf8').digest('hex').slice(0, 32);
}

export function buildPaymentReference(paymentId: string, attempt: number): string {
	if (typeof paymentId !== 'string' || paymentId.length === 0) throw new Error('paymentId is required');
	if (!Number.isSafeInteger(attempt) || attempt < 1 || attempt > 999) {
		throw new Error('attempt must be a whole number from 1 to 999');
	}
	const reference = PLAIN_ID.test(paymentId)
		? `QD-${paymentId}-${attempt}`
		: `QDH-${hashedId(paymentId)}-${attempt}`;
	return reference;
}

/** Every reference this payment may have been sent under, attempts 1..upTo. */
export function paymentReferences(paymentId: string, upTo: number): string[] {
	const references: string[] = [];
	for (let attempt = 1; attempt <= upTo; attempt++) references.push(buildPaymentReference(paymentId, attempt));
	return references;
}
