import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { explainFailure, isGuestRefusal } from '../../shared/failureReasons';
import type { FailureCode } from '../../shared/failureReasons';
import { millis, text } from '../../shared/ledgers';
import type { LedgerRow } from '../../shared/ledgers';
import { formatMinor, minorToJsonNumber, parseAmountInput } from '../../shared/money';
import { paymentReferences } from '../../shared/paymentReference';
import { inFlightAhead, remainingText, rowPayment } from '../../shared/payments';
import type { RowPayment } from '../../shared/payments';
import { lightspeedApiRequest, lightspeedErrorDetails } from '../transport';
import type { LightspeedErrorContext } from '../transport';
import { fetchCheck, fetchOpenChecksOnTable } from './api';
import { findPaymentLine, remainingMinor } from './checks';
import type { NormalisedCheck } from './checks';
import { asNodeError } from './errors';

/**
 * Sending one ledger payment to Lightspeed: the decisions shared by "Payment → Apply" (a
 * request from Qodeup, or a retry) and "Payment → Recover" (the sweeper). Each returns the
 * ledger row's next columns and which of four things happened:
 * - `sent`: Lightspeed took it (or already had it); the outcome comes by notification;
 * - `applied`: it is already on the check (under this or an earlier attempt's reference);
 * - `refused`: nothing was sent, and Qodeup is told why (amount, no/closed check);
 * - `failed`: nothing can be sent until the restaurant fixes something (email);
 * - `unknown`: Lightspeed could not be reached, or answered so that we cannot tell whether
 *   it took the payment; the row stays `received` and recovery sends it again with the same
 *   reference (which Lightspeed never books twice).
 */

export type SendOutcome = 'sent' | 'applied' | 'refused' | 'failed' | 'unknown';

export interface PaymentSetup {
	businessLocationId: number;
	endpointId: string;
	taskTtlMs: number;
	cardPaymentMethod?: string;
	voucherPaymentMethod?: string;
	/** false when the restaurant's settings row was given but empty (never saved) */
	settingsSaved?: boolean;
	staffId?: number;
	deviceId?: number;
}

export interface SendDecision {
	outcome: SendOutcome;
	/** The row's next columns (what a Data table node writes, map automatically). */
	columns: IDataObject;
}

/** Codes after which Lightspeed did not take the payment, for sure (an answer that refused it). */
function definitelyNotTaken(details: LightspeedErrorContext | undefined): boolean {
	if (!details) return false;
	if (details.errorCode === 'LIGHTSPEED_DISCONNECTED' || details.errorCode === 'AUTHENTICATION_FAILED') return true;
	return details.httpStatus !== null && details.httpStatus >= 400 && details.httpStatus < 500 && details.httpStatus !== 429;
}

function baseColumns(row: LedgerRow, payment: RowPayment, setup: PaymentSetup): IDataObject {
	return {
		integrationId: text(row, 'integrationId'),
		paymentId: payment.paymentId,
		attempt: payment.attempt,
		reference: payment.reference,
		amount: payment.amount,
		tipAmount: payment.tipAmount,
		method: payment.method,
		tableNumber: payment.tableNumber,
		checkId: payment.checkId,
		businessLocationId: String(setup.businessLocationId),
	};
}

function withCheck(columns: IDataObject, check: NormalisedCheck | undefined): IDataObject {
	if (!check) return columns;
	return {
		...columns,
		checkId: check.checkId,
		tableNumber: check.tableNumber === null ? columns.tableNumber : String(check.tableNumber),
	};
}

export function settledColumns(
	columns: IDataObject,
	status: 'applied' | 'refused' | 'failed',
	code: FailureCode | null,
	message: string,
	now: number,
	extra: IDataObject = {},
): IDataObject {
	return {
		...columns,
		status,
		errorCode: code ?? '',
		errorText: message,
		// a failure is emailed by the fleet sweeper; nothing else is
		emailStatus: status === 'failed' ? 'pending' : '',
		settledAtMs: now,
		...extra,
	};
}

/** Reads the check this payment is for: by its check id, else the only open check of its table. */
async function readTargetCheck(
	this: IExecuteFunctions,
	payment: RowPayment,
	setup: PaymentSetup,
): Promise<{ check: NormalisedCheck } | { refuse: FailureCode; message: string }> {
	if (payment.checkId) {
		try {
			return { check: await fetchCheck.call(this, setup.businessLocationId, payment.checkId) };
		} catch (error) {
			const details = lightspeedErrorDetails(error);
			if (details?.errorCode === 'ACCOUNT_NOT_FOUND' || details?.httpStatus === 404 || details?.httpStatus === 400) {
				return { refuse: 'ACCOUNT_NOT_FOUND', message: `Lightspeed has no check ${payment.checkId}.` };
			}
			throw asNodeError(this.getNode(), error);
		}
	}
	const table = Number(payment.tableNumber);
	const checks = await fetchOpenChecksOnTable.call(this, setup.businessLocationId, table);
	if (checks.length === 0) return { refuse: 'ACCOUNT_NOT_FOUND', message: `There is no open check on table ${table}.` };
	if (checks.length > 1) {
		const list = checks.map((open) => `${open.checkId} (remaining ${open.remaining})`).join(', ');
		return {
			refuse: 'MULTIPLE_OPEN_CHECKS',
			message: `Table ${table} has ${checks.length} open checks: ${list}. The payment must name its check.`,
		};
	}
	return { check: checks[0] };
}

