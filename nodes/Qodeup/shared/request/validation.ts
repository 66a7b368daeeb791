import { formatMinor, MoneyError, parseAmountInput } from '../../../shared/money';
import type { OrderRequest } from '../../../shared/orders';
import type { PaymentMethod, PaymentRequest } from '../../../shared/payments';
import { QODEUP_ID_PATTERN } from '../../../shared/paymentReference';

/**
 * Validation of what Qodeup sends. Pure functions: each returns the cleaned value (only the
 * fields we know, typed and normalised) or the list of problems, one per field, in the
 * wording the 422 answer uses. Unknown fields are ignored and never passed on.
 */

export interface FieldProblem {
	field: string;
	problem: string;
}

export type Validated<T> = { ok: true; value: T } | { ok: false; problems: FieldProblem[] };

export const LIMITS = {
	maxBodyBytes: 64 * 1024,
	idLength: 64,
	orderIdLength: 48, // Lightspeed's thirdPartyReference for orders is at most 48 characters
	checkIdLength: 64,
	skuLength: 25,
	maxItems: 100,
	maxQuantity: 999,
	maxModifiers: 20,
	maxTableNumber: 999999,
	nameLength: 100,
	emailLength: 254,
	phoneLength: 32,
	noteLength: 500,
	maxAmountMinor: 100000000, // 1 000 000.00
} as const;

export const INTEGRATION_ID_PATTERN = /^[A-Za-z0-9-]{1,40}$/;
export const ID_PATTERN = QODEUP_ID_PATTERN;
// A Lightspeed account identifier (V3 form, e.g. A65315.21): a letter, the POS id, a dot, a number.
const CHECK_ID_PATTERN = /^[A-Za-z][0-9]{1,19}\.[0-9]{1,9}$/;
const PHONE_PATTERN = /^\+?[0-9 ().-]+$/;
// Deliberately simple: one @, no spaces, a dot in the domain. The POS only stores it.
const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
// C0 controls, DEL and C1 controls. The note may carry tabs and line breaks.
const CONTROL_CHARS = /[\u0000-\u001f\u007f-\u009f]/;
const CONTROL_CHARS_EXCEPT_BREAKS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;

export const PAYMENT_METHODS = ['card', 'voucher'] as const;
export const ORDER_MODES = ['eat-in', 'to-go'] as const;
export type { PaymentMethod } from '../../../shared/payments';
export type OrderMode = OrderRequest['mode'];
/** The validated payment (see nodes/shared/payments.ts). */
export type QodeupPayment = PaymentRequest;
/** The validated order (see nodes/shared/orders.ts). */
export type QodeupOrder = OrderRequest;
export type QodeupOrderItem = OrderRequest['items'][number];

type JsonObject = Record<string, unknown>;

