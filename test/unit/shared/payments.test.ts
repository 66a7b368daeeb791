/**
 * The payment rules of nodes/shared/payments.ts: what a payment request is, when a repeat is the
 * same payment, which payments are still in flight ahead of one, and what Qodeup is answered.
 */
import type { LedgerRow } from '../../../nodes/shared/ledgers';
import { explainFailure } from '../../../nodes/shared/failureReasons';
import { buildPaymentReference } from '../../../nodes/shared/paymentReference';
import {
	canonicalRequest,
	differingFields,
	inFlightAhead,
	paymentConflictAnswer,
	paymentRepeatAnswer,
	paymentSubmitAnswer,
	paymentView,
	remainingText,
	rowPayment,
} from '../../../nodes/shared/payments';
import type { CheckForInFlight } from '../../../nodes/shared/payments';
import { validatePaymentBody } from '../../../nodes/Qodeup/shared/request/validation';
import { INTEGRATION, iso, paymentRequest, paymentRow, T0 } from '../../helpers/qodeupLedger';

describe('canonicalRequest', () => {
	it('records the fields that make a payment, in a stable order, without the payment id', () => {
		expect(canonicalRequest(paymentRequest())).toBe('{"amount":"20.00","tipAmount":"1.50","method":"card","tableNumber":12,"checkId":null}');
		const reordered = { method: 'card', checkId: null, tipAmount: '1.50', paymentId: 'other', tableNumber: 12, amount: '20.00' } as const;
		expect(canonicalRequest(reordered)).toBe(canonicalRequest(paymentRequest()));
	});

	it('10.5, "10.5" and "10.50" validate to the same recorded request', () => {
		const recorded = ['10.5', 10.5, '10.50'].map((amount) => {
			const result = validatePaymentBody({ paymentId: 'p_1', tableNumber: 12, amount, method: 'card' });
			if (!result.ok) throw new Error(JSON.stringify(result.problems));
			return canonicalRequest(result.value);
		});
		expect(new Set(recorded).size).toBe(1);
		expect(JSON.parse(recorded[0])).toMatchObject({ amount: '10.50', tipAmount: '0.00' });
	});
});

describe('differingFields (a repeated payment id)', () => {
	const row = paymentRow({ amount: '10.50', tipAmount: '0.00' });

	it('10.5 = 10.50: the same payment, whatever the carrier of the amount', () => {
		expect(differingFields(row, paymentRequest({ amount: '10.5', tipAmount: '0' }))).toEqual([]);
		expect(differingFields(row, paymentRequest({ amount: 10.5 as unknown as string, tipAmount: '0.00' }))).toEqual([]);
		expect(differingFields(row, paymentRequest({ amount: '10.500', tipAmount: '' }))).toEqual([]);
	});

	it('names the differing fields in one order: amount, tipAmount, method, tableNumber, checkId', () => {
		const other = paymentRequest({ checkId: 'A65315.21', tableNumber: 3, method: 'voucher', tipAmount: '1.00', amount: '10.51' });
		expect(differingFields(row, other)).toEqual(['amount', 'tipAmount', 'method', 'tableNumber', 'checkId']);
		expect(differingFields(row, paymentRequest({ amount: '10.50', tipAmount: '0', tableNumber: 13 }))).toEqual(['tableNumber']);
		expect(differingFields(row, paymentRequest({ amount: '10.50', tipAmount: '0', method: 'voucher' }))).toEqual(['method']);
	});

	it('an amount that cannot be read is a difference, never a match', () => {
		expect(differingFields(row, paymentRequest({ amount: 'ten', tipAmount: '0' }))).toEqual(['amount']);
	});

	it('a row without a recorded request (an older ledger) compares with its own columns', () => {
		const old: LedgerRow = { paymentId: 'p_1', status: 'applied', amount: '20.00', tipAmount: '1.50', method: 'card', tableNumber: '12', checkId: '' };
		expect(differingFields(old, paymentRequest())).toEqual([]);
		expect(differingFields(old, paymentRequest({ checkId: 'A1.2' }))).toEqual(['checkId']);
	});
});

