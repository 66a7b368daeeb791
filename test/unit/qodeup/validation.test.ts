import {
	LIMITS,
	parseJsonBody,
	toE164,
	validateIntegrationId,
	validateOrderIdParam,
	validateOrderBody,
	validatePaymentBody,
	validatePaymentIdParam,
	validateTableNumberParam,
} from '../../../nodes/Qodeup/shared/request/validation';

const payment = { paymentId: 'p-1', tableNumber: 12, amount: '20.00', tipAmount: '1.50', method: 'card' };
const order = {
	orderId: 'o-1',
	mode: 'eat-in',
	tableNumber: 12,
	items: [{ sku: 'BURGER', quantity: 2, modifiers: [{ modifierId: 'm-1' }] }],
	customer: { firstName: 'Ana', lastName: 'Lopes', email: 'ana@example.com', phone: '+32 470 12 34 56' },
	note: 'No onions\nExtra sauce',
	payment: { amount: '29.00', tipAmount: '0', method: 'card' },
};

function problemsOf(result: { ok: boolean; problems?: Array<{ field: string; problem: string }> }) {
	return result.ok ? [] : (result as { problems: Array<{ field: string; problem: string }> }).problems;
}

describe('integration id', () => {
	it.each(['demo-bistro', 'A', 'x'.repeat(40), 'Bistro-42'])('accepts %p', (value) => {
		expect(validateIntegrationId(value)).toBeUndefined();
	});
	it.each(['', 'x'.repeat(41), 'demo bistro', 'demo/bistro', 'démo', 'a_b', 12])('refuses %p', (value) => {
		expect(validateIntegrationId(value)).toMatch(/1 to 40 letters, digits or dashes/);
	});
});

describe('path parameters', () => {
	it('reads a table number', () => {
		expect(validateTableNumberParam('12')).toEqual({ ok: true, value: 12 });
	});
	it.each(['0', '-1', '1.5', 'A12', '', ' 12', '1e3', '1000000', '12abc'])('refuses table %p', (raw) => {
		const result = validateTableNumberParam(raw);
		expect(result.ok).toBe(false);
		expect(problemsOf(result)[0].field).toBe('params.tableNumber');
	});
	it.each(['p-1', 'PAY_1', 'a.b:c-d', 'x'.repeat(64)])('accepts payment id %p', (raw) => {
		expect(validatePaymentIdParam(raw)).toEqual({ ok: true, value: raw });
	});
	it.each(['', 'x'.repeat(65), 'p 1', 'p/1', 'p%201', 'ü', 'p\u00001'])('refuses payment id %p', (raw) => {
		const result = validatePaymentIdParam(raw);
		expect(result.ok).toBe(false);
		expect(problemsOf(result)[0].field).toBe('params.paymentId');
	});
});

