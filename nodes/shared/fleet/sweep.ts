import type { IDataObject } from 'n8n-workflow';

import { explainFailure, explainOrderFailure, isConnectionCode } from '../failureReasons';
import { millis, text } from '../ledgers';
import type { LedgerRow } from '../ledgers';
import {
	orderFailureEmail,
	parseEmailList,
	paymentFailureEmail,
	orderResolvedEmail,
	paymentResolvedEmail,
	reconnectEmail,
	reconnectedEmail,
} from '../notices/emails';
import type { Email, Restaurant } from '../notices/emails';
import { newRetryToken } from '../tokens';

/**
 * What the fleet sweeper does each time it runs, for every restaurant at once, decided from
 * three reads (payments and orders that need attention, and the restaurants):
 * - which restaurants' own "recovery" workflow to call: claimed rows left by a stopped
 *   execution, sent rows whose outcome never came, a connection to check;
 * - which emails to send: each failure once (with a new retry link), a payment booked after a
 *   failure, one "Reconnect Lightspeed" per outage, one "connected again" with the retry links
 *   of everything that failed meanwhile;
 * - what to write down about each (a retry token, an email status, the outage notified).
 * Pure: the fleet node runs it and hands the result to Data table, Send Email and Execute
 * Workflow nodes.
 */

export interface SweepSettings {
	now: number;
	claimedGraceMs: number;
	settleAfterMs: number;
	orderSettleAfterMs: number;
	retryLinkMs: number;
	/** `<n8n webhook base>` (…/webhook), where the retry links point. */
	webhookBaseUrl: string;
	/** n8n's editor base URL, for the link to the Lightspeed credential. */
	editorBaseUrl: string;
	instanceZone: string;
}

/** One write: which table, which row, which columns (keys included). */
export interface Mark {
	table: 'payments' | 'orders' | 'restaurants';
	columns: IDataObject;
}

export interface PlannedEmail extends Email {
	integrationId: string;
	kind: string;
	/** Written once the email is sent. */
	marks: Mark[];
}

export interface SweepPlan {
	recover: Array<{ integrationId: string; workflowId: string; reasons: string[] }>;
	emails: PlannedEmail[];
	/** Writes without an email (covered by an outage email, no valid recipient). */
	marks: Mark[];
	/** Restaurants that need recovery but have no recovery workflow on record. */
	problems: string[];
}

function isConnectionFailure(row: LedgerRow): boolean {
	return text(row, 'status') === 'failed' && isConnectionCode(text(row, 'errorCode'));
}

function workflowsOf(restaurant: LedgerRow): Record<string, string> {
	try {
		const value = JSON.parse(text(restaurant, 'workflows')) as unknown;
		return value && typeof value === 'object' ? (value as Record<string, string>) : {};
	} catch {
		return {};
	}
}

export function restaurantOf(row: LedgerRow): Restaurant {
	return {
		integrationId: text(row, 'integrationId'),
		name: text(row, 'name') || text(row, 'integrationId'),
		notificationEmails: text(row, 'notificationEmails'),
		timezone: text(row, 'timezone'),
		currency: text(row, 'currency') || 'EUR',
	};
}

function retryUrl(settings: SweepSettings, integrationId: string, kind: 'payment' | 'order', token: string): string {
	const base = settings.webhookBaseUrl.replace(/\/+$/, '');
	return `${base}/qodeup-retry/${encodeURIComponent(integrationId)}/${kind}?t=${encodeURIComponent(token)}`;
}

function tokenColumns(settings: SweepSettings): { retryToken: string; retryExpiresAtMs: number; retryUsedAtMs: null } {
	return { retryToken: newRetryToken(), retryExpiresAtMs: settings.now + settings.retryLinkMs, retryUsedAtMs: null };
}

/** Which row a mark writes: its id (a Data table update matches on it) and its keys. */
const key = (table: 'payments' | 'orders', row: LedgerRow): IDataObject =>
	table === 'payments'
		? { id: row.id, integrationId: text(row, 'integrationId'), paymentId: text(row, 'paymentId') }
		: { id: row.id, integrationId: text(row, 'integrationId'), orderId: text(row, 'orderId') };

function needsRecovery(payments: LedgerRow[], orders: LedgerRow[], settings: SweepSettings): string[] {
	const reasons = new Set<string>();
	const age = (row: LedgerRow, column: string) => settings.now - (millis(row, column) || millis(row, 'updatedAt'));
	for (const row of payments) {
		const status = text(row, 'status');
		if (status === 'received' && age(row, 'updatedAt') >= settings.claimedGraceMs) reasons.add('payment left claimed');
		if (status === 'sent' && age(row, 'sentAtMs') >= settings.settleAfterMs) reasons.add('payment without outcome');
	}
	for (const row of orders) {
		const status = text(row, 'status');
		if (status === 'received' && age(row, 'updatedAt') >= settings.claimedGraceMs) reasons.add('order left claimed');
		if (status === 'sent' && age(row, 'sentAtMs') >= settings.orderSettleAfterMs) reasons.add('order without outcome');
	}
	return [...reasons];
}