describe('rowPayment', () => {
	it('takes the columns when set, the recorded request for the rest, and the reference from id and attempt', () => {
		const claimed = paymentRow({ checkId: null }, { attempt: 2 });
		expect(rowPayment(claimed)).toEqual({
			integrationId: INTEGRATION,
			paymentId: 'p_1',
			amount: '20.00',
			tipAmount: '1.50',
			method: 'card',
			tableNumber: '12',
			checkId: '',
			attempt: 2,
			// the restaurant's own reference (its tag in it)
			reference: buildPaymentReference('p_1', 2, INTEGRATION),
		});
		// the resolved check replaces the requested table's nothing; the stored reference wins,
		// even one in the form without a restaurant (a row sent before references carried the tag)
		const legacy = buildPaymentReference('p_1', 1);
		const sent = paymentRow({}, { status: 'sent', columns: { checkId: 'A65315.21', reference: legacy, amount: '20.00' } });
		expect(rowPayment(sent)).toMatchObject({ checkId: 'A65315.21', reference: legacy, tableNumber: '12' });
	});

	it('reads attempt 1 and no tip for a bare row (no restaurant: the reference without a tag)', () => {
		expect(rowPayment({ paymentId: 'p-9' })).toEqual({
			integrationId: '',
			paymentId: 'p-9',
			amount: '',
			tipAmount: '0.00',
			method: '',
			tableNumber: '',
			checkId: '',
			attempt: 1,
			reference: buildPaymentReference('p-9', 1),
		});
	});
});

