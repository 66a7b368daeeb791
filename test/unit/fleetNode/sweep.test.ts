/**
 * planSweep (nodes/shared/fleet/sweep.ts), what the fleet sweeper decides each minute: which
 * restaurants' recovery to call, each failure email once (with a new retry link), one
 * "Reconnect Lightspeed" per outage, one "connected again" with the retry links of what failed
 * meanwhile. Runs are chained: the marks of one run are written to the rows before the next,
 * as the Sweep → Record node and the Data table nodes do.
 */
import type { IDataObject } from 'n8n-workflow';

import { explainFailure } from '../../../nodes/shared/failureReasons';
import { planSweep, restaurantOf } from '../../../nodes/shared/fleet/sweep';
import type { Mark, SweepPlan, SweepSettings } from '../../../nodes/shared/fleet/sweep';
import type { LedgerRow } from '../../../nodes/shared/ledgers';
import { RETRY_TOKEN_PATTERN } from '../../../nodes/shared/tokens';
import { INTEGRATION, orderRow, paymentRow, restaurantRow, T0 } from '../../helpers/qodeupLedger';

const MIN = 60_000;
const settings = (now: number, over: Partial<SweepSettings> = {}): SweepSettings => ({
	now,
	claimedGraceMs: 2 * MIN,
	settleAfterMs: 3 * MIN,
	orderSettleAfterMs: 3 * MIN,
	retryLinkMs: 168 * 60 * MIN,
	webhookBaseUrl: 'https://n8n.example.com/webhook/',
	editorBaseUrl: 'https://n8n.example.com/',
	instanceZone: 'UTC',
	...over,
});

interface Tables {
	payments: LedgerRow[];
	orders: LedgerRow[];
	restaurants: LedgerRow[];
}

/** Writes marks as the Data table updates do: payments/orders by row id, restaurants by integration id. */
function write(tables: Tables, marks: Mark[], at: number): Tables {
	const next: Tables = { payments: [...tables.payments], orders: [...tables.orders], restaurants: [...tables.restaurants] };
	for (const mark of marks) {
		const rows = next[mark.table];
		const index = rows.findIndex((row) =>
			mark.table === 'restaurants' ? row.integrationId === mark.columns.integrationId : row.id === mark.columns.id,
		);
		expect(index).toBeGreaterThanOrEqual(0);
		const { id: _id, ...columns } = mark.columns;
		rows[index] = { ...rows[index], ...columns, updatedAt: new Date(at).toISOString() };
	}
	return next;
}
/** Every email sent, then its marks written with the plan's other marks. */
const afterSending = (tables: Tables, plan: SweepPlan, at: number) => write(tables, [...plan.emails.flatMap((email) => email.marks), ...plan.marks], at);
const sweep = (tables: Tables, now: number, over: Partial<SweepSettings> = {}) => planSweep(tables.payments, tables.orders, tables.restaurants, settings(now, over));