function isObject(value: unknown): value is JsonObject {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function has(object: JsonObject, key: string): boolean {
	return Object.prototype.hasOwnProperty.call(object, key) && object[key] !== undefined;
}

/** Collects problems while reading fields; each reader returns the value or undefined. */
class Reader {
	readonly problems: FieldProblem[] = [];

	fail(field: string, problem: string): undefined {
		this.problems.push({ field, problem });
		return undefined;
	}

	text(
		value: unknown,
		field: string,
		options: { max: number; pattern?: RegExp; patternText?: string; allowBreaks?: boolean },
	): string | undefined {
		if (typeof value !== 'string') return this.fail(field, 'must be a string');
		if (value.length === 0) return this.fail(field, 'must not be empty');
		if (value.length > options.max) return this.fail(field, `must be at most ${options.max} characters`);
		const controls = options.allowBreaks ? CONTROL_CHARS_EXCEPT_BREAKS : CONTROL_CHARS;
		if (controls.test(value)) return this.fail(field, 'must not contain control characters');
		if (options.pattern && !options.pattern.test(value)) {
			return this.fail(field, options.patternText ?? 'has characters that are not allowed');
		}
		return value;
	}

	optionalText(
		object: JsonObject,
		key: string,
		field: string,
		options: { max: number; pattern?: RegExp; patternText?: string; allowBreaks?: boolean },
	): string | undefined {
		if (!has(object, key) || object[key] === null || object[key] === '') return '';
		return this.text(object[key], field, options);
	}

	positiveInteger(value: unknown, field: string, max: number): number | undefined {
		if (typeof value !== 'number' || !Number.isInteger(value)) return this.fail(field, 'must be a whole number');
		if (value < 1) return this.fail(field, 'must be 1 or more');
		if (value > max) return this.fail(field, `must be at most ${max}`);
		return value;
	}

	amount(value: unknown, field: string, allowZero: boolean): string | undefined {
		// Strings are plain digits with an optional fraction: no plus sign, spaces or exponent
		// (a minus sign gets through to be refused as "negative", which says more).
		const plain = typeof value === 'string' && /^-?[0-9]+(\.[0-9]+)?$/.test(value);
		if (typeof value !== 'number' && !plain) {
			return this.fail(field, 'must be a decimal amount like "12.50" (string or number)');
		}
		try {
			const minor = parseAmountInput(value, field, { allowZero });
			if (minor > LIMITS.maxAmountMinor) return this.fail(field, `must be at most ${formatMinor(LIMITS.maxAmountMinor)}`);
			return formatMinor(minor);
		} catch (error) {
			return this.fail(field, error instanceof MoneyError ? error.problem : 'is not a valid amount');
		}
	}

	oneOf<T extends string>(value: unknown, field: string, allowed: readonly T[]): T | undefined {
		if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
		return this.fail(field, `must be one of ${allowed.map((entry) => `"${entry}"`).join(', ')}`);
	}
}

const ID_RULE = { pattern: ID_PATTERN, patternText: 'may contain only letters, digits and . _ : -' };
const CHECK_ID_RULE = {
	max: LIMITS.checkIdLength,
	pattern: CHECK_ID_PATTERN,
	patternText: 'must be a Lightspeed check id like "A65315.21"',
};

export function validateIntegrationId(value: unknown): string | undefined {
	if (typeof value !== 'string' || !INTEGRATION_ID_PATTERN.test(value)) {
		return 'The Integration ID must be 1 to 40 letters, digits or dashes';
	}
	return undefined;
}

/** `tableNumber` from the URL (n8n gives it URL-decoded, as a string). */
export function validateTableNumberParam(raw: unknown): Validated<number> {
	const reader = new Reader();
	if (typeof raw !== 'string' || !/^[0-9]{1,9}$/.test(raw)) {
		reader.fail('params.tableNumber', 'must be a whole number');
		return { ok: false, problems: reader.problems };
	}
	const value = reader.positiveInteger(Number(raw), 'params.tableNumber', LIMITS.maxTableNumber);
	return value === undefined ? { ok: false, problems: reader.problems } : { ok: true, value };
}

/** `orderId` from the URL: the same rule as in the order body. */
export function validateOrderIdParam(raw: unknown): Validated<string> {
	const reader = new Reader();
	const value = reader.text(raw, 'params.orderId', { max: LIMITS.orderIdLength, ...ID_RULE });
	return value === undefined ? { ok: false, problems: reader.problems } : { ok: true, value };
}

/** `paymentId` from the URL: the same rule as in the payment body. */
export function validatePaymentIdParam(raw: unknown): Validated<string> {
	const reader = new Reader();
	const value = reader.text(raw, 'params.paymentId', { max: LIMITS.idLength, ...ID_RULE });
	return value === undefined ? { ok: false, problems: reader.problems } : { ok: true, value };
}

function readTableOrCheck(
	reader: Reader,
	body: JsonObject,
	prefix: string,
): { tableNumber: number | null; checkId: string | null } {
	let tableNumber: number | null = null;
	let checkId: string | null = null;
	if (has(body, 'tableNumber') && body.tableNumber !== null) {
		tableNumber = reader.positiveInteger(body.tableNumber, `${prefix}tableNumber`, LIMITS.maxTableNumber) ?? null;
	}
	if (has(body, 'checkId') && body.checkId !== null) {
		checkId = reader.text(body.checkId, `${prefix}checkId`, CHECK_ID_RULE) ?? null;
	}
	return { tableNumber, checkId };
}

/**
 * A phone number as Lightspeed's `contactNumberAsE164` wants it: spaces, dots, dashes and
 * brackets removed, a leading 00 read as +, then "+" and 7 to 15 digits (no leading 0 in the
 * country code). A national number without a country code cannot be made E.164: undefined.
 */
export function toE164(typed: string): string | undefined {
	let digits = typed.replace(/[\s().-]/g, '');
	if (digits.startsWith('00')) digits = `+${digits.slice(2)}`;
	return /^\+[1-9][0-9]{6,14}$/.test(digits) ? digits : undefined;
}

export function validatePaymentBody(body: unknown): Validated<QodeupPayment> {
	const reader = new Reader();
	if (!isObject(body)) {
		reader.fail('body', 'must be a JSON object');
		return { ok: false, problems: reader.problems };
	}
	const paymentId = has(body, 'paymentId')
		? reader.text(body.paymentId, 'paymentId', { max: LIMITS.idLength, ...ID_RULE })
		: reader.fail('paymentId', 'is required');
	const place = readTableOrCheck(reader, body, '');
	const bothMissing =
		(!has(body, 'tableNumber') || body.tableNumber === null) && (!has(body, 'checkId') || body.checkId === null);
	if (bothMissing) reader.fail('tableNumber', 'or checkId is required');
	const amount = has(body, 'amount') ? reader.amount(body.amount, 'amount', false) : reader.fail('amount', 'is required');
	const tipAmount = has(body, 'tipAmount') && body.tipAmount !== null ? reader.amount(body.tipAmount, 'tipAmount', true) : '0.00';
	const method = has(body, 'method')
		? reader.oneOf(body.method, 'method', PAYMENT_METHODS)
		: reader.fail('method', 'is required');
	if (reader.problems.length) return { ok: false, problems: reader.problems };
	return {
		ok: true,
		value: {
			paymentId: paymentId as string,
			tableNumber: place.tableNumber,
			checkId: place.checkId,
			amount: amount as string,
			tipAmount: tipAmount as string,
			method: method as PaymentMethod,
		},
	};
}

function readItems(reader: Reader, value: unknown): QodeupOrderItem[] {
	if (!Array.isArray(value)) {
		reader.fail('items', 'must be a list');
		return [];
	}
	if (value.length === 0) {
		reader.fail('items', 'must have at least one item');
		return [];
	}
	if (value.length > LIMITS.maxItems) {
		reader.fail('items', `must have at most ${LIMITS.maxItems} items`);
		return [];
	}
	const items: QodeupOrderItem[] = [];
	value.forEach((entry, index) => {
		const at = `items[${index}]`;
		if (!isObject(entry)) {
			reader.fail(at, 'must be an object');
			return;
		}
		const sku = has(entry, 'sku')
			? reader.text(entry.sku, `${at}.sku`, { max: LIMITS.skuLength })
			: reader.fail(`${at}.sku`, 'is required');
		const quantity = has(entry, 'quantity')
			? reader.positiveInteger(entry.quantity, `${at}.quantity`, LIMITS.maxQuantity)
			: reader.fail(`${at}.quantity`, 'is required');
		const modifiers: Array<{ modifierId: string }> = [];
		if (has(entry, 'modifiers') && entry.modifiers !== null) {
			if (!Array.isArray(entry.modifiers)) {
				reader.fail(`${at}.modifiers`, 'must be a list');
			} else if (entry.modifiers.length > LIMITS.maxModifiers) {
				reader.fail(`${at}.modifiers`, `must have at most ${LIMITS.maxModifiers} entries`);
			} else {
				entry.modifiers.forEach((modifier: unknown, modifierIndex: number) => {
					const field = `${at}.modifiers[${modifierIndex}].modifierId`;
					if (!isObject(modifier) || !has(modifier, 'modifierId')) {
						reader.fail(field, 'is required');
						return;
					}
					// Lightspeed modifier ids are numbers; Qodeup may send them as numbers or strings.
					const raw = modifier.modifierId;
					const id =
						typeof raw === 'number' && Number.isSafeInteger(raw) && raw > 0
							? String(raw)
							: reader.text(raw, field, { max: LIMITS.idLength, ...ID_RULE });
					if (id !== undefined) modifiers.push({ modifierId: id });
				});
			}
		}
		if (sku !== undefined && quantity !== undefined) items.push({ sku, quantity, modifiers });
	});
	return items;
}

function readCustomer(reader: Reader, value: unknown): QodeupOrder['customer'] | undefined {
	if (!isObject(value)) return reader.fail('customer', 'must be an object');
	const firstName = has(value, 'firstName')
		? reader.text(value.firstName, 'customer.firstName', { max: LIMITS.nameLength })
		: reader.fail('customer.firstName', 'is required');
	const lastName = reader.optionalText(value, 'lastName', 'customer.lastName', { max: LIMITS.nameLength });
	const email = reader.optionalText(value, 'email', 'customer.email', {
		max: LIMITS.emailLength,
		pattern: EMAIL_PATTERN,
		patternText: 'must be an email address',
	});
	const typed = reader.optionalText(value, 'phone', 'customer.phone', {
		max: LIMITS.phoneLength,
		pattern: PHONE_PATTERN,
		patternText: 'may contain only digits, spaces, + ( ) . -',
	});
	let phone = typed;
	if (typed) {
		phone = toE164(typed);
		if (!phone) {
			reader.fail(
				'customer.phone',
				'must be an international number: + or 00, the country code, then the number (e.g. "+39 333 1234567")',
			);
		}
	}
	if (firstName === undefined || lastName === undefined || email === undefined || phone === undefined) return undefined;
	return { firstName, lastName, email, phone };
}

function readOrderPayment(reader: Reader, value: unknown): QodeupOrder['payment'] | undefined {
	if (value === null || value === undefined) return null;
	if (!isObject(value)) return reader.fail('payment', 'must be an object');
	const amount = has(value, 'amount')
		? reader.amount(value.amount, 'payment.amount', false)
		: reader.fail('payment.amount', 'is required');
	const tipAmount =
		has(value, 'tipAmount') && value.tipAmount !== null ? reader.amount(value.tipAmount, 'payment.tipAmount', true) : '0.00';
	const method = has(value, 'method')
		? reader.oneOf(value.method, 'payment.method', PAYMENT_METHODS)
		: reader.fail('payment.method', 'is required');
	if (amount === undefined || tipAmount === undefined || method === undefined) return undefined;
	return { amount, tipAmount, method };
}

export function validateOrderBody(body: unknown): Validated<QodeupOrder> {
	const reader = new Reader();
	if (!isObject(body)) {
		reader.fail('body', 'must be a JSON object');
		return { ok: false, problems: reader.problems };
	}
	const orderId = has(body, 'orderId')
		? reader.text(body.orderId, 'orderId', { max: LIMITS.orderIdLength, ...ID_RULE })
		: reader.fail('orderId', 'is required');
	const mode = has(body, 'mode') ? reader.oneOf(body.mode, 'mode', ORDER_MODES) : reader.fail('mode', 'is required');
	const place = readTableOrCheck(reader, body, '');
	if (mode === 'eat-in' && place.tableNumber === null && place.checkId === null) {
		const tableGiven = has(body, 'tableNumber') && body.tableNumber !== null;
		const checkGiven = has(body, 'checkId') && body.checkId !== null;
		if (!tableGiven && !checkGiven) reader.fail('tableNumber', 'is required for an eat-in order (or give checkId)');
	}
	if (mode === 'to-go') {
		if (has(body, 'tableNumber') && body.tableNumber !== null) reader.fail('tableNumber', 'must not be given for a to-go order');
		if (has(body, 'checkId') && body.checkId !== null) reader.fail('checkId', 'must not be given for a to-go order');
	}
	const items = has(body, 'items') ? readItems(reader, body.items) : (reader.fail('items', 'is required') ?? []);
	const customer = has(body, 'customer') ? readCustomer(reader, body.customer) : reader.fail('customer', 'is required');
	const note = reader.optionalText(body, 'note', 'note', { max: LIMITS.noteLength, allowBreaks: true });
	const payment = readOrderPayment(reader, body.payment);
	if (reader.problems.length) return { ok: false, problems: reader.problems };
	return {
		ok: true,
		value: {
			orderId: orderId as string,
			mode: mode as OrderMode,
			tableNumber: mode === 'to-go' ? null : place.tableNumber,
			checkId: mode === 'to-go' ? null : place.checkId,
			items,
			customer: customer as QodeupOrder['customer'],
			note: note as string,
			payment: payment ?? null,
		},
	};
}

export type ParsedBody = { ok: true; value: unknown } | { ok: false; message: string };

/** Parses the raw bytes as UTF-8 JSON. Invalid UTF-8 counts as malformed, like bad JSON. */
export function parseJsonBody(raw: Buffer): ParsedBody {
	const text = raw.toString('utf8');
	if (!Buffer.from(text, 'utf8').equals(raw)) return { ok: false, message: 'The body is not valid UTF-8' };
	if (text.trim() === '') return { ok: false, message: 'The body is empty; a JSON object is expected' };
	try {
		return { ok: true, value: JSON.parse(text) as unknown };
	} catch (error) {
		return { ok: false, message: `The body is not valid JSON: ${(error as Error).message}` };
	}
}

export function describeProblems(problems: FieldProblem[]): string {
	const shown = problems.slice(0, 5).map((entry) => `${entry.field} ${entry.problem}`);
	const more = problems.length > 5 ? ` (and ${problems.length - 5} more)` : '';
	return `The request has ${problems.length} invalid field${problems.length === 1 ? '' : 's'}: ${shown.join('; ')}${more}`;
}
