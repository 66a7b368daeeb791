import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { orderFailureCodeFromReason } from '../../shared/failureReasons';
import type { FailureCode } from '../../shared/failureReasons';
import { text } from '../../shared/ledgers';
import type { LedgerRow } from '../../shared/ledgers';
import { minorToJsonNumber, parseAmountInput } from '../../shared/money';
import { orderReference, recordedOrder } from '../../shared/orders';
import { asNodeError } from './errors';
import { lightspeedApiRequest, lightspeedErrorDetails } from '../transport';
import { fetchOpenChecks } from './api';

/**
 * Sending one ledger order to Lightspeed, for "Order → Send" (a request from Qodeup or a retry)
 * and "Order → Recover" (the sweeper). The order is rebuilt from what the ledger recorded, so a
 * resend is exactly the first request under the same reference, which Lightspeed never takes
 * twice (409 "reference has already been used").
 */

export type OrderOutcome = 'sent' | 'accepted' | 'failed' | 'unknown';

export interface OrderSetup {
	businessLocationId: number;
	endpointId: string;
	deliveryTimeoutMs: number;
	cardPaymentMethod?: string;
	voucherPaymentMethod?: string;
	staffId?: number;
	eatInProfileCode?: string;
	toGoProfileCode?: string;
}

export interface OrderDecision {
	outcome: OrderOutcome;
	columns: IDataObject;
}

function base(row: LedgerRow, setup: OrderSetup, reference: string): IDataObject {
	const order = recordedOrder(row);
	return {
		integrationId: text(row, 'integrationId'),
		orderId: text(row, 'orderId'),
		attempt: Number(row.attempt) || 1,
		reference,
		mode: order?.mode ?? text(row, 'mode'),
		tableNumber: order?.tableNumber == null ? '' : String(order.tableNumber),
		checkId: order?.checkId ?? '',
		itemCount: order?.items.length ?? 0,
		businessLocationId: String(setup.businessLocationId),
	};
}

/** The body Lightspeed's order endpoints take, from the recorded order. */
export function orderBody(row: LedgerRow, setup: OrderSetup, reference: string): { path: string; body: IDataObject } | { problem: string } {
	const order = recordedOrder(row);
	if (!order) return { problem: `The ledger row of order ${text(row, 'orderId')} has no readable request.` };
	const customer: IDataObject = { firstName: order.customer.firstName || 'Qodeup guest' };
	if (order.customer.lastName) customer.lastName = order.customer.lastName;
	if (order.customer.email) customer.email = order.customer.email;
	if (order.customer.phone) customer.contactNumberAsE164 = order.customer.phone;
	const body: IDataObject = {
		businessLocationId: setup.businessLocationId,
		thirdPartyReference: reference,
		endpointId: setup.endpointId,
		customerInfo: customer,
		items: order.items.map((item) => ({
			quantity: item.quantity,
			sku: item.sku,
			...(item.modifiers.length ? { modifiers: item.modifiers.map((modifier) => ({ modifierId: modifier.modifierId })) } : {}),
		})),
		maxTimeToAttemptOrderDeliverToPos: setup.deliveryTimeoutMs,
	};
	if (order.note) body.orderNote = order.note;
	if (setup.staffId !== undefined) body.staffId = setup.staffId;
	if (order.payment) {
		const code = order.payment.method === 'voucher' ? setup.voucherPaymentMethod : setup.cardPaymentMethod;
		if (!code) return { problem: `No Lightspeed payment method is chosen for ${order.payment.method} payments in this restaurant's settings.` };
		const amount = parseAmountInput(order.payment.amount, 'payment.amount');
		const tip = parseAmountInput(order.payment.tipAmount || '0', 'payment.tipAmount', { allowZero: true });
		// an order's payment amount includes the tip (unlike /pay)
		body.payment = { paymentMethod: code, paymentAmount: minorToJsonNumber(amount + tip), tipAmount: minorToJsonNumber(tip) };
	}
	if (order.mode === 'to-go') {
		if (setup.toGoProfileCode) body.accountProfileCode = setup.toGoProfileCode;
		return { path: '/o/op/1/order/toGo', body };
	}
	if (order.checkId) body.accountIdentifier = order.checkId;
	else if (order.tableNumber !== null) body.tableNumber = String(order.tableNumber);
	if (setup.eatInProfileCode) body.accountProfileCode = setup.eatInProfileCode;
	return { path: '/o/op/1/order/local', body };
}

