/**
 * nodes/shared/fleet/retention.ts: settled rows older than a restaurant's retention are pruned
 * by whole UTC days, only once every row of the day is settled, after the day's totals are
 * kept; and how full the Data tables are, estimated without reading them.
 */
import {
	cutoffMs,
	DAY_MS,
	dayOf,
	estimateStorage,
	planDays,
	prunedSoFar,
	pruneTargets,
	storageWarning,
} from '../../../nodes/shared/fleet/retention';
import { orderRow, paymentRow, restaurantRow } from '../../helpers/qodeupLedger';

const day = (iso: string) => Date.parse(iso);

describe('cutoffs (whole days)', () => {
	it('the cutoff is midnight UTC, `days` before today, whatever the hour', () => {
		for (const now of ['2026-11-27T00:00:00.000Z', '2026-11-27T13:45:10.000Z', '2026-11-27T23:59:59.999Z']) {
			expect(new Date(cutoffMs(day(now), 90)).toISOString()).toBe('2026-08-29T00:00:00.000Z');
			expect(new Date(cutoffMs(day(now), 1)).toISOString()).toBe('2026-11-26T00:00:00.000Z');
		}
		expect(dayOf(day('2026-11-27T23:59:59.999Z'))).toBe('2026-11-27');
		expect(DAY_MS).toBe(86_400_000);
	});

	it('each restaurant its own days, else the fleet\'s; rows without a restaurant are skipped', () => {
		const now = day('2026-11-27T10:00:00.000Z');
		const targets = pruneTargets(
			[
				restaurantRow({ integrationId: 'a', retentionDays: 30 }),
				restaurantRow({ integrationId: 'b', retentionDays: null }),
				restaurantRow({ integrationId: 'c', retentionDays: 0 }),
				restaurantRow({ integrationId: 'd', retentionDays: 2.5 }),
				restaurantRow({ integrationId: '' }),
			],
			90,
			now,
		);
		expect(targets.map((target) => [target.integrationId, target.cutoff])).toEqual([
			['a', '2026-10-28T00:00:00.000Z'],
			['b', '2026-08-29T00:00:00.000Z'],
			['c', '2026-08-29T00:00:00.000Z'],
			['d', '2026-08-29T00:00:00.000Z'],
		]);
		expect(targets[0].cutoffMs).toBe(day('2026-10-28T00:00:00.000Z'));
	});
});

