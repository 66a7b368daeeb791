import { formatMinor, minorToJsonNumber, MoneyError, parseAmountInput } from '../../../nodes/shared/money';
import { buildOrderReference, MAX_ORDER_REFERENCE_LENGTH } from '../../../nodes/shared/paymentReference';

describe('minorToJsonNumber (request bodies)', () => {
	it.each([
		[1, '0.01'],
		[30, '0.3'],
		[2006, '20.06'],
		[123456789, '1234567.89'],
		[0, '0'],
	])('%p minor units serialise as %s', (minor, json) => {
		expect(JSON.stringify(minorToJsonNumber(minor))).toBe(json);
	});

	it('round-trips every cent value up to 1000.00 exactly', () => {
		for (let minor = 0; minor <= 100000; minor++) {
			expect(parseAmountInput(String(minorToJsonNumber(minor)), 'amount', { allowZero: true })).toBe(minor);
		}
	});

	it('refuses amounts beyond safe integers, naming the field', () => {
		expect(() => parseAmountInput('99999999999999999999', 'amount')).toThrow(MoneyError);
		expect(() => parseAmountInput('99999999999999999999', 'amount')).toThrow('amount is too large');
		expect(formatMinor(-1)).toBe('-0.01');
	});
});

describe('buildOrderReference', () => {
	it('keeps a plain order id', () => {
		expect(buildOrderReference('o-1')).toBe('o-1');
		expect(buildOrderReference('A'.repeat(48))).toBe('A'.repeat(48));
	});

	it('hashes long or unusual ids deterministically within 48 chars', () => {
		const long = buildOrderReference('A'.repeat(49));
		expect(long).toMatch(/^QOH-[0-9a-f]{32}$/);
		expect(long.length).toBeLessThanOrEqual(MAX_ORDER_REFERENCE_LENGTH);
		expect(buildOrderReference('order #1/2')).toBe(buildOrderReference('order #1/2'));
		expect(buildOrderReference('order #1/2')).not.toBe(buildOrderReference('order #1/3'));
		expect(() => buildOrderReference('')).toThrow('orderId is required');
	});
});