describe('payment body', () => {
	it('accepts a full payment and normalises amounts to two decimals', () => {
		expect(validatePaymentBody({ ...payment, amount: 20, tipAmount: '1.5' })).toEqual({
			ok: true,
			value: { paymentId: 'p-1', tableNumber: 12, checkId: null, amount: '20.00', tipAmount: '1.50', method: 'card' },
		});
	});

	it('defaults the tip to 0.00, accepts a check id instead of a table, and drops unknown fields', () => {
		const result = validatePaymentBody({ paymentId: 'p-2', checkId: 'A65315.21', amount: '5', method: 'voucher', extra: '<x>' });
		expect(result).toEqual({
			ok: true,
			value: { paymentId: 'p-2', tableNumber: null, checkId: 'A65315.21', amount: '5.00', tipAmount: '0.00', method: 'voucher' },
		});
	});

	it('accepts a tip of zero', () => {
		expect(validatePaymentBody({ ...payment, tipAmount: 0 }).ok).toBe(true);
	});

	it.each<[string, Record<string, unknown>, string, RegExp]>([
		['missing paymentId', { paymentId: undefined }, 'paymentId', /is required/],
		['paymentId not a string', { paymentId: 12 }, 'paymentId', /must be a string/],
		['paymentId too long', { paymentId: 'p'.repeat(65) }, 'paymentId', /at most 64 characters/],
		['paymentId with a space', { paymentId: 'p 1' }, 'paymentId', /only letters, digits/],
		['paymentId with a control character', { paymentId: 'p\u0007' }, 'paymentId', /control characters/],
		['tableNumber zero', { tableNumber: 0 }, 'tableNumber', /1 or more/],
		['tableNumber decimal', { tableNumber: 1.5 }, 'tableNumber', /whole number/],
		['tableNumber as text', { tableNumber: '12' }, 'tableNumber', /whole number/],
		['tableNumber too big', { tableNumber: LIMITS.maxTableNumber + 1 }, 'tableNumber', /at most/],
		['checkId with a slash', { checkId: 'A1/2' }, 'checkId', /Lightspeed check id like "A65315.21"/],
		['checkId as a number-like string', { checkId: '1e3' }, 'checkId', /Lightspeed check id/],
		['checkId negative', { checkId: '-1' }, 'checkId', /Lightspeed check id/],
		['checkId hexadecimal', { checkId: '0x10' }, 'checkId', /Lightspeed check id/],
		['checkId path trick', { checkId: '../A1.2' }, 'checkId', /Lightspeed check id/],
		['checkId empty', { checkId: '' }, 'checkId', /must not be empty/],
		['amount missing', { amount: undefined }, 'amount', /is required/],
		['amount with three decimals', { amount: '12.345' }, 'amount', /at most two decimals/],
		['amount zero', { amount: '0.00' }, 'amount', /greater than zero/],
		['amount negative', { amount: '-1' }, 'amount', /must not be negative/],
		['amount not numeric', { amount: 'ten' }, 'amount', /decimal amount/],
		['amount as exponent', { amount: '1e3' }, 'amount', /decimal amount/],
		['amount with a plus sign', { amount: '+5' }, 'amount', /decimal amount/],
		['amount with spaces', { amount: ' 5 ' }, 'amount', /decimal amount/],
		['amount with a comma', { amount: '5,50' }, 'amount', /decimal amount/],
		['amount boolean', { amount: true }, 'amount', /decimal amount/],
		['amount too large', { amount: '1000000.01' }, 'amount', /at most 1000000.00/],
		['tip with three decimals', { tipAmount: 0.125 }, 'tipAmount', /at most two decimals/],
		['tip negative', { tipAmount: '-0.50' }, 'tipAmount', /must not be negative/],
		['method unknown', { method: 'cash' }, 'method', /one of "card", "voucher"/],
		['method missing', { method: undefined }, 'method', /is required/],
	])('refuses %s', (_name, change, field, problem) => {
		const problems = problemsOf(validatePaymentBody({ ...payment, ...change }));
		expect(problems).toEqual(expect.arrayContaining([expect.objectContaining({ field, problem: expect.stringMatching(problem) })]));
	});

	it('needs a table number or a check id', () => {
		expect(problemsOf(validatePaymentBody({ ...payment, tableNumber: undefined }))).toEqual([
			{ field: 'tableNumber', problem: 'or checkId is required' },
		]);
	});

	it('names every bad field at once', () => {
		const problems = problemsOf(validatePaymentBody({ paymentId: '', amount: '1.001', method: 'cash' }));
		expect(problems.map((entry) => entry.field)).toEqual(['paymentId', 'tableNumber', 'amount', 'method']);
	});

	it.each([null, [], 'text', 12])('refuses a body that is not an object: %p', (body) => {
		expect(problemsOf(validatePaymentBody(body))).toEqual([{ field: 'body', problem: 'must be a JSON object' }]);
	});
});

