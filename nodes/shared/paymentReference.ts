import { createHash } from 'crypto';

/**
 * Deterministic `thirdPartyPaymentReference` for Lightspeed's pay call (max 50 chars). A
 * restaurant's payments carry its tag (8 hex of its integration id), so two restaurants using the
 * same payment id never meet at Lightspeed, which refuses a reference it has seen:
 *
 *   Q<tag>-<paymentId>-<attempt>               the payment id is 1-36 chars of [A-Za-z0-9_]
 *   QH<tag>-<hash of the payment id>-<attempt>  otherwise
 *
 * Without a restaurant (the node used on its own) the older forms, also recognised on a check:
 *   QD-<paymentId>-<attempt> (ids of 1-40 such chars) and QDH-<hash>-<attempt>.
 * The same restaurant, payment id and attempt always give the same reference, so Lightspeed's
 * "reference has already been used" is the last guard against a double booking. No two of the
 * four forms can be equal (what follows the Q differs in its first three characters).
 */
export const MAX_REFERENCE_LENGTH = 50;
const PLAIN_ID = /^[A-Za-z0-9_]{1,40}$/;
const PLAIN_SCOPED_ID = /^[A-Za-z0-9_]{1,36}$/;

/** The characters a Qodeup payment or order id may have (validated on the way in). */
export const QODEUP_ID_PATTERN = /^[A-Za-z0-9._:-]+$/;

/** 32 hex characters standing for an id that cannot be used in a reference as it is. */
export function hashedId(id: string): string {
	return createHash('sha256').update(id, 'utf8').digest('hex').slice(0, 32);
}

/** A restaurant's 8-hex tag in its references. */
export function referenceTag(integrationId: string): string {
	return hashedId(integrationId).slice(0, 8);
}

export function buildPaymentReference(paymentId: string, attempt: number, integrationId?: string): string {
	if (typeof paymentId !== 'string' || paymentId.length === 0) throw new Error('paymentId is required');
	if (!Number.isSafeInteger(attempt) || attempt < 1 || attempt > 999) {
		throw new Error('attempt must be a whole number from 1 to 999');
	}
	if (integrationId) {
		const tag = referenceTag(integrationId);
		return PLAIN_SCOPED_ID.test(paymentId) ? `Q${tag}-${paymentId}-${attempt}` : `QH${tag}-${hashedId(paymentId).slice(0, 24)}-${attempt}`;
	}
	return PLAIN_ID.test(paymentId) ? `QD-${paymentId}-${attempt}` : `QDH-${hashedId(paymentId)}-${attempt}`;
}

/**
 * Every reference this payment may have been sent under, attempts 1..upTo (a restaurant's own,
 * then the form without a restaurant, which a check may still show from before).
 */
export function paymentReferences(paymentId: string, upTo: number, integrationId?: string): string[] {
	const references: string[] = [];
	for (let attempt = 1; attempt <= upTo; attempt++) references.push(buildPaymentReference(paymentId, attempt, integrationId));
	if (integrationId) for (let attempt = 1; attempt <= upTo; attempt++) references.push(buildPaymentReference(paymentId, attempt));
	return references;
}