describe('recovery dispatch', () => {
	it.each<[string, () => LedgerRow, string]>([
		['a payment claimed over the grace (a stopped execution)', () => paymentRow({}, { status: 'received', updatedAt: T0 }), 'payment left claimed'],
		['a payment sent long ago without outcome', () => paymentRow({}, { status: 'sent', columns: { sentAtMs: T0 } }), 'payment without outcome'],
		['a sent payment without a send stamp (its last write counts)', () => paymentRow({}, { status: 'sent', updatedAt: T0 }), 'payment without outcome'],
	])('%s → "%s"', (_name, row, reason) => {
		const plan = sweep({ payments: [row()], orders: [], restaurants: [restaurantRow()] }, T0 + 5 * MIN);
		expect(plan.recover).toEqual([{ integrationId: INTEGRATION, workflowId: 'wf-recovery-1', reasons: [reason] }]);
	});

	it('orders too, each reason once per restaurant', () => {
		const tables = {
			payments: [paymentRow({}, { status: 'received', updatedAt: T0 }), paymentRow({ paymentId: 'p_2' }, { status: 'received', updatedAt: T0 })],
			orders: [orderRow({}, { status: 'received', updatedAt: T0 }), orderRow({ orderId: 'o-2' }, { status: 'sent', columns: { sentAtMs: T0 } })],
			restaurants: [restaurantRow()],
		};
		expect(sweep(tables, T0 + 5 * MIN).recover[0].reasons).toEqual(['payment left claimed', 'order left claimed', 'order without outcome']);
	});

	it('nothing while rows are within their time (a payment being handled right now is not touched)', () => {
		const tables = {
			payments: [paymentRow({}, { status: 'received', updatedAt: T0 }), paymentRow({ paymentId: 'p_2' }, { status: 'sent', columns: { sentAtMs: T0 } })],
			orders: [orderRow({}, { status: 'sent', columns: { sentAtMs: T0 } })],
			restaurants: [restaurantRow()],
		};
		expect(sweep(tables, T0 + 2 * MIN - 1)).toEqual({ recover: [], emails: [], marks: [], problems: [] });
		expect(sweep(tables, T0 + 2 * MIN).recover[0].reasons).toEqual(['payment left claimed']);
	});

	it('each restaurant its own recovery workflow; a removed restaurant and rows of no restaurant are left alone', () => {
		const other = restaurantRow({ integrationId: 'other-bistro', workflows: JSON.stringify({ recovery: 'wf-recovery-2' }) });
		const removed = restaurantRow({ integrationId: 'gone-bistro', removedAtMs: T0 - MIN });
		const stuck = (integrationId: string) => paymentRow({ paymentId: `p_${integrationId}` }, { status: 'received', updatedAt: T0, integrationId });
		const plan = sweep(
			{ payments: [stuck(INTEGRATION), stuck('other-bistro'), stuck('gone-bistro'), stuck('unknown-bistro'), stuck('')], orders: [], restaurants: [restaurantRow(), other, removed] },
			T0 + 5 * MIN,
		);
		expect(plan.recover.map((entry) => [entry.integrationId, entry.workflowId])).toEqual([
			[INTEGRATION, 'wf-recovery-1'],
			['other-bistro', 'wf-recovery-2'],
		]);
	});

	it('a restaurant without a recovery workflow on record is a problem, not a silent skip', () => {
		const plan = sweep({ payments: [paymentRow({}, { status: 'received', updatedAt: T0 })], orders: [], restaurants: [restaurantRow({ workflows: '' })] }, T0 + 5 * MIN);
		expect(plan.recover).toEqual([]);
		expect(plan.problems).toEqual([`${INTEGRATION}: payment left claimed, but no recovery workflow is on record`]);
	});

	it('a connection failure not checked since it happened calls the recovery (it checks the connection)', () => {
		const failed = paymentRow({}, { status: 'failed', updatedAt: T0, columns: { errorCode: 'LIGHTSPEED_DISCONNECTED', emailStatus: 'pending' } });
		const plan = sweep({ payments: [failed], orders: [], restaurants: [restaurantRow({ connectionCheckedAtMs: T0 - MIN })] }, T0 + MIN);
		expect(plan.recover[0].reasons).toEqual(['connection failure to check']);
		// and no email yet: the check decides between "reconnect" and a plain failure email
		expect(plan.emails).toEqual([]);
		expect(plan.marks).toEqual([]);
	});
});

