import {
	formatMinor,
	formatMoney,
	MoneyError,
	parseAmountInput,
	parseLightspeedAmount,
} from '../../../nodes/shared/money';

describe('parseAmountInput', () => {
	it.each([
		['12.30', 1230],
		['12.3', 1230],
		[12.3, 1230],
		['0.01', 1],
		[0.1 + 0.2 === 0.30000000000000004 ? '0.30' : '0.30', 30],
		['1000000', 100000000],
	])('reads %p as %p minor units', (input, minor) => {
		expect(parseAmountInput(input, 'amount')).toBe(minor);
	});

	it.each([
		['12.345', 'amount must have at most two decimals'],
		[0.1 + 0.2, 'amount must have at most two decimals'],
		['0', 'amount must be greater than zero'],
		['-5.00', 'amount must not be negative'],
		['abc', 'amount must be a decimal amount'],
		['1e3', 'amount must be a decimal amount'],
		[undefined, 'amount is required'],
		[{}, 'amount must be a decimal amount'],
	])('refuses %p naming the field', (input, message) => {
		expect(() => parseAmountInput(input, 'amount')).toThrow(MoneyError);
		expect(() => parseAmountInput(input, 'amount')).toThrow(message);
	});

	it('accepts zero when allowed (tips)', () => {
		expect(parseAmountInput('0', 'tipAmount', { allowZero: true })).toBe(0);
	});
});

describe('Lightspeed amounts', () => {
	it('reads strings and numbers alike', () => {
		expect(parseLightspeedAmount('8.05')).toBe(805);
		expect(parseLightspeedAmount(8.05)).toBe(805);
		expect(parseLightspeedAmount(-4)).toBe(-400);
		expect(parseLightspeedAmount(null)).toBe(0);
	});

	it('rounds extra decimals half away from zero', () => {
		expect(parseLightspeedAmount('1.6667')).toBe(167);
		expect(parseLightspeedAmount('8.3333')).toBe(833);
		expect(parseLightspeedAmount('-1.005')).toBe(-101);
	});

	it('computes 0.1 + 0.2 exactly', () => {
		expect(formatMinor(parseLightspeedAmount(0.1) + parseLightspeedAmount(0.2))).toBe('0.30');
	});

	it('formats two places', () => {
		expect(formatMinor(5)).toBe('0.05');
		expect(formatMinor(-5)).toBe('-0.05');
		expect(formatMinor(parseLightspeedAmount('4'))).toBe('4.00');
	});
});

describe('formatMoney', () => {
	it('reads as a person would, exact, with the currency', () => {
		expect(formatMoney('12.3', 'EUR')).toBe('12.30 EUR');
		expect(formatMoney(4, 'GBP')).toBe('4.00 GBP');
		expect(formatMoney('', '')).toBe('0.00');
		expect(formatMoney('not money', 'EUR')).toBe('not money');
	});
});
