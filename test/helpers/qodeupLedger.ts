/**
 * Ledger rows for the tests of the shared rules (nodes/shared), the Qodeup nodes and the Qodeup
 * Fleet node: rows as n8n's Data table hands them on (columns + id / createdAt / updatedAt),
 * with fixed times so that every test says when things happened. A claimed row records only the
 * request (as the templates write it); `columns` adds what a send or a settlement writes.
 */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { LEDGERS } from '../../nodes/shared/ledgers';
import type { LedgerName, LedgerRow } from '../../nodes/shared/ledgers';
import { canonicalOrder } from '../../nodes/shared/orders';
import type { OrderRequest } from '../../nodes/shared/orders';
import { canonicalRequest } from '../../nodes/shared/payments';
import type { PaymentRequest } from '../../nodes/shared/payments';

export const INTEGRATION = 'demo-bistro';
/** 27 November 2026, 18:05 UTC (19:05 in Brussels, 13:05 in New York). */
export const T0 = Date.parse('2026-11-27T18:05:00.000Z');
export const iso = (ms: number): string => new Date(ms).toISOString();

let nextId = 100;

function emptyRow(ledger: LedgerName): LedgerRow {
	const row: LedgerRow = {};
	for (const [name] of LEDGERS[ledger].columns) row[name] = null;
	return row;
}

export function paymentRequest(over: Partial<PaymentRequest> = {}): PaymentRequest {
	return { paymentId: 'p_1', tableNumber: 12, checkId: null, amount: '20.00', tipAmount: '1.50', method: 'card', ...over };
}

export interface RowOptions {
	status?: string;
	attempt?: number;
	/** When the row was created (epoch ms); default T0. */
	createdAt?: number;
	/** When the row was last written (its claim time for a `received` row); default createdAt + 20 ms. */
	updatedAt?: number;
	integrationId?: string;
	id?: number;
	/** Columns written later (send, settlement, email): merged last. */
	columns?: IDataObject;
}

/** A payment's row: claimed (`received`) unless `status` says otherwise. */
export function paymentRow(request: Partial<PaymentRequest> = {}, options: RowOptions = {}): LedgerRow {
	const full = paymentRequest(request);
	const createdAt = options.createdAt ?? T0;
	return {
		...emptyRow('payments'),
		id: options.id ?? nextId++,
		createdAt: iso(createdAt),
		updatedAt: iso(options.updatedAt ?? createdAt + 20),
		integrationId: options.integrationId ?? INTEGRATION,
		paymentId: full.paymentId,
		status: options.status ?? 'received',
		request: canonicalRequest(full),
		attempt: options.attempt ?? 1,
		errorCode: '',
		errorText: '',
		emailStatus: '',
		remaining: '',
		...(options.columns ?? {}),
	};
}

export function orderRequest(over: Partial<OrderRequest> = {}): OrderRequest {
	return {
		orderId: 'o-1',
		mode: 'eat-in',
		tableNumber: 12,
		checkId: null,
		items: [
			{ sku: 'BURGER', quantity: 2, modifiers: [{ modifierId: '40570261078301' }] },
			{ sku: 'COLA', quantity: 1, modifiers: [] },
		],
		customer: { firstName: 'Ana', lastName: 'Lopes', email: 'ana@example.com', phone: '+32470123456' },
		note: '',
		payment: null,
		...over,
	};
}

/** An order's row: claimed (`received`) unless `status` says otherwise. */
export function orderRow(request: Partial<OrderRequest> = {}, options: RowOptions = {}): LedgerRow {
	const full = orderRequest(request);
	const createdAt = options.createdAt ?? T0;
	return {
		...emptyRow('orders'),
		id: options.id ?? nextId++,
		createdAt: iso(createdAt),
		updatedAt: iso(options.updatedAt ?? createdAt + 20),
		integrationId: options.integrationId ?? INTEGRATION,
		orderId: full.orderId,
		status: options.status ?? 'received',
		request: canonicalOrder(full),
		attempt: options.attempt ?? 1,
		errorCode: '',
		errorText: '',
		emailStatus: '',
		...(options.columns ?? {}),
	};
}

/** A restaurant's row (the fleet's restaurants table). */
export function restaurantRow(columns: IDataObject = {}): LedgerRow {
	return {
		...emptyRow('restaurants'),
		id: nextId++,
		createdAt: iso(T0 - 86_400_000),
		updatedAt: iso(T0 - 86_400_000),
		integrationId: INTEGRATION,
		name: 'Demo Bistro',
		businessLocationId: '45454565682155',
		timezone: 'Europe/Brussels',
		currency: 'EUR',
		notificationEmails: 'manager@bistro.example',
		connection: 'ok',
		workflows: JSON.stringify({ recovery: 'wf-recovery-1' }),
		lightspeedCredentialId: 'cred-ls-1',
		...columns,
	};
}

export const items = (rows: IDataObject[]): INodeExecutionData[] => rows.map((json) => ({ json }));