describe('inFlightAhead (claim order; the check is the truth)', () => {
	const check: CheckForInFlight = { checkId: 'A65315.21', tableNumber: 12, references: [] };
	/** A row on table 12 (check A65315.21) claimed `atMs` after T0. */
	const claimed = (paymentId: string, atMs: number, amount = '5.00', status = 'received', request = {}) =>
		paymentRow({ paymentId, amount, ...request }, { status, updatedAt: T0 + atMs });
	const me = claimed('p_me', 100, '30.00');

	it('counts the rows claimed before me, not those claimed after', () => {
		const before = claimed('p_a', 50, '5.00');
		const after = claimed('p_b', 150, '7.00');
		expect(inFlightAhead([before, after, me], me, check)).toEqual({ minor: 500, paymentIds: ['p_a'] });
		// and for the later one, mine counts
		expect(inFlightAhead([before, after, me], after, check)).toEqual({ minor: 3500, paymentIds: ['p_a', 'p_me'] });
	});

	it('never both: of two claims at the same instant the lower payment id goes first', () => {
		const twin = claimed('p_zz', 100, '30.00');
		expect(inFlightAhead([me, twin], me, check).paymentIds).toEqual([]);
		expect(inFlightAhead([me, twin], twin, check).paymentIds).toEqual(['p_me']);
	});

	it('with the check\'s remaining known, a claim ahead that does not fit in what is left before it is not counted (its own request refuses it)', () => {
		// 10.00 due, four claims of 3.00 ahead of me: three fit, the fourth is being refused
		const crowd = [10, 20, 30, 40].map((at, i) => claimed(`p_c${i}`, at, '3.00'));
		const mine = claimed('p_me', 100, '3.00');
		expect(inFlightAhead([...crowd, mine], mine, { ...check, remainingMinor: 1000 })).toEqual({ minor: 900, paymentIds: ['p_c0', 'p_c1', 'p_c2'] });
		// without it, every claim ahead counts (the safe side)
		expect(inFlightAhead([...crowd, mine], mine, check).minor).toBe(1200);
	});

	it('mixed amounts: a small payment is not refused for a larger claim ahead that cannot fit (20.00 due)', () => {
		const amounts = ['7.00', '5.00', '3.00', '2.00', '1.50', '6.00', '4.00', '2.50'];
		const ahead = amounts.map((amount, i) => claimed(`p_m${i}`, 10 + i, amount));
		const small = claimed('p_small', 100, '1.00');
		const seen = inFlightAhead([...ahead, small], small, { ...check, remainingMinor: 2000 });
		// 7 + 5 + 3 + 2 + 1.50 = 18.50 fit in turn; 6.00, 4.00 and 2.50 do not: 1.50 is left for 1.00
		expect(seen).toEqual({ minor: 1850, paymentIds: ['p_m0', 'p_m1', 'p_m2', 'p_m3', 'p_m4'] });
	});

	it('sent rows take their share first, whatever their claim time; claims fit in what they leave', () => {
		const sent = claimed('p_s', 900, '8.00', 'sent');
		const early = claimed('p_e', 10, '5.00');
		const mine = claimed('p_me', 100, '1.00');
		// 10.00 due: 8.00 sent, the 5.00 claimed before me cannot fit in the 2.00 left
		expect(inFlightAhead([sent, early, mine], mine, { ...check, remainingMinor: 1000 })).toEqual({ minor: 800, paymentIds: ['p_s'] });
		// a sent row counts even past what is due (Lightspeed has it)
		expect(inFlightAhead([sent, mine], mine, { ...check, remainingMinor: 500 })).toEqual({ minor: 800, paymentIds: ['p_s'] });
	});

	it('a sent row always counts (Lightspeed has it), even when claimed after me', () => {
		const sent = claimed('p_s', 900, '4.50', 'sent');
		expect(inFlightAhead([sent, me], me, check)).toEqual({ minor: 450, paymentIds: ['p_s'] });
	});

	it('a row whose reference is already on the check is in its paid amount: not counted again', () => {
		const landed = claimed('p_l', 10, '6.00', 'sent');
		const onCheck = { ...check, references: [rowPayment(landed).reference] };
		expect(inFlightAhead([landed, me], me, onCheck)).toEqual({ minor: 0, paymentIds: [] });
		// a retry goes under the next reference: attempt 1 on the check does not hide attempt 2
		const retried = claimed('p_r', 10, '6.00', 'received', {});
		retried.attempt = 2;
		const firstOnCheck = { ...check, references: [buildPaymentReference('p_r', 1, INTEGRATION)] };
		expect(inFlightAhead([retried, me], me, firstOnCheck).paymentIds).toEqual(['p_r']);
	});

	it('a row on the check under its reference from before the restaurant tag (QD-…) is not counted again either', () => {
		// claimed before the upgrade and sent, its row never written: no reference column, so rowPayment builds the tagged one
		const landed = claimed('p_l', 10, '6.00', 'received');
		expect(rowPayment(landed).reference).toBe(buildPaymentReference('p_l', 1, INTEGRATION));
		const legacyOnCheck = { ...check, references: [buildPaymentReference('p_l', 1)] };
		expect(inFlightAhead([landed, me], me, legacyOnCheck)).toEqual({ minor: 0, paymentIds: [] });
		// only its own attempt: the older form of attempt 1 does not hide attempt 2
		const retried = { ...claimed('p_r', 10, '6.00', 'received'), attempt: 2 };
		expect(inFlightAhead([retried, me], me, { ...check, references: [buildPaymentReference('p_r', 1)] }).paymentIds).toEqual(['p_r']);
		// another restaurant's reference for the same payment id is not this row's
		const otherTag = { ...check, references: [buildPaymentReference('p_l', 1, 'other-bistro')] };
		expect(inFlightAhead([landed, me], me, otherTag).paymentIds).toEqual(['p_l']);
	});

	it('rows of other checks, other tables and other restaurants do not count', () => {
		const otherCheck = claimed('p_c', 10, '5.00', 'sent', { checkId: 'A65315.22' });
		const otherTable = claimed('p_t', 10, '5.00', 'sent', { tableNumber: 13 });
		const otherRestaurant = paymentRow({ paymentId: 'p_o', amount: '5.00' }, { status: 'sent', updatedAt: T0 + 10, integrationId: 'other-bistro' });
		expect(inFlightAhead([otherCheck, otherTable, otherRestaurant, me], me, check)).toEqual({ minor: 0, paymentIds: [] });
		// a row that names this check counts whatever its table
		const byCheck = claimed('p_k', 10, '2.00', 'received', { checkId: 'A65315.21', tableNumber: null });
		expect(inFlightAhead([byCheck, me], me, check).paymentIds).toEqual(['p_k']);
		// a row known only by its table does not count against a check with no table
		expect(inFlightAhead([claimed('p_x', 10)], me, { ...check, tableNumber: null }).paymentIds).toEqual([]);
	});

	it('settled rows (applied, failed, refused) and unclaimed ones do not count, nor do I', () => {
		const rows = ['applied', 'failed', 'refused', ''].map((status, index) => claimed(`p_${index}`, 10, '5.00', status));
		expect(inFlightAhead([...rows, me], me, check)).toEqual({ minor: 0, paymentIds: [] });
	});

	it('a row without a claim stamp counts (the safe side)', () => {
		const unstamped = { ...claimed('p_u', 10), updatedAt: undefined };
		expect(inFlightAhead([unstamped, me], me, check).paymentIds).toEqual(['p_u']);
		expect(inFlightAhead([claimed('p_late', 500)], { ...me, updatedAt: undefined }, check).paymentIds).toEqual(['p_late']);
	});

	it('adds exact decimals (0.10 + 0.20 = 0.30) and skips an unreadable amount', () => {
		const rows = [claimed('p_1', 1, '0.10'), claimed('p_2', 2, '0.20'), claimed('p_3', 3, 'oops')];
		expect(inFlightAhead([...rows, me], me, check)).toEqual({ minor: 30, paymentIds: ['p_1', 'p_2'] });
	});
});