export function planSweep(
	paymentRows: LedgerRow[],
	orderRows: LedgerRow[],
	restaurantRows: LedgerRow[],
	settings: SweepSettings,
): SweepPlan {
	const plan: SweepPlan = { recover: [], emails: [], marks: [], problems: [] };
	const byRestaurant = <T extends LedgerRow>(rows: T[]) => {
		const map = new Map<string, T[]>();
		for (const row of rows) {
			const id = text(row, 'integrationId');
			if (!id) continue;
			map.set(id, [...(map.get(id) ?? []), row]);
		}
		return map;
	};
	const payments = byRestaurant(paymentRows);
	const orders = byRestaurant(orderRows);

	for (const restaurantRow of restaurantRows) {
		const integrationId = text(restaurantRow, 'integrationId');
		if (!integrationId || millis(restaurantRow, 'removedAtMs') > 0) continue;
		const restaurant = restaurantOf(restaurantRow);
		const myPayments = payments.get(integrationId) ?? [];
		const myOrders = orders.get(integrationId) ?? [];
		const connectionLost = text(restaurantRow, 'connection') === 'lost';
		const checkedAt = millis(restaurantRow, 'connectionCheckedAtMs');
		const hasRecipients = parseEmailList(restaurant.notificationEmails).valid.length > 0;

		// 1. recovery: stuck rows, a connection to check (lost, or a connection failure not checked since)
		const reasons = needsRecovery(myPayments, myOrders, settings);
		if (connectionLost) reasons.push('connection lost');
		const unchecked = [...myPayments, ...myOrders].some(
			(row) => isConnectionFailure(row) && text(row, 'emailStatus') === 'pending' && checkedAt <= millis(row, 'updatedAt'),
		);
		if (unchecked && !connectionLost) reasons.push('connection failure to check');
		if (reasons.length) {
			const workflowId = workflowsOf(restaurantRow).recovery;
			if (workflowId) plan.recover.push({ integrationId, workflowId, reasons });
			else plan.problems.push(`${integrationId}: ${reasons.join(', ')}, but no recovery workflow is on record`);
		}

		const mailOrMark = (email: Email, kind: string, marks: Mark[]) => {
			if (hasRecipients) plan.emails.push({ ...email, integrationId, kind, marks });
			else plan.marks.push(...marks.map((mark) => ({ ...mark, columns: { ...mark.columns, emailStatus: 'noRecipients' } })));
		};

		// 2. failures, one email each (connection failures wait for the connection check)
		const waiting: Array<{ row: LedgerRow; kind: 'payment' | 'order' }> = [];
		for (const [table, rows, kind] of [
			['payments', myPayments, 'payment'],
			['orders', myOrders, 'order'],
		] as const) {
			for (const row of rows) {
				const emailStatus = text(row, 'emailStatus');
				if (emailStatus === 'resolved') {
					const resolved = table === 'payments' ? paymentResolvedEmail(restaurant, row, settings.instanceZone) : orderResolvedEmail(restaurant, row, settings.instanceZone);
					mailOrMark(resolved, table === 'payments' ? 'payment booked after all' : 'order taken after all', [
						{ table, columns: { ...key(table, row), emailStatus: 'resolvedSent' } },
					]);
					continue;
				}
				if (text(row, 'status') !== 'failed') continue;
				if (isConnectionFailure(row)) {
					if (emailStatus === 'outage') waiting.push({ row, kind });
					if (emailStatus !== 'pending' || checkedAt <= millis(row, 'updatedAt')) continue;
					if (connectionLost) {
						waiting.push({ row, kind });
						plan.marks.push({ table, columns: { ...key(table, row), emailStatus: 'outage' } });
						continue;
					}
					// the check found the connection working again: a plain failure email with a retry link
				} else if (emailStatus !== 'pending') continue;
				// a retry link only where a retry can help (and only then a token on the row)
				const code = text(row, 'errorCode');
				const retryable = kind === 'payment' ? explainFailure(code).retryable : explainOrderFailure(code, text(row, 'errorText')).retryable;
				const token = retryable ? tokenColumns(settings) : undefined;
				const url = token ? retryUrl(settings, integrationId, kind, token.retryToken) : null;
				const email = kind === 'payment' ? paymentFailureEmail(restaurant, row, url, settings.instanceZone) : orderFailureEmail(restaurant, row, url, settings.instanceZone);
				mailOrMark(email, `${kind} failed`, [{ table, columns: { ...key(table, row), emailStatus: 'sent', ...(token ?? {}) } }]);
			}
		}

		// 3. the connection: once per outage "reconnect", and once it works again the retry links
		const lostAt = millis(restaurantRow, 'connectionLostAtMs');
		if (connectionLost && lostAt > millis(restaurantRow, 'outageNotifiedAtMs')) {
			const count = (kind: 'payment' | 'order') => waiting.filter((entry) => entry.kind === kind).length;
			const credentialId = text(restaurantRow, 'lightspeedCredentialId');
			const connectUrl = credentialId ? `${settings.editorBaseUrl.replace(/\/+$/, '')}/home/credentials/${encodeURIComponent(credentialId)}` : null;
			mailOrMark(
				reconnectEmail(restaurant, { payments: count('payment'), orders: count('order') }, connectUrl, lostAt, settings.instanceZone),
				'reconnect Lightspeed',
				[{ table: 'restaurants', columns: { integrationId, outageNotifiedAtMs: lostAt } }],
			);
		}
		const toRetry = waiting.filter(({ row }) => text(row, 'emailStatus') === 'outage');
		if (!connectionLost && checkedAt > 0 && toRetry.length) {
			const links = toRetry.map(({ row, kind }) => ({ row, kind, token: tokenColumns(settings) }));
			mailOrMark(
				reconnectedEmail(
					restaurant,
					links.map(({ row, kind, token }) => ({ row, kind, retryUrl: retryUrl(settings, integrationId, kind, token.retryToken) })),
				),
				'connected again',
				links.map(({ row, kind, token }) => {
					const table = kind === 'payment' ? 'payments' : 'orders';
					return { table, columns: { ...key(table, row), emailStatus: 'sent', ...token } };
				}),
			);
		}
	}
	return plan;
}