describe('order body', () => {
	it('accepts a full eat-in order and keeps only known fields', () => {
		const result = validateOrderBody({ ...order, secret: 'x', customer: { ...order.customer, admin: true } });
		expect(result).toEqual({
			ok: true,
			value: {
				orderId: 'o-1',
				mode: 'eat-in',
				tableNumber: 12,
				checkId: null,
				items: [{ sku: 'BURGER', quantity: 2, modifiers: [{ modifierId: 'm-1' }] }],
				// the phone as Lightspeed's contactNumberAsE164 wants it
				customer: { firstName: 'Ana', lastName: 'Lopes', email: 'ana@example.com', phone: '+32470123456' },
				note: 'No onions\nExtra sauce',
				payment: { amount: '29.00', tipAmount: '0.00', method: 'card' },
			},
		});
	});

	it('accepts a minimal to-go order with defaults', () => {
		const result = validateOrderBody({
			orderId: 'o-2',
			mode: 'to-go',
			items: [{ sku: 'COLA', quantity: 1, modifiers: [{ modifierId: 123 }] }],
			customer: { firstName: 'Bo' },
		});
		expect(result).toEqual({
			ok: true,
			value: {
				orderId: 'o-2',
				mode: 'to-go',
				tableNumber: null,
				checkId: null,
				items: [{ sku: 'COLA', quantity: 1, modifiers: [{ modifierId: '123' }] }],
				customer: { firstName: 'Bo', lastName: '', email: '', phone: '' },
				note: '',
				payment: null,
			},
		});
	});

	it('accepts an eat-in order on a check instead of a table', () => {
		const { tableNumber: _omit, ...rest } = order;
		expect(validateOrderBody({ ...rest, checkId: 'A1.2' }).ok).toBe(true);
	});

	const manyItems = Array.from({ length: LIMITS.maxItems + 1 }, () => ({ sku: 'X', quantity: 1 }));
	it.each<[string, Record<string, unknown>, string, RegExp]>([
		['orderId missing', { orderId: undefined }, 'orderId', /is required/],
		['orderId over 48 characters', { orderId: 'o'.repeat(49) }, 'orderId', /at most 48 characters/],
		['orderId with a space', { orderId: 'o 1' }, 'orderId', /only letters, digits/],
		['mode unknown', { mode: 'delivery' }, 'mode', /one of "eat-in", "to-go"/],
		['mode missing', { mode: undefined }, 'mode', /is required/],
		['eat-in without table or check', { tableNumber: undefined }, 'tableNumber', /required for an eat-in order/],
		['to-go with a table', { mode: 'to-go' }, 'tableNumber', /must not be given for a to-go order/],
		['to-go with a check', { mode: 'to-go', tableNumber: undefined, checkId: 'A1.2' }, 'checkId', /to-go/],
		['tableNumber negative', { tableNumber: -3 }, 'tableNumber', /1 or more/],
		['items missing', { items: undefined }, 'items', /is required/],
		['items not a list', { items: {} }, 'items', /must be a list/],
		['items empty', { items: [] }, 'items', /at least one item/],
		['too many items', { items: manyItems }, 'items', /at most 100 items/],
		['item not an object', { items: ['BURGER'] }, 'items[0]', /must be an object/],
		['sku missing', { items: [{ quantity: 1 }] }, 'items[0].sku', /is required/],
		['sku over 25 characters', { items: [{ sku: 'S'.repeat(26), quantity: 1 }] }, 'items[0].sku', /at most 25/],
		['sku with a control character', { items: [{ sku: 'A\nB', quantity: 1 }] }, 'items[0].sku', /control/],
		['quantity zero', { items: [{ sku: 'A', quantity: 0 }] }, 'items[0].quantity', /1 or more/],
		['quantity over 999', { items: [{ sku: 'A', quantity: 1000 }] }, 'items[0].quantity', /at most 999/],
		['quantity decimal', { items: [{ sku: 'A', quantity: 1.5 }] }, 'items[0].quantity', /whole number/],
		['modifiers not a list', { items: [{ sku: 'A', quantity: 1, modifiers: 'm' }] }, 'items[0].modifiers', /list/],
		[
			'modifier without id',
			{ items: [{ sku: 'A', quantity: 1, modifiers: [{}] }] },
			'items[0].modifiers[0].modifierId',
			/is required/,
		],
		[
			'modifier id with a slash',
			{ items: [{ sku: 'A', quantity: 1, modifiers: [{ modifierId: 'a/b' }] }] },
			'items[0].modifiers[0].modifierId',
			/only letters/,
		],
		['customer missing', { customer: undefined }, 'customer', /is required/],
		['customer not an object', { customer: 'Ana' }, 'customer', /must be an object/],
		['first name missing', { customer: { lastName: 'X' } }, 'customer.firstName', /is required/],
		['first name too long', { customer: { firstName: 'A'.repeat(101) } }, 'customer.firstName', /at most 100/],
		['first name with a control char', { customer: { firstName: 'A\u0000' } }, 'customer.firstName', /control/],
		['email invalid', { customer: { firstName: 'A', email: 'ana-at-example' } }, 'customer.email', /email address/],
		['phone invalid', { customer: { firstName: 'A', phone: 'call me' } }, 'customer.phone', /only digits/],
		['phone without a country code', { customer: { firstName: 'A', phone: '0470 12 34 56' } }, 'customer.phone', /international number/],
		['phone too short for E.164', { customer: { firstName: 'A', phone: '+32 12' } }, 'customer.phone', /international number/],
		['last name not a string', { customer: { firstName: 'A', lastName: 5 } }, 'customer.lastName', /must be a string/],
		['note too long', { note: 'n'.repeat(501) }, 'note', /at most 500/],
		['note with a bell character', { note: 'hi\u0007' }, 'note', /control/],
		['payment not an object', { payment: 'card' }, 'payment', /must be an object/],
		['payment amount missing', { payment: { method: 'card' } }, 'payment.amount', /is required/],
		['payment amount three decimals', { payment: { amount: '1.001', method: 'card' } }, 'payment.amount', /two decimals/],
		['payment method unknown', { payment: { amount: '1', method: 'cash' } }, 'payment.method', /one of/],
		['payment tip negative', { payment: { amount: '1', tipAmount: '-1', method: 'card' } }, 'payment.tipAmount', /negative/],
	])('refuses %s', (_name, change, field, problem) => {
		const problems = problemsOf(validateOrderBody({ ...order, ...change }));
		expect(problems).toEqual(expect.arrayContaining([expect.objectContaining({ field, problem: expect.stringMatching(problem) })]));
	});
});

