/**
 * Ledger rows as n8n's Data table "get" hands them to the Lightspeed node: every column of the
 * ledger (null when never written), plus n8n's id / createdAt / updatedAt. A claim writes only
 * status, request, attempt and the cleared error columns (as the templates do); the display
 * columns (amount, check, reference…) are filled when a payment or order is sent or settled.
 */
import type { INodeExecutionData } from 'n8n-workflow';

import { LEDGERS } from '../../nodes/shared/ledgers';
import type { LedgerName, LedgerRow } from '../../nodes/shared/ledgers';
import { canonicalOrder } from '../../nodes/shared/orders';
import type { OrderRequest } from '../../nodes/shared/orders';
import { canonicalRequest } from '../../nodes/shared/payments';
import type { PaymentMethod } from '../../nodes/shared/payments';

export const INTEGRATION_ID = 'demo-bistro';

let nextRowId = 1;

function emptyRow(ledger: LedgerName): LedgerRow {
	const row: LedgerRow = {};
	for (const [name] of LEDGERS[ledger].columns) row[name] = null;
	return row;
}

function stamp(at: number): string {
	return new Date(at).toISOString();
}

export interface PaymentRowOptions {
	paymentId?: string;
	status?: string;
	amount?: string;
	tipAmount?: string;
	method?: PaymentMethod;
	tableNumber?: number | null;
	checkId?: string | null;
	attempt?: number;
	/** When the row was last written (its claim, for a `received` row): epoch ms. */
	updatedAt?: number;
	/** Columns written later (sent / settled rows): merged last. */
	columns?: LedgerRow;
}

/** A payment row claimed by the payment workflow (status `received`, only the request recorded). */
export function paymentRow(options: PaymentRowOptions = {}): LedgerRow {
	const paymentId = options.paymentId ?? 'p1';
	const updatedAt = options.updatedAt ?? Date.now() - 1000;
	const request = canonicalRequest({
		paymentId,
		amount: options.amount ?? '20.00',
		tipAmount: options.tipAmount ?? '0.00',
		method: options.method ?? 'card',
		tableNumber: options.tableNumber === undefined ? null : options.tableNumber,
		checkId: options.checkId === undefined ? 'A65315.21' : options.checkId,
	});
	return {
		...emptyRow('payments'),
		id: nextRowId++,
		createdAt: stamp(updatedAt - 5),
		updatedAt: stamp(updatedAt),
		integrationId: INTEGRATION_ID,
		paymentId,
		status: options.status ?? 'received',
		request,
		attempt: options.attempt ?? 1,
		errorCode: '',
		errorText: '',
		emailStatus: '',
		remaining: '',
		...(options.columns ?? {}),
	};
}

export interface OrderRowOptions extends Partial<Omit<OrderRequest, 'orderId'>> {
	orderId?: string;
	status?: string;
	attempt?: number;
	updatedAt?: number;
	columns?: LedgerRow;
}

export const ORDER_ITEMS: OrderRequest['items'] = [
	{ sku: 'BURGER', quantity: 2, modifiers: [{ modifierId: '236025632784492' }] },
	{ sku: 'COLA', quantity: 1, modifiers: [] },
];

/** The order as the Qodeup check records it in the `request` column. */
export function orderRequest(options: OrderRowOptions = {}): OrderRequest {
	return {
		orderId: options.orderId ?? 'o-1',
		mode: options.mode ?? 'eat-in',
		tableNumber: options.tableNumber === undefined ? (options.mode === 'to-go' ? null : 12) : options.tableNumber,
		checkId: options.checkId ?? null,
		items: options.items ?? ORDER_ITEMS,
		customer: options.customer ?? { firstName: 'Ana', lastName: '', email: 'ana@example.com', phone: '+34600000000' },
		note: options.note ?? '',
		payment: options.payment === undefined ? null : options.payment,
	};
}

/** An order row claimed by the orders workflow (status `received`). */
export function orderRow(options: OrderRowOptions = {}): LedgerRow {
	const order = orderRequest(options);
	const updatedAt = options.updatedAt ?? Date.now() - 1000;
	return {
		...emptyRow('orders'),
		id: nextRowId++,
		createdAt: stamp(updatedAt - 5),
		updatedAt: stamp(updatedAt),
		integrationId: INTEGRATION_ID,
		orderId: order.orderId,
		status: options.status ?? 'received',
		request: canonicalOrder(order),
		attempt: options.attempt ?? 1,
		errorCode: '',
		errorText: '',
		emailStatus: '',
		...(options.columns ?? {}),
	};
}

export function asItems(rows: LedgerRow[]): INodeExecutionData[] {
	return rows.map((json) => ({ json }));
}

/** Whether every key is a column of the ledger (what a Data table update in "map automatically" accepts). */
export function unknownColumns(ledger: LedgerName, json: Record<string, unknown>): string[] {
	const names = new Set(LEDGERS[ledger].columns.map(([name]) => name));
	return Object.keys(json).filter((key) => !names.has(key));
}

/** The restaurant's row as Settings → Check writes it (what the payment flows read). */
export function restaurantRow(overrides: Record<string, unknown> = {}): Record<string, unknown> {
	return {
		id: 1,
		createdAt: stamp(Date.now() - 86400000),
		updatedAt: stamp(Date.now() - 86400000),
		integrationId: INTEGRATION_ID,
		name: 'Demo Bistro',
		businessLocationId: '45454565682155',
		timezone: 'Europe/Paris',
		currency: 'EUR',
		cardPaymentMethod: 'QDCARD',
		voucherPaymentMethod: 'QDVOUCHER',
		staffId: '',
		notificationEmails: 'manager@bistro.example',
		settingsProblems: '',
		connection: 'ok',
		...overrides,
	};
}