describe('planDays', () => {
	const at = (iso: string) => ({ createdAt: day(iso) });

	it('keeps the totals of each settled day (count and exact amount per status) and names its bounds', () => {
		const rows = [
			paymentRow({ paymentId: 'a' }, { ...at('2026-08-01T08:00:00.000Z'), status: 'applied', columns: { amount: '10.10' } }),
			paymentRow({ paymentId: 'b' }, { ...at('2026-08-01T23:59:59.999Z'), status: 'applied', columns: { amount: '0.20' } }),
			paymentRow({ paymentId: 'c' }, { ...at('2026-08-01T12:00:00.000Z'), status: 'failed', columns: { amount: '5.00' } }),
			paymentRow({ paymentId: 'd' }, { ...at('2026-08-02T00:00:00.000Z'), status: 'refused', columns: { amount: '' } }),
		];
		const plan = planDays('payments', rows);
		expect(plan.totals).toEqual([
			{ key: '2026-08-01|demo-bistro|payments|applied', day: '2026-08-01', integrationId: 'demo-bistro', kind: 'payments', status: 'applied', count: 2, amount: '10.30' },
			{ key: '2026-08-01|demo-bistro|payments|failed', day: '2026-08-01', integrationId: 'demo-bistro', kind: 'payments', status: 'failed', count: 1, amount: '5.00' },
			// a row without an amount column counts with the amount it was asked for
			{ key: '2026-08-02|demo-bistro|payments|refused', day: '2026-08-02', integrationId: 'demo-bistro', kind: 'payments', status: 'refused', count: 1, amount: '20.00' },
		]);
		expect(plan.days).toEqual([
			{ integrationId: 'demo-bistro', day: '2026-08-01', from: '2026-08-01T00:00:00.000Z', to: '2026-08-02T00:00:00.000Z', rows: 3 },
			{ integrationId: 'demo-bistro', day: '2026-08-02', from: '2026-08-02T00:00:00.000Z', to: '2026-08-03T00:00:00.000Z', rows: 1 },
		]);
		expect(plan.waiting).toEqual([]);
	});

	it('a day with a row still on its way is kept whole (no totals, no delete) until a later run', () => {
		const rows = [
			paymentRow({ paymentId: 'a' }, { ...at('2026-08-01T08:00:00.000Z'), status: 'applied' }),
			paymentRow({ paymentId: 'b' }, { ...at('2026-08-01T09:00:00.000Z'), status: 'sent' }),
			paymentRow({ paymentId: 'c' }, { ...at('2026-08-02T09:00:00.000Z'), status: 'applied' }),
		];
		const plan = planDays('payments', rows);
		expect(plan.waiting).toEqual(['2026-08-01']);
		expect(plan.days.map((entry) => entry.day)).toEqual(['2026-08-02']);
		expect(plan.totals.map((entry) => entry.day)).toEqual(['2026-08-02']);
		// once it settles, the same day is pruned, with all of its rows counted
		const later = planDays('payments', rows.map((row) => ({ ...row, status: 'applied' })));
		expect(later.days.find((entry) => entry.day === '2026-08-01')).toMatchObject({ rows: 2 });
	});

	it('orders: settled is accepted, failed or closed; counts only, no amount', () => {
		const rows = ['accepted', 'failed', 'closed', 'closed'].map((status, index) => orderRow({ orderId: `o-${index}` }, { ...at('2026-08-01T10:00:00.000Z'), status }));
		const plan = planDays('orders', rows);
		expect(plan.totals.map((entry) => [entry.status, entry.count, entry.amount])).toEqual([
			['accepted', 1, ''],
			['failed', 1, ''],
			['closed', 2, ''],
		]);
		expect(planDays('orders', [orderRow({}, { ...at('2026-08-01T10:00:00.000Z'), status: 'sent' })]).waiting).toEqual(['2026-08-01']);
		// "applied" is a payment status: an order row with it is not settled
		expect(planDays('orders', [orderRow({}, { ...at('2026-08-01T10:00:00.000Z'), status: 'applied' })]).days).toEqual([]);
	});

	it('a row without a creation date is left alone', () => {
		expect(planDays('payments', [{ ...paymentRow({}, { status: 'applied' }), createdAt: undefined }])).toEqual({ totals: [], days: [], waiting: [] });
	});
});

describe('storage estimate and warning', () => {
	it('live rows = the newest id less the rows pruned so far, times the bytes per row', () => {
		const counters = [
			{ key: '*|*|payments|pruned', count: 400 },
			{ key: '*|*|orders|pruned', count: 10 },
			{ key: '2026-08-01|demo-bistro|payments|applied', count: 99 },
		];
		expect(prunedSoFar(counters, 'payments')).toBe(400);
		expect(prunedSoFar(counters, 'orders')).toBe(10);
		expect(prunedSoFar([], 'orders')).toBe(0);
		const estimate = estimateStorage({ payments: { id: 1000 }, orders: { id: 60 } }, { payments: 400, orders: 10 }, { payments: 700, orders: 1000 }, 1_000_000);
		expect(estimate).toEqual({ rows: { payments: 600, orders: 50 }, bytes: 600 * 700 + 50 * 1000, percent: 47 });
		expect(estimateStorage({ payments: undefined, orders: undefined }, { payments: 5, orders: 0 }, { payments: 700, orders: 1000 }, 0)).toEqual({
			rows: { payments: 0, orders: 0 },
			bytes: 0,
			percent: 0,
		});
	});

	it('warns the operator at or above the level, never without an address', () => {
		const estimate = (percent: number) => ({ rows: { payments: 0, orders: 0 }, bytes: percent * 1000, percent });
		expect(storageWarning(estimate(79), 100_000, 80, 'ops@fleet.example', 'Fleet')).toBeUndefined();
		expect(storageWarning(estimate(80), 100_000, 80, 'ops@fleet.example', 'Fleet')).toMatchObject({ to: ['ops@fleet.example'], subject: '[Fleet] n8n Data tables at 80% of their limit' });
		expect(storageWarning(estimate(100), 100_000, 80, 'ops@fleet.example', 'Fleet')?.subject).toBe('[Fleet] n8n Data tables are full');
		expect(storageWarning(estimate(95), 100_000, 80, '  ', 'Fleet')).toBeUndefined();
	});
});
