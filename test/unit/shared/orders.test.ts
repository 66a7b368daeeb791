/**
 * The order rules of nodes/shared/orders.ts: the recorded order, when a repeat is the same
 * order, the reference of each attempt (-R<n>) and what Qodeup is answered.
 */
import { explainOrderFailure } from '../../../nodes/shared/failureReasons';
import {
	canonicalOrder,
	differingOrderFields,
	orderReference,
	orderRepeatAnswer,
	orderSubmitAnswer,
	orderView,
	recordedOrder,
} from '../../../nodes/shared/orders';
import type { OrderRequest } from '../../../nodes/shared/orders';
import { hashedId, referenceTag } from '../../../nodes/shared/paymentReference';
import { validateOrderBody } from '../../../nodes/Qodeup/shared/request/validation';
import { iso, orderRequest, orderRow, T0 } from '../../helpers/qodeupLedger';

function validated(body: Record<string, unknown>): OrderRequest {
	const result = validateOrderBody(body);
	if (!result.ok) throw new Error(JSON.stringify(result.problems));
	return result.value;
}

describe('canonicalOrder', () => {
	it('records the order without its id, keys in a stable order, only known fields', () => {
		const order = orderRequest({ payment: { amount: '29.00', tipAmount: '0.00', method: 'card' } });
		const text = canonicalOrder(order);
		expect(Object.keys(JSON.parse(text))).toEqual(['mode', 'tableNumber', 'checkId', 'items', 'customer', 'note', 'payment']);
		const shuffled = {
			payment: { method: 'card', tipAmount: '0.00', amount: '29.00', extra: 1 },
			note: '',
			customer: { phone: '+32470123456', email: 'ana@example.com', lastName: 'Lopes', firstName: 'Ana' },
			items: order.items.map((item) => ({ modifiers: item.modifiers, quantity: item.quantity, sku: item.sku })),
			checkId: null,
			tableNumber: 12,
			mode: 'eat-in',
			orderId: 'another-id',
		} as unknown as OrderRequest;
		expect(canonicalOrder(shuffled)).toBe(text);
		expect(recordedOrder(orderRow())).toEqual(JSON.parse(canonicalOrder(orderRequest())));
		expect(recordedOrder({ request: '{broken' })).toBeUndefined();
	});

	it('10.5 = 10.50 and "+32 470 12 34 56" = "0032470123456": validated repeats record the same order', () => {
		const body = (amount: unknown, phone: string) => ({
			orderId: 'o-1',
			mode: 'to-go',
			items: [{ sku: 'COLA', quantity: 1 }],
			customer: { firstName: 'Bo', phone },
			payment: { amount, method: 'card' },
		});
		const first = validated(body('10.50', '+32 470 12 34 56'));
		const repeat = validated(body(10.5, '0032470123456'));
		expect(canonicalOrder(repeat)).toBe(canonicalOrder(first));
		expect(differingOrderFields(orderRow(first), repeat)).toEqual([]);
	});
});

describe('differingOrderFields', () => {
	const row = orderRow();

	it('is empty for the same order', () => {
		expect(differingOrderFields(row, orderRequest())).toEqual([]);
	});

	it('names the top-level fields that differ, in one order', () => {
		const items = orderRequest().items.map((item, index) => (index === 0 ? { ...item, quantity: 3 } : item));
		expect(differingOrderFields(row, orderRequest({ items }))).toEqual(['items']);
		expect(differingOrderFields(row, orderRequest({ note: 'no ice' }))).toEqual(['note']);
		expect(differingOrderFields(row, orderRequest({ customer: { ...orderRequest().customer, phone: '+32470000000' } }))).toEqual(['customer']);
		expect(
			differingOrderFields(row, orderRequest({ payment: { amount: '1.00', tipAmount: '0.00', method: 'card' }, mode: 'to-go', tableNumber: null, note: 'x' })),
		).toEqual(['mode', 'tableNumber', 'note', 'payment']);
	});

	it('a row whose recorded order cannot be read is never "the same order"', () => {
		expect(differingOrderFields({ ...row, request: '' }, orderRequest())).toEqual(['items']);
	});
});