/** The payment line of any attempt of this payment, if the check shows one. */
export function lineOfAnyAttempt(check: NormalisedCheck, payment: RowPayment) {
	return findPaymentLine(check, paymentReferences(payment.paymentId, Math.min(payment.attempt, 999), payment.integrationId || undefined));
}

export interface SendOptions {
	/** All ledger rows of the restaurant still in flight (read before the check). */
	rows: LedgerRow[];
	row: LedgerRow;
	setup: PaymentSetup;
	now: number;
	/** Recovery: an amount refusal only stands once any earlier send of this row has expired. */
	refuseAmountOnlyAfter?: number;
}

/**
 * Decides and, when it fits, sends one claimed (`received`) payment. Never sends what is
 * already on the check, never sends more than is left after the payments ahead of it.
 */
export async function sendClaimedPayment(this: IExecuteFunctions, options: SendOptions): Promise<SendDecision> {
	const { rows, row, setup, now } = options;
	const payment = rowPayment(row);
	let columns = baseColumns(row, payment, setup);
	const refuse = (code: FailureCode, message: string, extra: IDataObject = {}): SendDecision => ({
		outcome: 'refused',
		columns: settledColumns(columns, 'refused', code, message, now, extra),
	});
	const fail = (code: FailureCode, message: string): SendDecision => ({
		outcome: 'failed',
		columns: settledColumns(columns, 'failed', code, message, now),
	});
	const fromError = (error: unknown, stage: string): SendDecision => {
		const details = lightspeedErrorDetails(error);
		if (!details) throw error;
		if (definitelyNotTaken(details) && !isGuestRefusal(details.errorCode)) {
			return fail(details.errorCode, `${stage}: ${details.lightspeedMessage || explainFailure(details.errorCode).why}`);
		}
		if (isGuestRefusal(details.errorCode)) return refuse(details.errorCode, `${stage}: ${details.lightspeedMessage}`);
		// 5xx, 429 or no answer: we cannot tell; the row stays `received` for recovery.
		return {
			outcome: 'unknown',
			columns: { ...columns, status: 'received', errorCode: details.errorCode, errorText: `${stage}: ${details.lightspeedMessage}` },
		};
	};

	let amountMinor: number;
	let tipMinor: number;
	try {
		amountMinor = parseAmountInput(payment.amount, 'amount');
		tipMinor = parseAmountInput(payment.tipAmount || '0', 'tipAmount', { allowZero: true });
	} catch (error) {
		return fail('INVALID_REQUEST', `The ledger row of payment ${payment.paymentId} has no valid amount (${(error as Error).message}).`);
	}

	// 1. The check, read after the ledger rows (the caller read those first).
	let target: Awaited<ReturnType<typeof readTargetCheck>>;
	try {
		target = await readTargetCheck.call(this, payment, setup);
	} catch (error) {
		return fromError(error, 'Reading the check');
	}
	if ('refuse' in target) return refuse(target.refuse, target.message);
	const check = target.check;
	columns = withCheck(columns, check);

	// 2. Already on the check (this attempt or an earlier one)? Then it is applied: never send again.
	const line = lineOfAnyAttempt(check, payment);
	if (line) {
		return {
			outcome: 'applied',
			columns: settledColumns(columns, 'applied', null, `The payment is on check ${check.checkId} (reference ${line.reference}).`, now, {
				paymentMethodCode: line.methodCode ?? '',
			}),
		};
	}
	if (check.closed) return refuse('ACCOUNT_ALREADY_CLOSED', `Check ${check.checkId} is already closed.`);

	const methodCode = payment.method === 'voucher' ? setup.voucherPaymentMethod : setup.cardPaymentMethod;
	if (!methodCode) {
		return fail(
			'SETTINGS_INCOMPLETE',
			setup.settingsSaved === false
				? "This restaurant's settings were never saved in n8n (no row in the restaurants table)."
				: `No Lightspeed payment method is chosen for ${payment.method} payments in this restaurant's settings.`,
		);
	}
	columns.paymentMethodCode = methodCode;

	// 3. Amount check, counting only the payments ahead of this one that the check does not show yet.
	const inFlight = inFlightAhead(rows, row, {
		checkId: check.checkId,
		tableNumber: check.tableNumber,
		references: check.payments.map((entry) => entry.reference).filter((ref): ref is string => ref !== null),
		remainingMinor: remainingMinor(check),
	});
	const available = remainingMinor(check) - inFlight.minor;
	if (amountMinor > available) {
		if (options.refuseAmountOnlyAfter !== undefined && now < options.refuseAmountOnlyAfter) {
			return { outcome: 'unknown', columns: { ...columns, status: 'received' } };
		}
		const remaining = remainingText(available);
		const behind = inFlight.minor > 0 ? ` (${formatMinor(inFlight.minor)} of other payments is still on its way to it)` : '';
		return refuse(
			'AMOUNT_EXCEEDS_REMAINING',
			`The amount ${formatMinor(amountMinor)} is more than the ${remaining} left on check ${check.checkId}${behind}.`,
			{ remaining },
		);
	}

	// 4. Pay.
	const body: IDataObject = {
		businessLocationId: setup.businessLocationId,
		iKaccountIdentifier: check.checkId,
		thirdPartyPaymentReference: payment.reference,
		endpointId: setup.endpointId,
		paymentAmount: minorToJsonNumber(amountMinor),
		tipAmount: minorToJsonNumber(tipMinor),
		paymentMethod: methodCode,
		taskTtlInMs: setup.taskTtlMs,
	};
	if (setup.staffId !== undefined) body.staffId = setup.staffId;
	if (setup.deviceId !== undefined) body.deviceId = setup.deviceId;
	const sent = (message: string): SendDecision => ({
		outcome: 'sent',
		columns: { ...columns, status: 'sent', sentAtMs: now, errorCode: '', errorText: message },
	});
	try {
		await lightspeedApiRequest.call(this, 'POST', '/o/op/1/pay', { body });
	} catch (error) {
		const details = lightspeedErrorDetails(error);
		if (details?.errorCode !== 'REFERENCE_ALREADY_USED') return fromError(error, 'Sending the payment');
		// Lightspeed already has this reference: look, never send again.
		try {
			const reread = await fetchCheck.call(this, setup.businessLocationId, check.checkId);
			const landed = lineOfAnyAttempt(reread, payment);
			if (landed) {
				return {
					outcome: 'applied',
					columns: settledColumns(columns, 'applied', null, `The payment is on check ${reread.checkId}.`, now, {
						paymentMethodCode: landed.methodCode ?? methodCode,
					}),
				};
			}
		} catch {
			// the reference is taken either way: it is on its way
		}
		return sent(`Lightspeed already had reference ${payment.reference}; waiting for the register.`);
	}
	return sent(`Sent to Lightspeed under reference ${payment.reference}; the register confirms it by notification.`);
}

