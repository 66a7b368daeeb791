import type { IDataObject } from 'n8n-workflow';

import { explainOrderFailure } from './failureReasons';
import { text } from './ledgers';
import type { LedgerRow } from './ledgers';
import { hashedId, QODEUP_ID_PATTERN, referenceTag } from './paymentReference';
import { reusedIdAnswer } from './payments';
import type { Answer, PaymentMethod } from './payments';

/**
 * The order rules: what an order request is, when a repeat is the same order, the reference
 * each attempt goes to Lightspeed under, and the answer for an order's ledger row.
 */

export interface OrderRequest {
	orderId: string;
	mode: 'eat-in' | 'to-go';
	tableNumber: number | null;
	checkId: string | null;
	items: Array<{ sku: string; quantity: number; modifiers: Array<{ modifierId: string }> }>;
	customer: { firstName: string; lastName: string; email: string; phone: string };
	note: string;
	payment: { amount: string; tipAmount: string; method: PaymentMethod } | null;
}

const ORDER_FIELDS = ['mode', 'tableNumber', 'checkId', 'items', 'customer', 'note', 'payment'] as const;

/** The order as the ledger's `request` column records it (keys in a stable order). */
export function canonicalOrder(order: OrderRequest): string {
	return JSON.stringify({
		mode: order.mode,
		tableNumber: order.tableNumber,
		checkId: order.checkId,
		items: order.items.map((item) => ({
			sku: item.sku,
			quantity: item.quantity,
			modifiers: item.modifiers.map((modifier) => ({ modifierId: modifier.modifierId })),
		})),
		customer: {
			firstName: order.customer.firstName,
			lastName: order.customer.lastName,
			email: order.customer.email,
			phone: order.customer.phone,
		},
		note: order.note,
		payment: order.payment ? { amount: order.payment.amount, tipAmount: order.payment.tipAmount, method: order.payment.method } : null,
	});
}

/** The recorded order of a row, or undefined when it cannot be read. */
export function recordedOrder(row: LedgerRow): Omit<OrderRequest, 'orderId'> | undefined {
	try {
		const value = JSON.parse(text(row, 'request')) as unknown;
		return value && typeof value === 'object' ? (value as Omit<OrderRequest, 'orderId'>) : undefined;
	} catch {
		return undefined;
	}
}

/** Top-level fields in which `order` differs from the order recorded under the same id. */
export function differingOrderFields(row: LedgerRow, order: OrderRequest): string[] {
	const recorded = recordedOrder(row);
	if (!recorded) return ['items'];
	const now = JSON.parse(canonicalOrder(order)) as Record<string, unknown>;
	return ORDER_FIELDS.filter(
		(field) => JSON.stringify((recorded as Record<string, unknown>)[field] ?? null) !== JSON.stringify(now[field] ?? null),
	);
}

/**
 * `thirdPartyReference` of an order's attempt (at most 48 characters). A restaurant's orders
 * carry its tag, like its payments (8 hex of its integration id: two restaurants may use the same
 * order id): `QO<tag>-<orderId>` for the first attempt, `-R<attempt>` added for a retry from the
 * email (a new order for Lightspeed), or `QOH<tag>-<hash>` when the id does not fit. The O keeps
 * them apart from payment references (order `abc-1` must never read as payment `abc`, attempt 1).
 * Without a restaurant: the order id itself, or `QOH-<hash>`.
 */
export function orderReference(orderId: string, attempt: number, integrationId?: string): string {
	if (!orderId) throw new Error('orderId is required');
	const suffix = attempt > 1 ? `-R${attempt}` : '';
	const tag = integrationId ? referenceTag(integrationId) : '';
	// an id that itself ends like a retry ("abc-R2") would meet the retry of another ("abc"): hashed
	const fits = QODEUP_ID_PATTERN.test(orderId) && !/-R\d+$/.test(orderId);
	const plain = fits ? `${tag ? `QO${tag}-` : ''}${orderId}${suffix}` : '';
	if (plain && plain.length <= 48) return plain;
	return tag ? `QOH${tag}-${hashedId(orderId).slice(0, 24)}${suffix}` : `QOH-${hashedId(orderId)}${suffix}`;
}

export type OrderView = IDataObject & { orderId: string; status: 'pending' | 'accepted' | 'failed' | 'closed' };

function publicStatus(row: LedgerRow): OrderView['status'] {
	const status = text(row, 'status');
	if (status === 'accepted') return 'accepted';
	if (status === 'closed') return 'closed';
	if (status === 'failed') return 'failed';
	return 'pending';
}

/** The order as `GET …/orders/{id}` shows it. */
export function orderView(row: LedgerRow): OrderView {
	const recorded = recordedOrder(row);
	const status = publicStatus(row);
	const table = text(row, 'tableNumber') || (recorded?.tableNumber == null ? '' : String(recorded.tableNumber));
	const view: OrderView = {
		orderId: text(row, 'orderId'),
		status,
		mode: text(row, 'mode') || recorded?.mode || null,
		tableNumber: table === '' ? null : Number(table),
		checkId: text(row, 'accountId') || text(row, 'checkId') || null,
		reference: text(row, 'reference') || null,
		attempt: Number(row.attempt) || 1,
		updatedAt: text(row, 'updatedAt') || null,
	};
	if (status === 'failed') {
		const explanation = explainOrderFailure(text(row, 'errorCode'), text(row, 'errorText'));
		view.error = explanation.code;
		view.message = `${explanation.title}. ${explanation.why}`;
		if (text(row, 'errorText')) view.reason = text(row, 'errorText');
	}
	return view;
}

/** The answer to `POST …/orders` for the order's ledger row. */
export function orderSubmitAnswer(row: LedgerRow): Answer {
	const view = orderView(row);
	const body: IDataObject = { orderId: view.orderId, status: view.status };
	for (const key of ['error', 'message', 'checkId'] as const) if (view[key]) body[key] = view[key];
	return { statusCode: 202, body };
}

/** A repeat: its current state when it is the same order, else 409 ORDER_ID_REUSED (nothing sent). */
export function orderRepeatAnswer(row: LedgerRow, order: OrderRequest): Answer {
	const fields = differingOrderFields(row, order);
	if (!fields.length) return orderSubmitAnswer(row);
	const first = orderView(row);
	return reusedIdAnswer('order', first.orderId, fields, { status: first.status, mode: first.mode, tableNumber: first.tableNumber });
}
