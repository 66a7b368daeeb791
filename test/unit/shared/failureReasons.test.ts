/**
 * nodes/shared/failureReasons.ts, the one list of failure causes: every code explained, the
 * rules it carries (who is told, can a retry help, which status Qodeup gets), and the mapping
 * of Lightspeed's payment and order failure words to codes.
 */
import { readFileSync } from 'fs';
import path from 'path';

import {
	codeFromLightspeedWords,
	explainFailure,
	explainOrderFailure,
	failureCodeFromWebhook,
	isFailureCode,
	isGuestRefusal,
	orderFailureCodeFromReason,
} from '../../../nodes/shared/failureReasons';
import type { FailureCode } from '../../../nodes/shared/failureReasons';

const source = readFileSync(path.resolve(__dirname, '..', '..', '..', 'nodes', 'shared', 'failureReasons.ts'), 'utf8');
const CODES = [...(/export type FailureCode =([\s\S]*?);/.exec(source)?.[1] ?? '').matchAll(/'([A-Z_]+)'/g)].map((match) => match[1]) as FailureCode[];

describe('every failure code', () => {
	it('the type lists the codes (at least the ones every part of the package names)', () => {
		expect(CODES.length).toBeGreaterThanOrEqual(30);
		for (const code of ['POS_TIMEOUT', 'LIGHTSPEED_DISCONNECTED', 'LEDGER_FULL', 'LEDGER_UNAVAILABLE', 'SKU_NOT_FOUND', 'ORDER_REFUSED', 'UNKNOWN']) {
			expect(CODES).toContain(code);
		}
	});

	it.each(CODES)('%s has a title, a why and a fix in words, an audience and a retry rule', (code) => {
		expect(isFailureCode(code)).toBe(true);
		const explanation = explainFailure(code);
		expect(explanation.code).toBe(code);
		for (const words of [explanation.title, explanation.why, explanation.fix]) {
			expect(typeof words).toBe('string');
			expect(words.trim().length).toBeGreaterThan(10);
			expect(words).not.toMatch(/undefined|TODO|\$\{/);
		}
		expect(explanation.title).not.toMatch(/\.$/); // a title is one line, no sentence end
		expect(['guest', 'merchant', 'connection', 'transient', 'caller']).toContain(explanation.audience);
		expect(typeof explanation.retryable).toBe('boolean');
		if (explanation.answerStatus !== undefined) expect([404, 409, 503]).toContain(explanation.answerStatus);
	});

	it('a guest refusal is answered at once with its status, never emailed, never retried', () => {
		const guests = CODES.filter((code) => explainFailure(code).audience === 'guest');
		expect(guests.sort()).toEqual(['ACCOUNT_ALREADY_CLOSED', 'ACCOUNT_NOT_FOUND', 'AMOUNT_EXCEEDS_REMAINING', 'MULTIPLE_OPEN_CHECKS']);
		for (const code of guests) {
			expect(isGuestRefusal(code)).toBe(true);
			expect(explainFailure(code)).toMatchObject({ retryable: false, answerStatus: expect.any(Number) });
		}
		expect(isGuestRefusal('POS_TIMEOUT')).toBe(false);
		expect(isGuestRefusal('NOPE')).toBe(false);
		expect(isGuestRefusal(undefined)).toBe(false);
	});

	it('a lost connection is 503 and retryable once reconnected, with the Connect fix', () => {
		for (const code of CODES.filter((entry) => explainFailure(entry).audience === 'connection')) {
			expect(explainFailure(code)).toMatchObject({ answerStatus: 503, retryable: true, fix: expect.stringContaining('press Connect') });
		}
		expect(explainFailure('LIGHTSPEED_DISCONNECTED').audience).toBe('connection');
	});

	it('the ledger failures are 503 and name n8n\'s storage, not Lightspeed', () => {
		for (const code of ['LEDGER_FULL', 'LEDGER_UNAVAILABLE'] as const) {
			expect(explainFailure(code)).toMatchObject({ answerStatus: 503, retryable: false });
			expect(explainFailure(code).title).toMatch(/storage in n8n/);
		}
	});

	it('an unknown or missing code is UNKNOWN', () => {
		for (const code of ['SOMETHING_NEW', '', null, undefined, 'toString', '__proto__']) {
			expect(explainFailure(code).code).toBe('UNKNOWN');
		}
		expect(isFailureCode('toString')).toBe(false);
	});
});

describe('failureCodeFromWebhook (PAYMENT FAILURE notifications)', () => {
	it.each<[unknown, unknown, FailureCode]>([
		[{ timeout: { errorKey: 'errors.payment.pos.task_timeout', message: 'Not processed before validity ended' } }, 'Not processed before validity ended', 'POS_TIMEOUT'],
		[{ account: { type: 'ACCOUNT_NOT_FOUND' } }, 'Account not found', 'ACCOUNT_NOT_FOUND'],
		[{ account: { type: 'ACCOUNT_ALREADY_CLOSED' } }, 'Account is already closed', 'ACCOUNT_ALREADY_CLOSED'],
		[{ account: { type: 'OVERPAID' } }, '', 'OVERPAID'],
		[{ account: { type: 'STAFF_NOT_FOUND' } }, '', 'STAFF_NOT_FOUND'],
		[{ account: { type: 'MISSING_STAFF' } }, '', 'MISSING_STAFF'],
		[{ account: { type: 'PAYMENT_METHOD_NOT_FOUND' } }, '', 'PAYMENT_METHOD_NOT_FOUND'],
		[{ account: { type: 'NATIVE_PAYMENT_NOT_SUPPORTED' } }, '', 'NATIVE_PAYMENT_NOT_SUPPORTED'],
		[undefined, 'the payment amount is greater than the amount due', 'OVERPAID'],
		[undefined, 'Not processed before validity ended', 'POS_TIMEOUT'],
		[undefined, 'The payment API is not enabled for this location', 'PAYMENT_API_DISABLED'],
		[undefined, 'Staff not found: 12', 'STAFF_NOT_FOUND'],
		[undefined, 'Payment method not found: QDCARD', 'PAYMENT_METHOD_NOT_FOUND'],
		[{ account: { type: 'SOMETHING_ELSE' } }, 'whatever', 'UNKNOWN'],
		[null, null, 'UNKNOWN'],
	])('%p / %p → %s', (errors, reason, code) => {
		expect(failureCodeFromWebhook(errors, reason)).toBe(code);
	});
});

describe('orderFailureCodeFromReason (ORDER FAILURE notifications: words only)', () => {
	it.each<[string, FailureCode]>([
		['Item not found for SKU BURGER', 'SKU_NOT_FOUND'],
		['Item not found', 'SKU_NOT_FOUND'],
		['Table 99 not found', 'TABLE_NOT_FOUND'],
		['Table 7 is not active', 'TABLE_INACTIVE'],
		['Discount not found for code NOPE', 'DISCOUNT_REFUSED'],
		['Discount STAFF10 cannot be applied: it is not active', 'DISCOUNT_REFUSED'],
		['the payment amount is greater than the amount due', 'ORDER_PAYMENT_TOO_HIGH'],
		['Order not delivered to the POS before validity ended', 'POS_TIMEOUT'],
		['Staff not found', 'STAFF_NOT_FOUND'],
		['Staff not found: 12', 'STAFF_NOT_FOUND'],
		['Payment method not found', 'PAYMENT_METHOD_NOT_FOUND'],
		['Payment method not found: QDCARD', 'PAYMENT_METHOD_NOT_FOUND'],
		['Account not found', 'ACCOUNT_NOT_FOUND'],
		['Account is already closed', 'ACCOUNT_ALREADY_CLOSED'],
		['already closed', 'ACCOUNT_ALREADY_CLOSED'],
		['The kitchen is on fire', 'ORDER_REFUSED'],
		['', 'ORDER_REFUSED'],
	])('%p → %s', (reason, code) => {
		expect(orderFailureCodeFromReason(reason)).toBe(code);
	});

	it('reads nothing from what is not words', () => {
		expect(orderFailureCodeFromReason(undefined)).toBe('ORDER_REFUSED');
		expect(orderFailureCodeFromReason({ reason: 'Account not found' })).toBe('ORDER_REFUSED');
	});
});

describe('explainOrderFailure (order wording)', () => {
	it('names the SKU and the table Lightspeed named in the fix', () => {
		expect(explainOrderFailure('SKU_NOT_FOUND', 'Item not found for SKU BURGER-2').fix).toContain('SKU BURGER-2 is not in Lightspeed');
		expect(explainOrderFailure('TABLE_INACTIVE', 'Table 7 is not active').fix).toContain('Table 7 is inactive');
		expect(explainOrderFailure('TABLE_NOT_FOUND', 'Table 99 not found').fix).toContain('Table 99 is not on any floor plan');
		// without a name, the general fix
		expect(explainOrderFailure('SKU_NOT_FOUND', '').fix).toBe(explainFailure('SKU_NOT_FOUND').fix);
	});

	it('speaks of the order, not the payment, for the shared causes', () => {
		for (const code of ['POS_TIMEOUT', 'NO_OUTCOME', 'ACCOUNT_NOT_FOUND', 'ACCOUNT_ALREADY_CLOSED']) {
			const explanation = explainOrderFailure(code);
			expect(explanation.code).toBe(code);
			expect(`${explanation.title} ${explanation.why} ${explanation.fix}`).toMatch(/order/);
			// an order email must not speak of "the payment" (the guest may have paid nothing)
			expect(`${explanation.title} ${explanation.why} ${explanation.fix}`).not.toMatch(/payment/i);
		}
		expect(explainOrderFailure('UNKNOWN').code).toBe('ORDER_REFUSED');
		expect(explainOrderFailure('whatever').code).toBe('ORDER_REFUSED');
		expect(explainOrderFailure('STAFF_NOT_FOUND')).toEqual(explainFailure('STAFF_NOT_FOUND'));
	});
});

describe('explainOrderFailure: which order causes the email offers to resend', () => {
	it.each([
		['POS_TIMEOUT', true],
		['LIGHTSPEED_UNAVAILABLE', true],
		['LIGHTSPEED_DISCONNECTED', true],
		['SETTINGS_INCOMPLETE', true],
		['STAFF_NOT_FOUND', true],
		// the kitchen may have it already, or the same order would fail the same way
		['NO_OUTCOME', false],
		['SKU_NOT_FOUND', false],
		['TABLE_INACTIVE', false],
		['ORDER_PAYMENT_TOO_HIGH', false],
		['ACCOUNT_ALREADY_CLOSED', false],
		['ORDER_REFUSED', false],
	])('%s → %s', (code, retryable) => {
		expect(explainOrderFailure(code).retryable).toBe(retryable);
	});
});

describe('codeFromLightspeedWords: one list of Lightspeed phrases for the transport and the notifications', () => {
	it.each([
		['Payment API is not enabled for business location 1', 'PAYMENT_API_DISABLED'],
		['reference has already been used QD-x-1', 'REFERENCE_ALREADY_USED'],
		['Staff not found: 43', 'STAFF_NOT_FOUND'],
		['Payment method not found: QDCARD', 'PAYMENT_METHOD_NOT_FOUND'],
		['the payment amount is greater than the amount due', 'OVERPAID'],
		['Account already closed', 'ACCOUNT_ALREADY_CLOSED'],
		['Account not found', 'ACCOUNT_NOT_FOUND'],
		['Not processed before validity ended', 'POS_TIMEOUT'],
		['Order not delivered to the POS before validity ended', 'POS_TIMEOUT'],
		['something else entirely', undefined],
	])('%s → %s', (words, code) => {
		expect(codeFromLightspeedWords(words)).toBe(code);
		if (code) expect(failureCodeFromWebhook(undefined, words)).toBe(code);
	});

	it('an order paid above what is due is the order cause', () => {
		expect(orderFailureCodeFromReason('the payment amount is greater than the amount due')).toBe('ORDER_PAYMENT_TOO_HIGH');
	});
});