/**
 * Settles a `sent` payment whose outcome never came: the check is the truth. On the check →
 * applied; not on it once the register's time is over → failed, with the cause recorded when
 * it was sent if there was one (e.g. Lightspeed answered a server error), else NO_OUTCOME.
 */
export async function settleSentPayment(
	this: IExecuteFunctions,
	row: LedgerRow,
	setup: PaymentSetup,
	now: number,
): Promise<SendDecision> {
	const payment = rowPayment(row);
	const columns = baseColumns(row, payment, setup);
	let check: NormalisedCheck | undefined;
	try {
		if (payment.checkId) check = await fetchCheck.call(this, setup.businessLocationId, payment.checkId);
		else {
			const checks = await fetchOpenChecksOnTable.call(this, setup.businessLocationId, Number(payment.tableNumber));
			check = checks.find((open) => lineOfAnyAttempt(open, payment));
		}
	} catch (error) {
		const details = lightspeedErrorDetails(error);
		if (details?.httpStatus === 404 || details?.httpStatus === 400) check = undefined;
		else return { outcome: 'unknown', columns: { ...columns, status: 'sent' } };
	}
	const line = check ? lineOfAnyAttempt(check, payment) : undefined;
	if (check && line) {
		return {
			outcome: 'applied',
			columns: settledColumns(withCheck(columns, check), 'applied', null, `The payment is on check ${check.checkId}.`, now, {
				paymentMethodCode: line.methodCode ?? '',
			}),
		};
	}
	const sentAt = millis(row, 'sentAtMs');
	const recorded = text(row, 'errorCode');
	const code: FailureCode = recorded && recorded !== 'REFERENCE_ALREADY_USED' ? (recorded as FailureCode) : 'NO_OUTCOME';
	const minutes = sentAt ? Math.max(1, Math.round((now - sentAt) / 60000)) : undefined;
	const where = check ? `check ${check.checkId}` : payment.checkId ? `check ${payment.checkId}` : `table ${payment.tableNumber}`;
	return {
		outcome: 'failed',
		columns: settledColumns(
			withCheck(columns, check),
			'failed',
			code,
			`No outcome from Lightspeed${minutes ? ` ${minutes} minute${minutes === 1 ? '' : 's'} after the payment was sent` : ''}, and ${where} does not show it.`,
			now,
		),
	};
}