describe('answers', () => {
	it('paymentView: pending, retried (attempt 2+), applied; failed and refused with their code and words', () => {
		expect(paymentView(paymentRow({}, { status: 'received' }))).toEqual({
			paymentId: 'p_1',
			status: 'pending',
			reference: buildPaymentReference('p_1', 1, INTEGRATION),
			amount: '20.00',
			tipAmount: '1.50',
			method: 'card',
			tableNumber: 12,
			checkId: null,
			attempt: 1,
			updatedAt: iso(T0 + 20),
		});
		expect(paymentView(paymentRow({}, { status: 'sent', attempt: 2 }))).toMatchObject({ status: 'retried', attempt: 2, reference: buildPaymentReference('p_1', 2, INTEGRATION) });
		expect(paymentView(paymentRow({}, { status: 'applied', attempt: 2 }))).toMatchObject({ status: 'applied' });
		const failed = paymentView(paymentRow({}, { status: 'failed', columns: { errorCode: 'STAFF_NOT_FOUND', errorText: '' } }));
		expect(failed).toMatchObject({ status: 'failed', error: 'STAFF_NOT_FOUND', message: explainFailure('STAFF_NOT_FOUND').why });
		expect(failed).not.toHaveProperty('remaining');
		const refused = paymentView(paymentRow({}, { status: 'refused', columns: { errorCode: 'AMOUNT_EXCEEDS_REMAINING', errorText: 'Only 3.00 left', remaining: '3.00' } }));
		expect(refused).toMatchObject({ status: 'refused', error: 'AMOUNT_EXCEEDS_REMAINING', message: 'Only 3.00 left', remaining: '3.00' });
		// remaining only goes with the amount refusal
		expect(paymentView(paymentRow({}, { status: 'refused', columns: { errorCode: 'ACCOUNT_NOT_FOUND', remaining: '3.00' } }))).not.toHaveProperty('remaining');
		expect(paymentView(paymentRow({}, { status: 'failed' }))).toMatchObject({ error: 'UNKNOWN' });
	});

	it('paymentSubmitAnswer: 202 for what was taken (retried shown as pending), the refusal\'s answerStatus otherwise', () => {
		expect(paymentSubmitAnswer(paymentRow({}, { status: 'sent', attempt: 3 }))).toEqual({
			statusCode: 202,
			body: { paymentId: 'p_1', status: 'pending', reference: buildPaymentReference('p_1', 3, INTEGRATION) },
		});
		expect(paymentSubmitAnswer(paymentRow({}, { status: 'failed', columns: { errorCode: 'POS_TIMEOUT' } })).statusCode).toBe(202);
		for (const [code, status] of [
			['AMOUNT_EXCEEDS_REMAINING', 409],
			['MULTIPLE_OPEN_CHECKS', 409],
			['ACCOUNT_NOT_FOUND', 404],
			['ACCOUNT_ALREADY_CLOSED', 404],
		] as const) {
			const answer = paymentSubmitAnswer(paymentRow({}, { status: 'refused', columns: { errorCode: code, errorText: 'x' } }));
			expect(answer).toMatchObject({ statusCode: status, body: { status: 'refused', error: code, message: 'x' } });
		}
	});

	it('a repeat: the current state when the same (10.5 = 10.50), else 409 PAYMENT_ID_REUSED naming the fields, nothing sent', () => {
		const row = paymentRow({ amount: '10.50' }, { status: 'applied' });
		expect(paymentRepeatAnswer(row, paymentRequest({ amount: '10.5' }))).toEqual(paymentSubmitAnswer(row));
		const conflict = paymentRepeatAnswer(row, paymentRequest({ amount: '12.00', method: 'voucher' }));
		expect(conflict).toEqual(paymentConflictAnswer(row, ['amount', 'method']));
		expect(conflict.statusCode).toBe(409);
		expect(conflict.body).toMatchObject({
			paymentId: 'p_1',
			error: 'PAYMENT_ID_REUSED',
			fields: ['amount', 'method'],
			firstPayment: { status: 'applied', amount: '10.50', method: 'card', tableNumber: 12, reference: buildPaymentReference('p_1', 1, INTEGRATION) },
		});
		expect(String(conflict.body.message)).toContain('different amount, method');
	});

	it('remainingText never goes below zero', () => {
		expect(remainingText(1234)).toBe('12.34');
		expect(remainingText(0)).toBe('0.00');
		expect(remainingText(-500)).toBe('0.00');
	});
});