describe('failure emails: each once, with a fresh retry link', () => {
	it('one email per failed payment and order, the link\'s token written with the email', () => {
		const now = T0 + MIN;
		const tables: Tables = {
			payments: [paymentRow({}, { status: 'failed', columns: { errorCode: 'STAFF_NOT_FOUND', emailStatus: 'pending' } })],
			orders: [orderRow({}, { status: 'failed', columns: { errorCode: 'POS_TIMEOUT', emailStatus: 'pending' } })],
			restaurants: [restaurantRow()],
		};
		const plan = sweep(tables, now);
		expect(plan.emails.map((email) => [email.kind, email.to])).toEqual([
			['payment failed', ['manager@bistro.example']],
			['order failed', ['manager@bistro.example']],
		]);
		const [payment, order] = plan.emails;
		expect(payment.subject).toContain(explainFailure('STAFF_NOT_FOUND').title);
		for (const [email, kind, table, key] of [
			[payment, 'payment', 'payments', { paymentId: 'p_1' }],
			[order, 'order', 'orders', { orderId: 'o-1' }],
		] as const) {
			expect(email.marks).toHaveLength(1);
			const mark = email.marks[0];
			expect(mark).toMatchObject({ table, columns: { integrationId: INTEGRATION, ...key, emailStatus: 'sent', retryExpiresAtMs: now + 168 * 60 * MIN, retryUsedAtMs: null } });
			const token = String(mark.columns.retryToken);
			expect(token).toMatch(RETRY_TOKEN_PATTERN);
			expect(email.text).toContain(`https://n8n.example.com/webhook/qodeup-retry/${INTEGRATION}/${kind}?t=${token}`);
		}
		expect(payment.marks[0].columns.retryToken).not.toBe(order.marks[0].columns.retryToken);
		// once written, the next runs send nothing
		let after = afterSending(tables, plan, now);
		for (let run = 1; run <= 3; run++) {
			const next = sweep(after, now + run * MIN);
			expect(next.emails).toEqual([]);
			after = afterSending(after, next, now + run * MIN);
		}
	});

	it('an email that was not sent (its marks not written) is planned again, with a new link', () => {
		const tables: Tables = { payments: [paymentRow({}, { status: 'failed', columns: { errorCode: 'POS_TIMEOUT', emailStatus: 'pending' } })], orders: [], restaurants: [restaurantRow()] };
		const first = sweep(tables, T0 + MIN);
		const again = sweep(tables, T0 + 2 * MIN);
		expect(again.emails).toHaveLength(1);
		expect(again.emails[0].marks[0].columns.retryToken).not.toBe(first.emails[0].marks[0].columns.retryToken);
	});

	it('a refusal a retry cannot fix is emailed without a link', () => {
		const tables: Tables = { payments: [paymentRow({}, { status: 'failed', columns: { errorCode: 'REFERENCE_ALREADY_USED', emailStatus: 'pending' } })], orders: [], restaurants: [restaurantRow()] };
		const [email] = sweep(tables, T0 + MIN).emails;
		expect(email.text).not.toContain('qodeup-retry');
		expect(email.text).toContain('Retrying cannot help here');
		// and no token is stored that no link carries
		expect(email.marks[0].columns).not.toHaveProperty('retryToken');
	});

	it('an order the same resend cannot fix (unknown SKU) gets no link and no token; a POS timeout gets both', () => {
		const tables: Tables = {
			payments: [],
			orders: [
				orderRow({ orderId: 'o_sku' }, { status: 'failed', columns: { errorCode: 'SKU_NOT_FOUND', errorText: 'Item not found for SKU TO-XYZ', emailStatus: 'pending' } }),
				orderRow({ orderId: 'o_late' }, { status: 'failed', columns: { errorCode: 'POS_TIMEOUT', emailStatus: 'pending' } }),
			],
			restaurants: [restaurantRow()],
		};
		const emails = sweep(tables, T0 + MIN).emails;
		const sku = emails.find((email) => email.text.includes('o_sku'))!;
		const late = emails.find((email) => email.text.includes('o_late'))!;
		expect(sku.text).not.toContain('qodeup-retry');
		expect(sku.marks[0].columns).not.toHaveProperty('retryToken');
		expect(late.text).toContain('qodeup-retry/demo-bistro/order?t=');
		expect(String(late.marks[0].columns.retryToken)).toMatch(RETRY_TOKEN_PATTERN);
	});

	it('no email for rows already emailed, never to be emailed, or not failed', () => {
		const rows = [
			paymentRow({ paymentId: 'p_a' }, { status: 'failed', columns: { errorCode: 'POS_TIMEOUT', emailStatus: 'sent' } }),
			paymentRow({ paymentId: 'p_b' }, { status: 'failed', columns: { errorCode: 'POS_TIMEOUT', emailStatus: '' } }),
			paymentRow({ paymentId: 'p_c' }, { status: 'applied', columns: { emailStatus: 'pending' } }),
			paymentRow({ paymentId: 'p_d' }, { status: 'refused', columns: { errorCode: 'AMOUNT_EXCEEDS_REMAINING', emailStatus: '' } }),
		];
		expect(sweep({ payments: rows, orders: [], restaurants: [restaurantRow()] }, T0 + MIN).emails).toEqual([]);
	});

	it('a payment booked after its failure email: one "booked after all" email', () => {
		const tables: Tables = { payments: [paymentRow({}, { status: 'applied', columns: { emailStatus: 'resolved', settledAtMs: T0 } })], orders: [], restaurants: [restaurantRow()] };
		const plan = sweep(tables, T0 + MIN);
		expect(plan.emails.map((email) => email.kind)).toEqual(['payment booked after all']);
		expect(plan.emails[0].marks).toEqual([{ table: 'payments', columns: expect.objectContaining({ paymentId: 'p_1', emailStatus: 'resolvedSent' }) }]);
		expect(sweep(afterSending(tables, plan, T0 + MIN), T0 + 2 * MIN).emails).toEqual([]);
	});

	it('an order accepted after its "not taken" email: one "taken after all" email', () => {
		const tables: Tables = { payments: [], orders: [orderRow({}, { status: 'accepted', columns: { emailStatus: 'resolved', settledAtMs: T0 } })], restaurants: [restaurantRow()] };
		const plan = sweep(tables, T0 + MIN);
		expect(plan.emails.map((email) => email.kind)).toEqual(['order taken after all']);
		expect(plan.emails[0].subject).toContain('was taken after all');
		expect(plan.emails[0].text).toContain('Qodeup order ID: o-1');
		expect(plan.emails[0].marks).toEqual([{ table: 'orders', columns: expect.objectContaining({ orderId: 'o-1', emailStatus: 'resolvedSent' }) }]);
		expect(sweep(afterSending(tables, plan, T0 + MIN), T0 + 2 * MIN).emails).toEqual([]);
	});

	it('a restaurant without a valid address: no email, the rows marked so (not planned again)', () => {
		const tables: Tables = {
			payments: [paymentRow({}, { status: 'failed', columns: { errorCode: 'POS_TIMEOUT', emailStatus: 'pending' } })],
			orders: [],
			restaurants: [restaurantRow({ notificationEmails: 'not-an-address' })],
		};
		const plan = sweep(tables, T0 + MIN);
		expect(plan.emails).toEqual([]);
		expect(plan.marks).toEqual([{ table: 'payments', columns: expect.objectContaining({ paymentId: 'p_1', emailStatus: 'noRecipients' }) }]);
		expect(sweep(afterSending(tables, plan, T0 + MIN), T0 + 2 * MIN)).toMatchObject({ emails: [], marks: [] });
	});

	it('every email is the restaurant\'s: its name, its addresses, its currency and time zone', () => {
		const other = restaurantRow({ integrationId: 'other-bistro', name: 'Other', notificationEmails: 'boss@other.example', currency: 'CHF', timezone: 'Europe/Zurich' });
		const tables: Tables = {
			payments: [
				paymentRow({}, { status: 'failed', columns: { errorCode: 'POS_TIMEOUT', emailStatus: 'pending' } }),
				paymentRow({ paymentId: 'p_o' }, { status: 'failed', integrationId: 'other-bistro', columns: { errorCode: 'POS_TIMEOUT', emailStatus: 'pending' } }),
			],
			orders: [],
			restaurants: [restaurantRow(), other],
		};
		const emails = sweep(tables, T0 + MIN).emails;
		expect(emails.map((email) => [email.integrationId, email.to, email.subject.slice(0, 30)])).toEqual([
			[INTEGRATION, ['manager@bistro.example'], '[Demo Bistro] Payment not book'],
			['other-bistro', ['boss@other.example'], '[Other] Payment not booked on '],
		]);
		expect(emails[1].text).toContain('20.00 CHF');
		expect(emails[1].text).toContain('(Europe/Zurich)');
		expect(restaurantOf({ integrationId: 'x' })).toEqual({ integrationId: 'x', name: 'x', notificationEmails: '', timezone: '', currency: 'EUR' });
	});
});

