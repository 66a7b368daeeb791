import type { IDataObject } from 'n8n-workflow';

import { explainFailure, isGuestRefusal } from './failureReasons';
import { millis, text } from './ledgers';
import type { LedgerRow } from './ledgers';
import { formatMinor, parseLightspeedAmount } from './money';
import { buildPaymentReference } from './paymentReference';

/**
 * The payment rules that decide what the ledger says and what Qodeup hears: what a payment
 * request is, when a repeat is the same payment, which payments are still "in flight" on a
 * check, and the answer for a ledger row. Pure functions, unit-tested; the templates only
 * move rows between n8n Data table nodes and these rules.
 */

export type PaymentMethod = 'card' | 'voucher';

/** A validated Qodeup payment request (amounts already canonical "12.50" strings). */
export interface PaymentRequest {
	paymentId: string;
	tableNumber: number | null;
	checkId: string | null;
	amount: string;
	tipAmount: string;
	method: PaymentMethod;
}

/** Ledger statuses; `''` is a row created by "find or create" and not claimed yet. */
export type PaymentStatus = '' | 'received' | 'sent' | 'applied' | 'failed' | 'refused';
export const IN_FLIGHT_STATUSES: readonly PaymentStatus[] = ['received', 'sent'];

/** The fields of a payment that make it the same payment, in a stable order. */
const REQUEST_FIELDS = ['amount', 'tipAmount', 'method', 'tableNumber', 'checkId'] as const;
type RequestField = (typeof REQUEST_FIELDS)[number];

/** The request as stored in the ledger's `request` column, so a repeat can be compared with it. */
export function canonicalRequest(request: PaymentRequest): string {
	return JSON.stringify({
		amount: request.amount,
		tipAmount: request.tipAmount,
		method: request.method,
		tableNumber: request.tableNumber,
		checkId: request.checkId,
	});
}

function parseRecorded(recorded: string): Partial<Record<RequestField, unknown>> | undefined {
	try {
		const value = JSON.parse(recorded) as unknown;
		return value && typeof value === 'object' ? (value as Partial<Record<RequestField, unknown>>) : undefined;
	} catch {
		return undefined;
	}
}

function sameValue(field: RequestField, recorded: unknown, now: unknown): boolean {
	if (field === 'amount' || field === 'tipAmount') {
		// exact decimals: "10.5" and "10.50" are the same amount, 10.5 and "10.50" too
		try {
			return parseLightspeedAmount(recorded ?? 0, field) === parseLightspeedAmount(now ?? 0, field);
		} catch {
			return false;
		}
	}
	const norm = (value: unknown) => (value === null || value === undefined || value === '' ? '' : String(value));
	return norm(recorded) === norm(now);
}

/**
 * The fields in which `request` differs from the payment recorded under the same id ([] = the
 * same payment). A row whose request was never recorded (an older ledger) compares with its
 * own columns.
 */
export function differingFields(row: LedgerRow, request: PaymentRequest): RequestField[] {
	const recorded: Partial<Record<RequestField, unknown>> = parseRecorded(text(row, 'request')) ?? rowPayment(row);
	return REQUEST_FIELDS.filter((field) => !sameValue(field, recorded[field], request[field]));
}

/**
 * The payment a ledger row stands for. A claim records only the request (one column, written
 * by the template with one expression); the display columns (amount, table, check, reference…)
 * are filled when the payment is sent or settled, and the resolved check id replaces the
 * requested one. So the columns win when set, the recorded request fills the rest, and the
 * reference follows from the payment id and the attempt.
 */
export interface RowPayment {
	/** The restaurant (its references carry its tag); '' for a row without one. */
	integrationId: string;
	paymentId: string;
	amount: string;
	tipAmount: string;
	method: string;
	tableNumber: string;
	checkId: string;
	attempt: number;
	reference: string;
}

export function rowPayment(row: LedgerRow): RowPayment {
	const recorded = parseRecorded(text(row, 'request')) ?? {};
	const pickText = (column: string, field: RequestField, fallback = '') => {
		const own = text(row, column);
		if (own) return own;
		const value = recorded[field];
		return value === null || value === undefined ? fallback : String(value);
	};
	const paymentId = text(row, 'paymentId');
	const attempt = Number(row.attempt) > 0 ? Math.trunc(Number(row.attempt)) : 1;
	let reference = text(row, 'reference');
	const integrationId = text(row, 'integrationId');
	if (!reference && paymentId) reference = buildPaymentReference(paymentId, Math.min(attempt, 999), integrationId || undefined);
	return {
		integrationId,
		paymentId,
		amount: pickText('amount', 'amount'),
		tipAmount: pickText('tipAmount', 'tipAmount', '0.00'),
		method: pickText('method', 'method'),
		tableNumber: pickText('tableNumber', 'tableNumber'),
		checkId: pickText('checkId', 'checkId'),
		attempt,
		reference,
	};
}

