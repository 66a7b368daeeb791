import type { IDataObject } from 'n8n-workflow';

import { formatMinor, parseLightspeedAmount } from '../../shared/money';

/** A Lightspeed account snapshot ("check") as the node outputs it (docs/contracts.md). */
export interface NormalisedCheck extends IDataObject {
	checkId: string;
	uuid: string | null;
	name: string | null;
	tableNumber: number | null;
	clientCount: number | null;
	openDate: string | null;
	closeDate: string | null;
	currentAmount: string;
	paidAmount: string;
	remaining: string;
	serviceCharge: string;
	staffId: number | null;
	staffName: string | null;
	posId: number | null;
	closed: boolean;
	lines: CheckLine[];
	payments: CheckPayment[];
}

export interface CheckLine extends IDataObject {
	sku: string | null;
	name: string | null;
	quantity: number;
	unitAmount: string;
	amount: string;
	modifiers: string[];
	subLines: CheckLine[];
}

export interface CheckPayment extends IDataObject {
	reference: string | null;
	methodCode: string | null;
	methodName: string | null;
	amount: string;
	date: string | null;
	active: boolean;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Reads a field whatever its casing (Lightspeed spells the same field `ikaccountId`,
 * `iKaccountId`, `ikentooAccountId`… depending on the endpoint).
 */
export function pick(source: Record<string, unknown>, ...names: string[]): unknown {
	for (const name of names) {
		if (source[name] !== undefined) return source[name];
	}
	const lower = names.map((name) => name.toLowerCase());
	for (const [key, value] of Object.entries(source)) {
		if (value !== undefined && lower.includes(key.toLowerCase())) return value;
	}
	return undefined;
}

function asString(value: unknown): string | null {
	if (value === undefined || value === null || value === '') return null;
	return typeof value === 'string' ? value : String(value);
}

function asInteger(value: unknown): number | null {
	if (value === undefined || value === null || value === '') return null;
	const number = typeof value === 'number' ? value : Number(value);
	return Number.isFinite(number) ? Math.trunc(number) : null;
}

function asQuantity(value: unknown): number {
	const number = typeof value === 'number' ? value : Number(value);
	return Number.isFinite(number) ? number : 0;
}

function normaliseLine(raw: unknown): CheckLine | null {
	if (!isRecord(raw)) return null;
	const modifiers = Array.isArray(raw.modifiers)
		? raw.modifiers
				.map((modifier) => (isRecord(modifier) ? asString(modifier.name) : asString(modifier)))
				.filter((name): name is string => name !== null)
		: [];
	const subLines = Array.isArray(raw.subLineItems)
		? raw.subLineItems.map(normaliseLine).filter((line): line is CheckLine => line !== null)
		: [];
	return {
		sku: asString(pick(raw, 'itemSku', 'sku')),
		name: asString(pick(raw, 'itemName', 'name')),
		quantity: asQuantity(raw.quantity),
		unitAmount: formatMinor(parseLightspeedAmount(pick(raw, 'unitAmount'), 'unitAmount')),
		amount: formatMinor(parseLightspeedAmount(pick(raw, 'amountWithTax', 'amount'), 'amountWithTax')),
		modifiers,
		subLines,
	};
}

function normalisePayment(raw: unknown): CheckPayment | null {
	if (!isRecord(raw)) return null;
	return {
		reference: asString(pick(raw, 'externalReference')),
		methodCode: asString(pick(raw, 'paymentMethodCode', 'paymentMethod')),
		methodName: asString(pick(raw, 'paymentMethodDescription')),
		amount: formatMinor(parseLightspeedAmount(pick(raw, 'amountPaid', 'amount'), 'amountPaid')),
		date: asString(pick(raw, 'paymentDate', 'date')),
		active: raw.active !== false,
	};
}

/** Whether a snapshot describes a closed check. */
export function isClosedSnapshot(raw: Record<string, unknown>): boolean {
	if (asString(pick(raw, 'closeDate')) !== null) return true;
	if (raw.closed === true) return true;
	const status = asString(pick(raw, 'status', 'state'));
	return status !== null && /closed/i.test(status);
}

/** Normalises an account snapshot; amounts become two-decimal strings, remaining is exact. */
export function normaliseCheck(raw: unknown): NormalisedCheck {
	if (!isRecord(raw)) throw new TypeError('Lightspeed returned a check that is not an object');
	const current = parseLightspeedAmount(pick(raw, 'currentAmount'), 'currentAmount');
	const paid = parseLightspeedAmount(pick(raw, 'paidAmount'), 'paidAmount');
	return {
		checkId: asString(pick(raw, 'ikaccountId', 'accountIdentifier', 'ikentooAccountIdentifier', 'identifier')) ?? '',
		uuid: asString(raw.uuid),
		name: asString(raw.name),
		tableNumber: asInteger(pick(raw, 'tableNumber')),
		clientCount: asInteger(pick(raw, 'clientCount')),
		openDate: asString(pick(raw, 'openDate')),
		closeDate: asString(pick(raw, 'closeDate')),
		currentAmount: formatMinor(current),
		paidAmount: formatMinor(paid),
		remaining: formatMinor(current - paid),
		serviceCharge: formatMinor(parseLightspeedAmount(pick(raw, 'serviceCharge'), 'serviceCharge')),
		staffId: asInteger(pick(raw, 'staffId')),
		staffName: asString(pick(raw, 'staffName')),
		posId: asInteger(pick(raw, 'posId')),
		closed: isClosedSnapshot(raw),
		lines: (Array.isArray(raw.salesEntries) ? raw.salesEntries : [])
			.map(normaliseLine)
			.filter((line): line is CheckLine => line !== null),
		payments: (Array.isArray(raw.paymentEntries) ? raw.paymentEntries : [])
			.map(normalisePayment)
			.filter((payment): payment is CheckPayment => payment !== null),
	};
}

/** Remaining amount of a normalised check, in minor units. */
export function remainingMinor(check: NormalisedCheck): number {
	return parseLightspeedAmount(check.remaining, 'remaining');
}

/** The payment line carrying one of `references`, if any. */
export function findPaymentLine(check: NormalisedCheck, references: string[]): CheckPayment | undefined {
	return check.payments.find((payment) => payment.reference !== null && references.includes(payment.reference));
}