describe('orderReference (thirdPartyReference, at most 48 characters)', () => {
	it('attempt 1 is the order id; attempt n is <orderId>-R<n>', () => {
		expect(orderReference('o-1', 1)).toBe('o-1');
		expect(orderReference('o-1', 2)).toBe('o-1-R2');
		expect(orderReference('o-1', 10)).toBe('o-1-R10');
		for (let attempt = 1; attempt <= 5; attempt++) expect(orderReference('o-1', attempt)).toBe(orderReference('o-1', attempt));
		expect(new Set([1, 2, 3].map((attempt) => orderReference('o-1', attempt))).size).toBe(3);
	});

	it('a long or unusual id gets the hash form, with -R<n> on a retry', () => {
		expect(orderReference('o/1', 1)).toMatch(/^QOH-[0-9a-f]{32}$/);
		expect(orderReference('o/1', 4)).toBe(`${orderReference('o/1', 1)}-R4`);
		expect(orderReference('x'.repeat(47), 2)).toMatch(/^QOH-[0-9a-f]{32}-R2$/);
		expect(orderReference('x'.repeat(47), 2).length).toBeLessThanOrEqual(48);
	});
});

describe("orderReference of a restaurant (its tag: two restaurants may use the same order id)", () => {
	const A = 'demo-bistro';
	const B = 'rua-augusta';
	const tagA = referenceTag(A);

	it('is QO<tag>-<orderId>, with -R<n> for a retry', () => {
		expect(orderReference('o-1', 1, A)).toBe(`QO${tagA}-o-1`);
		expect(orderReference('o-1', 2, A)).toBe(`QO${tagA}-o-1-R2`);
		expect(orderReference('o.1:x_y', 12, A)).toBe(`QO${tagA}-o.1:x_y-R12`);
		expect(orderReference('o-1', 3, A)).toBe(orderReference('o-1', 3, A));
	});

	it('two restaurants get different references for the same order id and attempt, and neither is the one without a restaurant', () => {
		for (const id of ['o-1', 'abc-R2', 'o/1', 'A'.repeat(38), 'A'.repeat(60)]) {
			for (const attempt of [1, 2, 999]) {
				const ofA = orderReference(id, attempt, A);
				const ofB = orderReference(id, attempt, B);
				expect([id, attempt, ofA === ofB]).toEqual([id, attempt, false]);
				expect(ofA).not.toBe(orderReference(id, attempt));
			}
		}
	});

	it('at most 48 characters with -R<n>: the longest plain id fits exactly, one more character takes QOH<tag>-<24 hex>', () => {
		// QO + 8 + - = 11 characters before the id
		expect(orderReference('A'.repeat(37), 1, A)).toBe(`QO${tagA}-${'A'.repeat(37)}`);
		expect(orderReference('A'.repeat(37), 1, A)).toHaveLength(48);
		expect(orderReference('A'.repeat(38), 1, A)).toBe(`QOH${tagA}-${hashedId('A'.repeat(38)).slice(0, 24)}`);
		expect(orderReference('A'.repeat(34), 2, A)).toHaveLength(48);
		expect(orderReference('A'.repeat(35), 2, A)).toBe(`QOH${tagA}-${hashedId('A'.repeat(35)).slice(0, 24)}-R2`);
		expect(orderReference('A'.repeat(32), 999, A)).toBe(`QO${tagA}-${'A'.repeat(32)}-R999`);
		expect(orderReference('A'.repeat(32), 999, A)).toHaveLength(48);
		expect(orderReference('A'.repeat(33), 999, A)).toMatch(new RegExp(`^QOH${tagA}-[0-9a-f]{24}-R999$`));
		for (let length = 1; length <= 80; length++) {
			for (const attempt of [1, 2, 10, 999]) {
				const reference = orderReference('A'.repeat(length), attempt, A);
				expect([length, attempt, reference.length <= 48]).toEqual([length, attempt, true]);
			}
		}
	});

	it('an id ending like a retry, or with other characters, is hashed with the tag, -R<n> on a retry', () => {
		expect(orderReference('abc-R2', 1, A)).toBe(`QOH${tagA}-${hashedId('abc-R2').slice(0, 24)}`);
		expect(orderReference('abc-R2', 1, A)).not.toBe(orderReference('abc', 2, A));
		expect(orderReference('o/1', 4, A)).toBe(`${orderReference('o/1', 1, A)}-R4`);
	});

	it('without an integration id the older forms stay exactly as they were', () => {
		for (const none of [undefined, '']) {
			expect(orderReference('o-1', 1, none)).toBe('o-1');
			expect(orderReference('o-1', 2, none)).toBe('o-1-R2');
			expect(orderReference('A'.repeat(48), 1, none)).toBe('A'.repeat(48));
			expect(orderReference('o/1', 2, none)).toBe(`QOH-${hashedId('o/1')}-R2`);
		}
	});
});

