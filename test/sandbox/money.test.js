'use strict';
// The sandbox's money: integer cents in, "x.yy" out, no float arithmetic.

const { toCents, formatCents, centsToNumber, netOfTax, MoneyError } = require('../../sandbox/money');

test('parses numbers and decimal strings exactly', () => {
	expect(toCents(20.06)).toBe(2006);
	expect(toCents('8.05')).toBe(805);
	expect(toCents('8.5')).toBe(850);
	expect(toCents(3)).toBe(300);
	expect(toCents('0.10') + toCents('0.20')).toBe(toCents('0.30'));
	expect(toCents(' 12.30 ')).toBe(1230);
});

test('refuses more than two decimals (a float artefact such as 0.1 + 0.2 included) and non-numbers', () => {
	expect(() => toCents(0.1 + 0.2)).toThrow(MoneyError);
	expect(() => toCents('1.005')).toThrow(/at most 2 decimals/);
	expect(() => toCents('12,30')).toThrow(MoneyError);
	expect(() => toCents(1e21)).toThrow(MoneyError);
	expect(() => toCents(NaN)).toThrow(MoneyError);
	expect(() => toCents(null)).toThrow(MoneyError);
});

test('renders cents as decimal strings and RTN numbers', () => {
	expect(formatCents(805)).toBe('8.05');
	expect(formatCents(0)).toBe('0.00');
	expect(formatCents(-5)).toBe('-0.05');
	expect(formatCents(123456789)).toBe('1234567.89');
	expect(() => formatCents(1.5)).toThrow(MoneyError);
	expect(centsToNumber(1050)).toBe(10.5);
});

test('net of an included tax is rounded half up in integers', () => {
	expect(netOfTax(575, 1000)).toBe(523); // 5.75 / 1.10 = 5.227…
	expect(netOfTax(2900, 1000)).toBe(2636);
	expect(netOfTax(11, 1000)).toBe(10); // 0.11 / 1.10 = 0.10 exactly
	expect(netOfTax(-2900, 1000)).toBe(-2636);
});
