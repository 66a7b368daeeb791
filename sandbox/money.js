'use strict';
// Exact money for the sandbox: amounts live as integer cents and are rendered "x.yy".
// Input numbers are read through their shortest decimal text, never through float maths,
// so 0.1 + 0.2 (0.30000000000000004) is refused rather than silently rounded.

const DECIMAL = /^(-?)(\d+)(?:\.(\d{1,2}))?$/;

class MoneyError extends Error {}

function toCents(value) {
	let text;
	if (typeof value === 'number') {
		if (!Number.isFinite(value)) throw new MoneyError('is not a finite number');
		text = String(value);
	} else if (typeof value === 'string') {
		text = value.trim();
	} else {
		throw new MoneyError('must be a number');
	}
	const m = DECIMAL.exec(text);
	if (!m) {
		if (/^-?\d+\.\d{3,}$/.test(text)) throw new MoneyError('must have at most 2 decimals');
		throw new MoneyError(`is not a decimal amount: ${JSON.stringify(value)}`);
	}
	const cents = Number(m[2]) * 100 + Number((m[3] || '').padEnd(2, '0'));
	if (!Number.isSafeInteger(cents)) throw new MoneyError('is too large');
	return m[1] === '-' ? -cents : cents;
}

function formatCents(cents) {
	if (!Number.isSafeInteger(cents)) throw new MoneyError(`not integer cents: ${cents}`);
	const sign = cents < 0 ? '-' : '';
	const abs = Math.abs(cents);
	return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

// RTN payloads carry plain JSON numbers (see API doc §8.3); parse the exact decimal text.
function centsToNumber(cents) {
	return Number(formatCents(cents));
}

// Net amount of a tax-included gross amount, rounded half up, in integers only.
function netOfTax(grossCents, rateBasisPoints) {
	const divisor = 10000 + rateBasisPoints;
	const sign = grossCents < 0 ? -1 : 1;
	const abs = Math.abs(grossCents);
	return sign * Math.floor((abs * 10000 * 2 + divisor) / (2 * divisor));
}

module.exports = { MoneyError, toCents, formatCents, centsToNumber, netOfTax };