describe('orderView and the answers', () => {
	it('shows pending for received and sent, with the table from the recorded order', () => {
		expect(orderView(orderRow())).toEqual({
			orderId: 'o-1',
			status: 'pending',
			mode: 'eat-in',
			tableNumber: 12,
			checkId: null,
			reference: null,
			attempt: 1,
			updatedAt: iso(T0 + 20),
		});
		const toGo = orderRow({ mode: 'to-go', tableNumber: null }, { status: 'sent', columns: { reference: 'o-1' } });
		expect(orderView(toGo)).toMatchObject({ status: 'pending', mode: 'to-go', tableNumber: null, reference: 'o-1' });
	});

	it('accepted and closed carry the check (the account id wins over the requested check)', () => {
		const accepted = orderRow({ checkId: 'A1.1' }, { status: 'accepted', columns: { accountId: 'A65315.30', checkId: 'A1.1' } });
		expect(orderView(accepted)).toMatchObject({ status: 'accepted', checkId: 'A65315.30' });
		expect(orderView(orderRow({}, { status: 'closed', columns: { checkId: 'A1.1' } }))).toMatchObject({ status: 'closed', checkId: 'A1.1' });
	});

	it('a failure says why in the order wording, with Lightspeed\'s own words as reason', () => {
		const failed = orderRow({}, { status: 'failed', attempt: 2, columns: { errorCode: 'TABLE_INACTIVE', errorText: 'Table 12 is not active' } });
		const explanation = explainOrderFailure('TABLE_INACTIVE', 'Table 12 is not active');
		expect(orderView(failed)).toMatchObject({
			status: 'failed',
			attempt: 2,
			error: 'TABLE_INACTIVE',
			message: `${explanation.title}. ${explanation.why}`,
			reason: 'Table 12 is not active',
		});
		// an unknown cause is "Lightspeed refused the order", not the payment wording
		expect(orderView(orderRow({}, { status: 'failed' }))).toMatchObject({ error: 'ORDER_REFUSED' });
		expect(orderView(orderRow({}, { status: 'failed' }))).not.toHaveProperty('reason');
	});

	it('orderSubmitAnswer is 202 with the status, and the error or the check when there is one', () => {
		expect(orderSubmitAnswer(orderRow())).toEqual({ statusCode: 202, body: { orderId: 'o-1', status: 'pending' } });
		expect(orderSubmitAnswer(orderRow({}, { status: 'accepted', columns: { accountId: 'A65315.30' } }))).toEqual({
			statusCode: 202,
			body: { orderId: 'o-1', status: 'accepted', checkId: 'A65315.30' },
		});
		const failed = orderSubmitAnswer(orderRow({}, { status: 'failed', columns: { errorCode: 'SKU_NOT_FOUND', errorText: 'Item not found for SKU BURGER' } }));
		expect(failed).toMatchObject({ statusCode: 202, body: { status: 'failed', error: 'SKU_NOT_FOUND', message: expect.stringContaining('SKU') } });
	});

	it('a repeat: the current state when the same, else 409 ORDER_ID_REUSED naming the fields (nothing sent)', () => {
		const row = orderRow({}, { status: 'sent' });
		expect(orderRepeatAnswer(row, orderRequest())).toEqual(orderSubmitAnswer(row));
		const conflict = orderRepeatAnswer(row, orderRequest({ note: 'no ice' }));
		expect(conflict).toEqual({
			statusCode: 409,
			body: {
				orderId: 'o-1',
				error: 'ORDER_ID_REUSED',
				message: 'Order id o-1 was already used for an order with a different note; nothing was sent. Send a new order id for a new order.',
				fields: ['note'],
				firstOrder: { status: 'pending', mode: 'eat-in', tableNumber: 12 },
			},
		});
	});
});