export function failed(columns: IDataObject, code: FailureCode, message: string, now: number): OrderDecision {
	return { outcome: 'failed', columns: { ...columns, status: 'failed', errorCode: code, errorText: message, emailStatus: 'pending', settledAtMs: now } };
}

/** Sends a claimed (`received`) order. */
export async function sendClaimedOrder(this: IExecuteFunctions, row: LedgerRow, setup: OrderSetup, now: number): Promise<OrderDecision> {
	const reference = text(row, 'reference') || orderReference(text(row, 'orderId'), Number(row.attempt) || 1, text(row, 'integrationId') || undefined);
	const columns = base(row, setup, reference);
	let request: ReturnType<typeof orderBody>;
	try {
		request = orderBody(row, setup, reference);
	} catch (error) {
		return failed(columns, 'INVALID_REQUEST', (error as Error).message, now);
	}
	if ('problem' in request) return failed(columns, request.problem.includes('payment method') ? 'SETTINGS_INCOMPLETE' : 'INVALID_REQUEST', request.problem, now);
	try {
		await lightspeedApiRequest.call(this, 'POST', request.path, { body: request.body });
	} catch (error) {
		const details = lightspeedErrorDetails(error);
		if (!details) throw asNodeError(this.getNode(), error);
		if (details.errorCode === 'REFERENCE_ALREADY_USED' || details.httpStatus === 409) {
			return { outcome: 'sent', columns: { ...columns, status: 'sent', sentAtMs: now, errorCode: '', errorText: `Lightspeed already had order ${reference}.` } };
		}
		const definite =
			details.errorCode === 'LIGHTSPEED_DISCONNECTED' ||
			details.errorCode === 'AUTHENTICATION_FAILED' ||
			(details.httpStatus !== null && details.httpStatus >= 400 && details.httpStatus < 500 && details.httpStatus !== 429);
		if (definite) {
			// a 400 names the cause in words (unknown SKU, inactive table...): the same words an ORDER FAILURE uses
			const named = details.errorCode === 'INVALID_REQUEST' ? orderFailureCodeFromReason(details.lightspeedMessage) : details.errorCode;
			return failed(columns, named === 'ORDER_REFUSED' ? 'INVALID_REQUEST' : named, `Sending the order: ${details.lightspeedMessage}`, now);
		}
		return { outcome: 'unknown', columns: { ...columns, status: 'received', errorCode: details.errorCode, errorText: details.lightspeedMessage } };
	}
	return { outcome: 'sent', columns: { ...columns, status: 'sent', sentAtMs: now, errorCode: '', errorText: '' } };
}

/**
 * A sent order whose outcome never came, once its delivery window is over. An order paid with
 * the order carries its reference on its payment line: found on an open check → accepted.
 * Otherwise it is sent again under the same reference: Lightspeed answers that it already has
 * it (it reached Lightspeed, the outcome was lost: failed, said so) or takes it now (sent).
 */
export async function settleSentOrder(this: IExecuteFunctions, row: LedgerRow, setup: OrderSetup, now: number): Promise<OrderDecision> {
	const reference = text(row, 'reference') || orderReference(text(row, 'orderId'), Number(row.attempt) || 1, text(row, 'integrationId') || undefined);
	const columns = base(row, setup, reference);
	if (recordedOrder(row)?.payment) {
		try {
			const checks = await fetchOpenChecks.call(this, setup.businessLocationId);
			const found = checks.find((check) => check.payments.some((payment) => payment.reference === reference));
			if (found) return { outcome: 'accepted', columns: { ...columns, status: 'accepted', accountId: found.checkId, settledAtMs: now } };
		} catch {
			return { outcome: 'unknown', columns: { ...columns, status: 'sent' } };
		}
	}
	const again = await sendClaimedOrder.call(this, row, setup, now);
	if (again.outcome === 'sent' && String(again.columns.errorText ?? '').startsWith('Lightspeed already had')) {
		return failed(
			columns,
			'NO_OUTCOME',
			'Lightspeed took the order but never said whether a register accepted it, and it cannot be found on an open check.',
			now,
		);
	}
	return again;
}
