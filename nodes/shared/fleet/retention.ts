import type { IDataObject } from 'n8n-workflow';

import { millis, text } from '../ledgers';
import type { LedgerRow } from '../ledgers';
import { formatMinor, parseLightspeedAmount } from '../money';
import { storageWarningEmail } from '../notices/emails';
import type { Email } from '../notices/emails';
import { rowPayment } from '../payments';

/**
 * Keeping the ledgers small: n8n refuses every Data table write once all tables together reach
 * N8N_DATA_TABLES_MAX_SIZE_BYTES, and from then on every payment would fail. So settled rows
 * older than the restaurant's retention (whole days, UTC) are deleted, after their per-day
 * totals (count and amount per status) are kept in a small table, and the operator is warned
 * before the limit. A day is pruned only once all its rows are settled, so it is pruned whole,
 * exactly once, and its totals are written once.
 */

export const DAY_MS = 86_400_000;
export const SETTLED: Record<'payments' | 'orders', string[]> = {
	payments: ['applied', 'failed', 'refused'],
	orders: ['accepted', 'failed', 'closed'],
};

export function dayOf(ms: number): string {
	return new Date(ms).toISOString().slice(0, 10);
}

/** The first instant that is kept: midnight UTC, `days` before today. */
export function cutoffMs(now: number, days: number): number {
	return Math.floor(now / DAY_MS) * DAY_MS - days * DAY_MS;
}

export interface PruneTarget {
	integrationId: string;
	cutoffMs: number;
	/** ISO form, for a Data table filter on createdAt. */
	cutoff: string;
}

/** Per restaurant, the cutoff of its retention (its own days, else the fleet's). */
export function pruneTargets(restaurants: LedgerRow[], fleetDays: number, now: number): PruneTarget[] {
	return restaurants
		.filter((row) => text(row, 'integrationId'))
		.map((row) => {
			const own = Number(row.retentionDays);
			const days = Number.isInteger(own) && own > 0 ? own : fleetDays;
			const at = cutoffMs(now, days);
			return { integrationId: text(row, 'integrationId'), cutoffMs: at, cutoff: new Date(at).toISOString() };
		});
}

export interface DayPrune {
	totals: IDataObject[];
	/** Days whose rows can all go: one item per day with its bounds. */
	days: Array<{ integrationId: string; day: string; from: string; to: string; rows: number }>;
	/** Days kept because a row of theirs is still on its way. */
	waiting: string[];
}

/**
 * From the rows of one restaurant and ledger created before the cutoff: the totals of each day
 * whose rows are all settled, and those days to delete.
 */
export function planDays(ledger: 'payments' | 'orders', rows: LedgerRow[]): DayPrune {
	const byDay = new Map<string, LedgerRow[]>();
	for (const row of rows) {
		const created = millis(row, 'createdAt');
		if (!created) continue;
		const day = dayOf(created);
		byDay.set(day, [...(byDay.get(day) ?? []), row]);
	}
	const result: DayPrune = { totals: [], days: [], waiting: [] };
	for (const [day, dayRows] of [...byDay].sort(([a], [b]) => a.localeCompare(b))) {
		if (dayRows.some((row) => !SETTLED[ledger].includes(text(row, 'status')))) {
			result.waiting.push(day);
			continue;
		}
		const integrationId = text(dayRows[0], 'integrationId');
		const perStatus = new Map<string, { count: number; minor: number }>();
		for (const row of dayRows) {
			const status = text(row, 'status');
			const entry = perStatus.get(status) ?? { count: 0, minor: 0 };
			entry.count += 1;
			if (ledger === 'payments') {
				try {
					// the amount column, else the recorded request (a row settled without being sent)
					entry.minor += parseLightspeedAmount(rowPayment(row).amount || '0', 'amount');
				} catch {
					// a row without a readable amount still counts
				}
			}
			perStatus.set(status, entry);
		}
		for (const [status, entry] of perStatus) {
			result.totals.push({
				key: `${day}|${integrationId}|${ledger}|${status}`,
				day,
				integrationId,
				kind: ledger,
				status,
				count: entry.count,
				amount: ledger === 'payments' ? formatMinor(entry.minor) : '',
			});
		}
		const from = Date.parse(`${day}T00:00:00.000Z`);
		result.days.push({ integrationId, day, from: new Date(from).toISOString(), to: new Date(from + DAY_MS).toISOString(), rows: dayRows.length });
	}
	return result;
}

export interface StorageEstimate {
	rows: { payments: number; orders: number };
	bytes: number;
	percent: number;
}

/**
 * How full the Data tables are, without reading them: rows ever created (the newest row id;
 * n8n never reuses one) less the rows pruned (counted in the totals table), times the measured
 * bytes per row.
 */
export function estimateStorage(
	newest: { payments: LedgerRow | undefined; orders: LedgerRow | undefined },
	pruned: { payments: number; orders: number },
	bytesPerRow: { payments: number; orders: number },
	limitBytes: number,
): StorageEstimate {
	const live = (ledger: 'payments' | 'orders') => Math.max(0, (Number(newest[ledger]?.id) || 0) - pruned[ledger]);
	const rows = { payments: live('payments'), orders: live('orders') };
	const bytes = rows.payments * bytesPerRow.payments + rows.orders * bytesPerRow.orders;
	return { rows, bytes, percent: limitBytes > 0 ? Math.round((bytes / limitBytes) * 100) : 0 };
}

/** Rows pruned so far from a ledger (its counter row in the totals table). */
export function prunedSoFar(counters: LedgerRow[], ledger: 'payments' | 'orders'): number {
	const row = counters.find((entry) => text(entry, 'key') === `*|*|${ledger}|pruned`);
	return Number(row?.count) || 0;
}

/** The warning email when the estimate is at or above the warning level, else undefined. */
export function storageWarning(
	estimate: StorageEstimate,
	limitBytes: number,
	warnPercent: number,
	operatorEmails: string,
	fleetName: string,
): Email | undefined {
	if (estimate.percent < warnPercent || !operatorEmails.trim()) return undefined;
	return storageWarningEmail(operatorEmails, fleetName, estimate.bytes, limitBytes);
}
