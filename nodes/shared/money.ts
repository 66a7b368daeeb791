/**
 * Exact money handling. Amounts are carried as integer minor units (cents) in safe JS
 * integers and rendered as decimal strings with two places. Nothing here uses float
 * arithmetic on amounts: decimal strings are parsed digit by digit.
 */

export class MoneyError extends Error {
	constructor(
		readonly field: string,
		readonly problem: string,
	) {
		super(`${field} ${problem}`);
		this.name = 'MoneyError';
	}
}

const DECIMAL = /^([+-]?)(\d+)(?:\.(\d+))?$/;
const MAX_MINOR = Number.MAX_SAFE_INTEGER;

function numberToPlainString(value: number): string {
	// toString() would give exponent notation for very small or large numbers.
	if (!Number.isFinite(value)) return String(value);
	const text = String(value);
	if (!/e/i.test(text)) return text;
	return value.toFixed(20).replace(/0+$/, '').replace(/\.$/, '');
}

function splitDecimal(value: unknown): { negative: boolean; whole: string; fraction: string } | null {
	let text: string;
	if (typeof value === 'number') text = numberToPlainString(value);
	else if (typeof value === 'string') text = value.trim();
	else return null;
	const match = DECIMAL.exec(text);
	if (!match) return null;
	return { negative: match[1] === '-', whole: match[2], fraction: match[3] ?? '' };
}

/** Minor units of a whole/fraction pair, or undefined when it is not a safe integer. */
function minorOrUndefined(whole: string, fraction2: string): number | undefined {
	const minor = Number(whole) * 100 + Number(fraction2.padEnd(2, '0'));
	if (!Number.isSafeInteger(minor) || minor > MAX_MINOR) return undefined;
	return minor;
}

function toMinor(whole: string, fraction2: string): number {
	const minor = minorOrUndefined(whole, fraction2);
	if (minor === undefined) throw new RangeError('amount too large');
	return minor;
}

/**
 * Parses an amount given to us by a caller (Qodeup, a node parameter). Strict: at most two
 * decimals, must be a number or numeric string, must be > 0 unless `allowZero`.
 */
export function parseAmountInput(
	value: unknown,
	field: string,
	options: { allowZero?: boolean } = {},
): number {
	if (value === undefined || value === null || value === '') {
		throw new MoneyError(field, 'is required');
	}
	const parts = splitDecimal(value);
	if (!parts) throw new MoneyError(field, `must be a decimal amount like "12.50", got ${JSON.stringify(value)}`);
	if (parts.fraction.length > 2) throw new MoneyError(field, 'must have at most two decimals');
	const minor = minorOrUndefined(parts.whole, parts.fraction);
	if (minor === undefined) throw new MoneyError(field, 'is too large');
	if (parts.negative && minor !== 0) throw new MoneyError(field, 'must not be negative');
	if (minor === 0 && !options.allowZero) throw new MoneyError(field, 'must be greater than zero');
	return minor;
}

/**
 * Reads an amount that Lightspeed sent us. Lenient about the carrier (string or number,
 * any number of decimals, sign allowed) and rounds half away from zero to cents, because
 * Lightspeed renders some computed values (tax splits) with more than two decimals.
 */
export function parseLightspeedAmount(value: unknown, field = 'amount'): number {
	if (value === undefined || value === null || value === '') return 0;
	const parts = splitDecimal(value);
	if (!parts) throw new MoneyError(field, `is not a decimal amount: ${JSON.stringify(value)}`);
	let minor = toMinor(parts.whole, parts.fraction.slice(0, 2));
	if (parts.fraction.length > 2 && Number(parts.fraction[2]) >= 5) minor += 1;
	return parts.negative ? -minor : minor;
}

/** Renders minor units as a decimal string with two places: 1230 -> "12.30", -5 -> "-0.05". */
export function formatMinor(minor: number): string {
	if (!Number.isSafeInteger(minor)) throw new RangeError(`not an integer amount: ${minor}`);
	const sign = minor < 0 ? '-' : '';
	const abs = Math.abs(minor);
	const whole = Math.floor(abs / 100);
	const cents = abs % 100;
	return `${sign}${whole}.${cents.toString().padStart(2, '0')}`;
}

/** Renders minor units as a JSON number with exactly the decimal value (for request bodies). */
export function minorToJsonNumber(minor: number): number {
	// formatMinor gives an exact decimal literal; Number() of a two-decimal literal is the
	// closest double, which JSON.stringify prints back as the same short literal.
	return Number(formatMinor(minor));
}

export function sumMinor(values: number[]): number {
	let total = 0;
	for (const value of values) total += value;
	if (!Number.isSafeInteger(total)) throw new RangeError('sum too large');
	return total;
}

/** An amount as a person reads it in an email or on a page: "12.30 EUR" (the value as given when unreadable). */
export function formatMoney(value: unknown, currency: string): string {
	try {
		return `${formatMinor(parseLightspeedAmount(value === '' || value === null || value === undefined ? '0' : value, 'amount'))} ${currency || ''}`.trim();
	} catch {
		return String(value ?? '');
	}
}