// ---------------------------------------------------------------------------------------------
// In flight

/** The check a payment is measured against, as far as the in-flight rule needs it. */
export interface CheckForInFlight {
	checkId: string;
	tableNumber: number | null;
	/** References of the payment lines already on the check (counted in its paid amount). */
	references: string[];
	/**
	 * What the check still has due (total − paid, minor units). Given, a claim ahead that does
	 * not fit in what is left before it is not counted: it is being refused as this one is.
	 */
	remainingMinor?: number;
}

/**
 * When a claimed row took its place in line: n8n stamps `updatedAt` inside the claim's own
 * write transaction, so on one database the order of these stamps is the order in which the
 * claims were committed. A row still `received` is not written again until it is sent or
 * settled (a repeat request only reads it), so its `updatedAt` is its claim time.
 */
function claimTime(row: LedgerRow): number {
	return millis(row, 'updatedAt');
}

function isAhead(row: LedgerRow, me: LedgerRow): boolean {
	if (text(row, 'status') === 'sent') return true; // Lightspeed has it: it always counts
	const mine = claimTime(me);
	const theirs = claimTime(row);
	if (!mine || !theirs) return true; // no stamp: count it (the safe side)
	if (theirs !== mine) return theirs < mine;
	return text(row, 'paymentId') < text(me, 'paymentId');
}

function onSameCheck(payment: RowPayment, check: CheckForInFlight): boolean {
	if (payment.checkId) return payment.checkId === check.checkId;
	return payment.tableNumber !== '' && check.tableNumber !== null && payment.tableNumber === String(check.tableNumber);
}

export interface InFlight {
	/** Sum of the payments ahead of `me` on this check that the check does not show yet. */
	minor: number;
	/** Their payment ids, for the message and the tests. */
	paymentIds: string[];
}

/**
 * What is still on its way to this check, ahead of payment `me`:
 * - only rows `received` (claimed) or `sent` count, never `me` itself, and never a row of another
 *   restaurant (table numbers repeat across restaurants);
 * - a row whose reference (or, for a row of a restaurant, the same attempt's reference without
 *   its tag, from before) is already among the check's payment lines is in the check's paid
 *   amount: it is never counted a second time, whatever the ledger still says (the outcome
 *   notification may be seconds late);
 * - of two payments racing for the same check, only the one claimed first counts for the
 *   other (claim order, ties by payment id): the first goes on, the second is measured
 *   against it — never both refused, never both sent past what is due. A `sent` row always
 *   counts: Lightspeed has it;
 * - a claim ahead counts only if it fits in what is left before it (claims in claim order, by
 *   this same rule) when the check's remaining is known: one that does not fit is refused by its
 *   own request, so it takes nothing from the payments behind it, and a refusal's `remaining`
 *   is what is really left.
 * The ledger rows must be read before the check (apply does), so a payment that lands in
 * between is seen as a payment line and not missed.
 */
export function inFlightAhead(rows: LedgerRow[], me: LedgerRow, check: CheckForInFlight): InFlight {
	const onCheck = new Set(check.references);
	const restaurant = text(me, 'integrationId');
	const ahead: Array<{ row: LedgerRow; paymentId: string; minor: number }> = [];
	for (const row of rows) {
		const status = text(row, 'status') as PaymentStatus;
		if (!IN_FLIGHT_STATUSES.includes(status)) continue;
		if (text(row, 'paymentId') === text(me, 'paymentId')) continue;
		if (restaurant && text(row, 'integrationId') && text(row, 'integrationId') !== restaurant) continue;
		const payment = rowPayment(row);
		if (!onSameCheck(payment, check)) continue;
		if (onCheck.has(payment.reference)) continue;
		// a row claimed before references carried the restaurant's tag may be on the check under
		// the older form, as lineOfAnyAttempt finds it: it is in the paid amount as well
		if (payment.integrationId && payment.paymentId && onCheck.has(buildPaymentReference(payment.paymentId, Math.min(payment.attempt, 999)))) continue;
		if (!isAhead(row, me)) continue;
		try {
			ahead.push({ row, paymentId: payment.paymentId, minor: parseLightspeedAmount(payment.amount, 'amount') });
		} catch {
			continue;
		}
	}
	// sent ones first (always counted), then the claims in the order they were made
	ahead.sort((a, b) => {
		const sentA = text(a.row, 'status') === 'sent';
		const sentB = text(b.row, 'status') === 'sent';
		if (sentA !== sentB) return sentA ? -1 : 1;
		return claimTime(a.row) - claimTime(b.row) || (a.paymentId < b.paymentId ? -1 : a.paymentId > b.paymentId ? 1 : 0);
	});
	let minor = 0;
	const paymentIds: string[] = [];
	for (const entry of ahead) {
		const claimed = text(entry.row, 'status') === 'received';
		if (claimed && check.remainingMinor !== undefined && entry.minor > check.remainingMinor - minor) continue;
		minor += entry.minor;
		paymentIds.push(entry.paymentId);
	}
	return { minor, paymentIds };
}