describe('phone numbers (E.164, as Lightspeed stores them)', () => {
	it.each([
		['+32 470 12 34 56', '+32470123456'],
		['0039 (333) 123.45-67', '+393331234567'],
		['+1-415-555-0100', '+14155550100'],
		['+4915123456789', '+4915123456789'],
		['+1234567', '+1234567'], // 7 digits: the shortest E.164 number
		['+123456789012345', '+123456789012345'], // 15 digits: the longest
	])('%p becomes %p', (typed, e164) => {
		expect(toE164(typed)).toBe(e164);
	});

	it.each([
		'0470 12 34 56', // national, no country code
		'470123456', // no +
		'+0 470 12 34 56', // a country code never starts with 0
		'+123456', // 6 digits
		'+1234567890123456', // 16 digits
		'000 32 470 12 34 56', // 000 is not an international prefix
		'+32 470 12 34 56 ext 2',
	])('%p cannot be made E.164', (typed) => {
		expect(toE164(typed)).toBeUndefined();
	});

	it('an order with an empty or absent phone is accepted with phone ""', () => {
		for (const phone of ['', null, undefined]) {
			const result = validateOrderBody({ ...order, customer: { firstName: 'Ana', phone } });
			expect(result).toMatchObject({ ok: true, value: { customer: { phone: '' } } });
		}
	});
});

describe('order id in the URL', () => {
	it('accepts what the order body accepts and refuses the rest', () => {
		expect(validateOrderIdParam('o-1')).toEqual({ ok: true, value: 'o-1' });
		expect(validateOrderIdParam('o'.repeat(48))).toEqual({ ok: true, value: 'o'.repeat(48) });
		for (const bad of ['o'.repeat(49), 'o/1', 'o 1', '']) {
			expect(validateOrderIdParam(bad)).toMatchObject({ ok: false, problems: [{ field: 'params.orderId' }] });
		}
	});
});

describe('raw body parsing', () => {
	it('parses JSON', () => {
		expect(parseJsonBody(Buffer.from('{"a":1}'))).toEqual({ ok: true, value: { a: 1 } });
	});
	it.each([
		['bad JSON', Buffer.from('{"a":'), /not valid JSON/],
		['empty', Buffer.from('  '), /empty/],
		['invalid UTF-8', Buffer.from([0x7b, 0xff, 0x7d]), /UTF-8/],
	])('refuses %s', (_name, raw, message) => {
		const result = parseJsonBody(raw);
		expect(result.ok).toBe(false);
		expect((result as { message: string }).message).toMatch(message);
	});
});