describe('a lost connection: one "Reconnect" per outage, then the retry links once it works again', () => {
	const lostPayment = (paymentId: string, at: number) =>
		paymentRow({ paymentId }, { status: 'failed', updatedAt: at, columns: { errorCode: 'LIGHTSPEED_DISCONNECTED', emailStatus: 'pending' } });

	it('walks an outage from the first failure to the connection working again', () => {
		let now = T0;
		let tables: Tables = { payments: [lostPayment('p_1', now)], orders: [], restaurants: [restaurantRow({ connectionCheckedAtMs: T0 - 10 * MIN })] };

		// 1. the failure is not checked yet: recovery checks the connection, nobody is emailed
		let plan = sweep(tables, (now += MIN));
		expect(plan.recover[0].reasons).toEqual(['connection failure to check']);
		expect(plan.emails).toEqual([]);
		// the recovery's check finds the connection lost
		tables = write(tables, [{ table: 'restaurants', columns: { integrationId: INTEGRATION, connection: 'lost', connectionLostAtMs: now, connectionCheckedAtMs: now } }], now);
		const lostAt = now;

		// 2. one "Reconnect Lightspeed" naming what waits; the payment gets no email of its own
		plan = sweep(tables, (now += MIN));
		expect(plan.recover[0].reasons).toEqual(['connection lost']);
		expect(plan.emails.map((email) => email.kind)).toEqual(['reconnect Lightspeed']);
		expect(plan.emails[0].subject).toBe('[Demo Bistro] Reconnect Lightspeed: 1 payment waiting');
		expect(plan.emails[0].text).toContain('Open the Lightspeed credential in n8n: https://n8n.example.com/home/credentials/cred-ls-1');
		expect(plan.emails[0].marks).toEqual([{ table: 'restaurants', columns: { integrationId: INTEGRATION, outageNotifiedAtMs: lostAt } }]);
		expect(plan.marks).toEqual([{ table: 'payments', columns: expect.objectContaining({ paymentId: 'p_1', emailStatus: 'outage' }) }]);
		tables = afterSending(tables, plan, now);

		// 3. more failures during the same outage: no second "Reconnect", no single emails
		tables = { ...tables, payments: [...tables.payments, lostPayment('p_2', now)], orders: [orderRow({}, { status: 'failed', updatedAt: now, columns: { errorCode: 'LIGHTSPEED_DISCONNECTED', emailStatus: 'pending' } })] };
		for (let run = 0; run < 3; run++) {
			tables = write(tables, [{ table: 'restaurants', columns: { integrationId: INTEGRATION, connectionCheckedAtMs: now + 1 } }], now + 1); // recovery checks each minute
			plan = sweep(tables, (now += MIN));
			expect(plan.emails).toEqual([]);
			tables = afterSending(tables, plan, now);
		}
		expect(tables.payments.map((row) => row.emailStatus)).toEqual(['outage', 'outage']);
		expect(tables.orders.map((row) => row.emailStatus)).toEqual(['outage']);

		// 4. reconnected: one email with a retry link for each, then nothing more
		tables = write(tables, [{ table: 'restaurants', columns: { integrationId: INTEGRATION, connection: 'ok', connectionCheckedAtMs: now + 1 } }], now + 1);
		plan = sweep(tables, (now += MIN));
		expect(plan.recover).toEqual([]);
		expect(plan.emails.map((email) => email.kind)).toEqual(['connected again']);
		const [again] = plan.emails;
		expect(again.subject).toBe('[Demo Bistro] Lightspeed is connected again: 3 to retry');
		expect(again.marks).toHaveLength(3);
		for (const mark of again.marks) {
			expect(mark.columns).toMatchObject({ emailStatus: 'sent', retryUsedAtMs: null });
			const kind = mark.table === 'payments' ? 'payment' : 'order';
			expect(again.text).toContain(`/webhook/qodeup-retry/${INTEGRATION}/${kind}?t=${String(mark.columns.retryToken)}`);
		}
		tables = afterSending(tables, plan, now);
		expect(sweep(tables, (now += MIN)).emails).toEqual([]);

		// 5. a new outage is a new "Reconnect"
		tables = write(tables, [{ table: 'restaurants', columns: { integrationId: INTEGRATION, connection: 'lost', connectionLostAtMs: now, connectionCheckedAtMs: now } }], now);
		plan = sweep(tables, (now += MIN));
		expect(plan.emails.map((email) => [email.kind, email.subject])).toEqual([['reconnect Lightspeed', '[Demo Bistro] Reconnect Lightspeed: the connection is lost']]);
	});

	it('a connection failure checked while the connection works: a plain failure email with its retry link', () => {
		const tables: Tables = { payments: [lostPayment('p_1', T0)], orders: [], restaurants: [restaurantRow({ connection: 'ok', connectionCheckedAtMs: T0 + 1 })] };
		const plan = sweep(tables, T0 + MIN);
		expect(plan.recover).toEqual([]);
		expect(plan.emails.map((email) => email.kind)).toEqual(['payment failed']);
		expect(plan.emails[0].text).toContain(`/qodeup-retry/${INTEGRATION}/payment?t=${String(plan.emails[0].marks[0].columns.retryToken)}`);
	});

	it('no connection link without a credential on record', () => {
		const tables: Tables = { payments: [], orders: [], restaurants: [restaurantRow({ connection: 'lost', connectionLostAtMs: T0, lightspeedCredentialId: '' })] };
		const [email] = sweep(tables, T0 + MIN).emails;
		expect(email.kind).toBe('reconnect Lightspeed');
		expect(email.html).not.toContain('href=');
	});
});

describe('marks name their row', () => {
	it('payments and orders by row id and keys, restaurants by integration id', () => {
		const payment = paymentRow({}, { id: 41, status: 'failed', columns: { errorCode: 'POS_TIMEOUT', emailStatus: 'pending' } });
		const order = orderRow({}, { id: 42, status: 'failed', columns: { errorCode: 'POS_TIMEOUT', emailStatus: 'pending' } });
		const plan = sweep({ payments: [payment], orders: [order], restaurants: [restaurantRow()] }, T0 + MIN);
		const columns = plan.emails.map((email) => email.marks[0].columns as IDataObject);
		expect(columns[0]).toMatchObject({ id: 41, integrationId: INTEGRATION, paymentId: 'p_1' });
		expect(columns[1]).toMatchObject({ id: 42, integrationId: INTEGRATION, orderId: 'o-1' });
		expect(columns[1]).not.toHaveProperty('paymentId');
	});
});