// ---------------------------------------------------------------------------------------------
// Answers

/** What Qodeup is told about a payment, from its ledger row. */
export type PaymentView = IDataObject & {
	paymentId: string;
	status: 'pending' | 'retried' | 'applied' | 'failed' | 'refused';
	reference: string | null;
};

function publicStatus(row: LedgerRow): PaymentView['status'] {
	const status = text(row, 'status');
	if (status === 'applied') return 'applied';
	if (status === 'refused') return 'refused';
	if (status === 'failed') return 'failed';
	return Number(row.attempt) > 1 ? 'retried' : 'pending';
}

const asNumberOrNull = (value: string): number | null => (value === '' || Number.isNaN(Number(value)) ? null : Number(value));

/** The payment as `GET …/payments/{id}` shows it. */
export function paymentView(row: LedgerRow): PaymentView {
	const status = publicStatus(row);
	const payment = rowPayment(row);
	const view: PaymentView = {
		paymentId: payment.paymentId,
		status,
		reference: payment.reference || null,
		amount: payment.amount,
		tipAmount: payment.tipAmount,
		method: payment.method,
		tableNumber: asNumberOrNull(payment.tableNumber),
		checkId: payment.checkId || null,
		attempt: payment.attempt,
		updatedAt: text(row, 'updatedAt') || null,
	};
	if (status === 'failed' || status === 'refused') {
		const code = text(row, 'errorCode') || 'UNKNOWN';
		view.error = code;
		view.message = text(row, 'errorText') || explainFailure(code).why;
		if (code === 'AMOUNT_EXCEEDS_REMAINING' && text(row, 'remaining')) view.remaining = text(row, 'remaining');
	}
	return view;
}

export interface Answer {
	statusCode: number;
	body: IDataObject;
}

/** The answer to `POST …/payments` for the payment's ledger row (first request or repeat). */
export function paymentSubmitAnswer(row: LedgerRow): Answer {
	const view = paymentView(row);
	const body: IDataObject = {
		paymentId: view.paymentId,
		status: view.status === 'retried' ? 'pending' : view.status,
		reference: view.reference,
	};
	for (const key of ['error', 'message', 'remaining'] as const) if (view[key] !== undefined) body[key] = view[key];
	const code = text(row, 'errorCode');
	const statusCode = view.status === 'refused' && isGuestRefusal(code) ? explainFailure(code).answerStatus ?? 409 : 202;
	return { statusCode, body };
}

/** The 409 for a repeated payment id whose details differ from the first payment's. */
export function paymentConflictAnswer(row: LedgerRow, fields: string[]): Answer {
	const first = paymentView(row);
	const { status, amount, tipAmount, method, tableNumber, checkId, reference } = first;
	return reusedIdAnswer('payment', first.paymentId, fields, { status, amount, tipAmount, method, tableNumber, checkId, reference });
}

/** 409 for an id already used with other details: names the fields that differ and what the first one is. */
export function reusedIdAnswer(kind: 'payment' | 'order', id: string, fields: string[], first: IDataObject): Answer {
	const Kind = kind === 'payment' ? 'Payment' : 'Order';
	return {
		statusCode: 409,
		body: {
			[`${kind}Id`]: id,
			error: `${kind.toUpperCase()}_ID_REUSED`,
			message: `${Kind} id ${id} was already used for ${kind === 'order' ? 'an' : 'a'} ${kind} with a different ${fields.join(', ')}; nothing was sent. Send a new ${kind} id for a new ${kind}.`,
			fields,
			[`first${Kind}`]: first,
		},
	};
}

/** The answer to a repeat: its current state when it is the same payment, else the 409. */
export function paymentRepeatAnswer(row: LedgerRow, request: PaymentRequest): Answer {
	const fields = differingFields(row, request);
	return fields.length ? paymentConflictAnswer(row, fields) : paymentSubmitAnswer(row);
}

/** Remaining amount rendered for an answer (never below zero). */
export function remainingText(minor: number): string {
	return formatMinor(Math.max(minor, 0));
}
