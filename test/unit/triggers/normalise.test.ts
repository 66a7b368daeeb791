import { normaliseNotification, pick } from '../../../nodes/LightspeedKSeries/trigger/normalise';
import { orderReference } from '../../../nodes/shared/orders';
import { buildPaymentReference } from '../../../nodes/shared/paymentReference';
import * as payloads from './lightspeedPayloads';

describe('Lightspeed notification normalisation (every shape in the API reference)', () => {
	it('PAYMENT SUCCESS', () => {
		expect(normaliseNotification(payloads.paymentSuccess)).toEqual({
			eventKey: 'PAYMENT:SUCCESS:REF11:A123080.14',
			source: 'orderAndPay',
			event: 'paymentSuccess',
			type: 'PAYMENT',
			status: 'SUCCESS',
			reference: 'REF11',
			checkId: 'A123080.14',
			businessLocationId: 247158188015618,
			tableNumber: null,
			currentAmount: null,
			paidAmount: null,
			remaining: null,
			errorCode: null,
			reason: null,
			raw: payloads.paymentSuccess,
		});
	});

	it('PAYMENT FAILURE, amount greater than the amount due → OVERPAID', () => {
		expect(normaliseNotification(payloads.paymentFailureAmountTooHigh)).toMatchObject({
			event: 'paymentFailure',
			reference: 'REF12212',
			checkId: 'A78094.73',
			businessLocationId: 141948669832802,
			errorCode: 'OVERPAID',
			reason: 'the payment amount is greater than the amount due',
			eventKey: 'PAYMENT:FAILURE:REF12212:A78094.73',
		});
	});

	it('PAYMENT FAILURE with errors.account → that typed code, no check id', () => {
		expect(normaliseNotification(payloads.paymentFailureAccount)).toMatchObject({
			event: 'paymentFailure',
			checkId: null,
			errorCode: 'ACCOUNT_NOT_FOUND',
			reason: 'Account not found',
		});
	});

	it('PAYMENT FAILURE with errors.timeout → POS_TIMEOUT, reason from the error message', () => {
		expect(normaliseNotification(payloads.paymentFailureTimeout)).toMatchObject({
			event: 'paymentFailure',
			reference: 'QD-p1-1',
			errorCode: 'POS_TIMEOUT',
			reason: 'Not processed before validity ended',
		});
	});

	it.each([
		['STAFF_NOT_FOUND', 'STAFF_NOT_FOUND'],
		['PAYMENT_METHOD_NOT_FOUND', 'PAYMENT_METHOD_NOT_FOUND'],
		['ACCOUNT_ALREADY_CLOSED', 'ACCOUNT_ALREADY_CLOSED'],
		['OVERPAID', 'OVERPAID'],
		['ITEM_NOT_FOUND', 'UNKNOWN'],
	])('errors.account.type %s → %s', (type, code) => {
		const payload = { ...payloads.paymentFailureAccount, reason: 'x', errors: { account: { type } } };
		expect(normaliseNotification(payload)?.errorCode).toBe(code);
	});

	it('ORDER SUCCESS → orderAccepted', () => {
		expect(normaliseNotification(payloads.orderSuccess)).toMatchObject({
			event: 'orderAccepted',
			type: 'ORDER',
			reference: 'REF11',
			checkId: 'A123080.14',
			businessLocationId: null,
			errorCode: null,
		});
	});

	it('ORDER FAILURE without a type → orderFailed, with the reason (words we do not recognise: ORDER_REFUSED)', () => {
		expect(normaliseNotification(payloads.orderFailure)).toMatchObject({
			event: 'orderFailed',
			type: 'ORDER',
			status: 'FAILURE',
			reference: 'REF12212',
			errorCode: 'ORDER_REFUSED',
			reason: 'A consumer already exists for this email address with a different external reference.',
		});
	});

	// the reasons Lightspeed gives for an ORDER FAILURE (docs/contracts.md, the sandbox's list)
	it.each([
		['Order not delivered to the POS before validity ended', 'POS_TIMEOUT'],
		['Staff not found: 43', 'STAFF_NOT_FOUND'],
		['Item not found for SKU PIZZA', 'SKU_NOT_FOUND'],
		['Discount not found for code XMAS', 'DISCOUNT_REFUSED'],
		['Discount STAFF10 cannot be applied: it is not active', 'DISCOUNT_REFUSED'],
		['Payment method not found: QDCARD', 'PAYMENT_METHOD_NOT_FOUND'],
		['Account not found', 'ACCOUNT_NOT_FOUND'],
		['Account is already closed', 'ACCOUNT_ALREADY_CLOSED'],
		['Table 99 not found', 'TABLE_NOT_FOUND'],
		['Table 10 is not active', 'TABLE_INACTIVE'],
		['the payment amount is greater than the amount due', 'ORDER_PAYMENT_TOO_HIGH'],
	])('ORDER FAILURE "%s" → %s', (reason, code) => {
		expect(normaliseNotification({ ...payloads.orderFailure, type: 'ORDER', reason })).toMatchObject({ event: 'orderFailed', errorCode: code, reason });
	});

	it('a FAILURE without a type but with one of our payment references is a payment', () => {
		const { type: _omit, ...payload } = payloads.paymentFailureTimeout;
		expect(normaliseNotification(payload)).toMatchObject({ event: 'paymentFailure', type: 'PAYMENT' });
	});

	it.each([
		['a restaurant payment', buildPaymentReference('abc', 1, 'demo-bistro'), 'PAYMENT'],
		['a restaurant payment, hashed id', buildPaymentReference('x'.repeat(60), 2, 'demo-bistro'), 'PAYMENT'],
		['an older payment', buildPaymentReference('abc', 1), 'PAYMENT'],
		["a restaurant order whose id looks like that payment's reference tail", orderReference('abc-1', 1, 'demo-bistro'), 'ORDER'],
		['a restaurant order, hashed id', orderReference('o'.repeat(60), 1, 'demo-bistro'), 'ORDER'],
		['an older order (its own id)', orderReference('o-1', 1), 'ORDER'],
	])('a SUCCESS without a type: %s (%s) is a %s', (_what, reference, type) => {
		const { type: _omit, ...payload } = payloads.paymentFailureTimeout;
		expect(normaliseNotification({ ...payload, status: 'SUCCESS', errors: undefined, thirdPartyReference: reference })).toMatchObject({ type, reference });
	});

	it('a payment and an order of one restaurant never share a reference (payment abc attempt 1, order abc-1)', () => {
		expect(orderReference('abc-1', 1, 'demo-bistro')).not.toBe(buildPaymentReference('abc', 1, 'demo-bistro'));
	});

	it('CHECK_WAS_UPDATED with the account → amounts, table, check', () => {
		const payload = payloads.checkWasUpdated();
		expect(normaliseNotification(payload)).toEqual({
			eventKey: 'ORDER:CHECK_WAS_UPDATED:order-wFUBVgHNGPAJsryIrSaE:A17700.3:4.00/4.00',
			source: 'orderAndPay',
			event: 'checkUpdated',
			type: 'ORDER',
			status: 'CHECK_WAS_UPDATED',
			reference: 'order-wFUBVgHNGPAJsryIrSaE',
			checkId: 'A17700.3',
			businessLocationId: 247158188015618,
			tableNumber: 3,
			currentAmount: '4.00',
			paidAmount: '4.00',
			remaining: '0.00',
			errorCode: null,
			reason: null,
			raw: payload,
		});
	});

	it('CLOSED → checkClosed', () => {
		expect(normaliseNotification(payloads.checkWasUpdated('CLOSED'))).toMatchObject({
			event: 'checkClosed',
			status: 'CLOSED',
			remaining: '0.00',
			tableNumber: 3,
		});
	});

	it('two updates of one check with different amounts have different keys', () => {
		const first = payloads.checkWasUpdated();
		const second = { ...first, account: { ...first.account, paidAmount: '1.50' } };
		expect(normaliseNotification(first)?.eventKey).not.toBe(normaliseNotification(second)?.eventKey);
		expect(normaliseNotification(second)).toMatchObject({ paidAmount: '1.50', remaining: '2.50' });
	});

	it('RTN OPEN', () => {
		const payload = payloads.rtn('OPEN');
		expect(normaliseNotification(payload)).toEqual({
			eventKey: 'RTN:OPEN:A22096.23:1638473552053:10.00:0.00',
			source: 'rtn',
			event: 'rtnOpen',
			type: 'RTN',
			status: 'OPEN',
			reference: null,
			checkId: 'A22096.23',
			businessLocationId: 40570261078018,
			tableNumber: 2,
			currentAmount: '10.00',
			paidAmount: '0.00',
			remaining: '10.00',
			errorCode: null,
			reason: null,
			accountType: 'SALE',
			originCheckId: 'A22096.22',
			raw: payload,
		});
	});

	it.each([
		['UPDATE', 'rtnUpdate'],
		['CLOSE', 'rtnClose'],
	] as const)('RTN %s with negative TRANSITORY amounts', (type, event) => {
		expect(normaliseNotification(payloads.rtn(type))).toMatchObject({
			event,
			status: type,
			checkId: 'A22096.23',
			tableNumber: 2,
			currentAmount: '-10.00',
			paidAmount: '0.00',
			remaining: '-10.00',
			accountType: 'TRANSITORY',
			eventKey: `RTN:${type}:A22096.23:1638473600001:-10.00:0.00`,
		});
	});

	it('an RTN redelivery (retryCounter 1) has the same event key', () => {
		const first = payloads.rtn('UPDATE');
		expect(normaliseNotification({ ...first, retryCounter: 1 })?.eventKey).toBe(normaliseNotification(first)?.eventKey);
	});

	it('reads field names case-insensitively and amounts given as numbers or long decimals', () => {
		const payload = {
			Status: 'success',
			TYPE: 'payment',
			ThirdPartyReference: 'QD-p2-1',
			IKENTOOACCOUNTIDENTIFIER: 'A1.2',
			iKentooAccountId: 99,
			BusinessLocationId: '45454565682155',
			Account: { TableNumber: '7', currentamount: 12.345, PAIDAMOUNT: 2 },
		};
		expect(normaliseNotification(payload)).toMatchObject({
			event: 'paymentSuccess',
			reference: 'QD-p2-1',
			checkId: 'A1.2',
			businessLocationId: 45454565682155,
			tableNumber: 7,
			currentAmount: '12.35',
			paidAmount: '2.00',
			remaining: '10.35',
		});
	});

	it('keeps unknown statuses and types without an event', () => {
		expect(normaliseNotification({ type: 'ORDER', status: 'READY_FOR_PICKUP', thirdPartyReference: 'o-1' })).toMatchObject({
			event: null,
		});
		expect(normaliseNotification({ type: 'ITEM', status: 'RESTRICTED', sku: 'X' })?.event).toBeNull();
		expect(normaliseNotification({ notificationType: 'CANCEL', account: { accountNumber: 'A1' } })?.event).toBeNull();
	});

	it('returns null for something that is not an object', () => {
		expect(normaliseNotification(null)).toBeNull();
		expect(normaliseNotification([1])).toBeNull();
		expect(normaliseNotification('x')).toBeNull();
	});

	it('pick prefers the exact spelling, then any casing', () => {
		expect(pick({ a: 1, A: 2 }, 'A')).toBe(2);
		expect(pick({ ikentooAccountId: 1 }, 'iKentooAccountId')).toBe(1);
		expect(pick(undefined, 'a')).toBeUndefined();
	});
});
