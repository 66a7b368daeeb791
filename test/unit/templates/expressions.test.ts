/**
 * The expressions in the templates that carry money or identity, evaluated with stand-ins for
 * n8n's `$json` / `$()` / `$now`: the payment reference must equal the node's own
 * buildPaymentReference(), the in-flight sum must be exact decimal arithmetic, and the answer
 * to Qodeup must map every outcome to the documented status code and body.
 */
import { createHash } from 'crypto';
import fs from 'fs';
import path from 'path';

import { buildPaymentReference } from '../../../nodes/shared/paymentReference';

const ROOT = path.resolve(__dirname, '../../..');
type Node = { name: string; parameters: Record<string, unknown> };
const workflow = (file: string): { nodes: Node[] } => JSON.parse(fs.readFileSync(path.join(ROOT, 'workflows', file), 'utf8'));

function param(file: string, nodeName: string, pathInParams: string): string {
	const node = workflow(file).nodes.find((n) => n.name === nodeName);
	if (!node) throw new Error(`${file}: no node ${nodeName}`);
	let value: unknown = node.parameters;
	for (const key of pathInParams.split('.')) value = (value as Record<string, unknown>)[key];
	if (typeof value !== 'string' || !value.startsWith('={{')) throw new Error(`${nodeName}.${pathInParams} is not an expression`);
	return value.slice(3, value.lastIndexOf('}}'));
}

interface Context {
	json?: Record<string, unknown>;
	nodes?: Record<string, Array<Record<string, unknown>>>;
	nowMs?: number;
}

/** Evaluates the body of a {{ }} expression with stand-ins for n8n's globals and `.hash()`. */
function evaluate(body: string, ctx: Context): unknown {
	const $ = (name: string) => {
		const items = (ctx.nodes ?? {})[name];
		if (!items) throw new Error(`expression read node "${name}", not provided`);
		return { first: () => ({ json: items[0] }), all: () => items.map((json) => ({ json })), item: { json: items[0] } };
	};
	const proto = String.prototype as unknown as { hash?: (algo: string) => string };
	proto.hash = function (this: string, algo: string) {
		return createHash(algo).update(String(this), 'utf8').digest('hex');
	};
	try {
		// eslint-disable-next-line @typescript-eslint/no-implied-eval
		const fn = new Function('$', '$json', '$now', `return (${body});`) as (...args: unknown[]) => unknown;
		return fn($, ctx.json ?? {}, { toMillis: () => ctx.nowMs ?? 1_700_000_000_000 });
	} finally {
		delete proto.hash;
	}
}

describe('payment reference stored when a payment is claimed', () => {
	const ids = ['p1', 'abc_DEF_123', 'with-dash', 'a.b:c', 'x'.repeat(40), 'y'.repeat(41), 'e2e-2026-11-27T18:05:00.123'];

	it.each(ids)('payment application, attempt 1: %s', (id) => {
		const body = param('payment-application.json', 'Ledger: claim the payment', 'columns.value.reference');
		const value = evaluate(body, { nodes: { 'Qodeup: payment request': [{ payment: { paymentId: id } }] } });
		expect(value).toBe(buildPaymentReference(id, 1));
	});

	it.each(ids)('retry handler, next attempt: %s', (id) => {
		const body = param('retry-handler.json', 'Ledger: claim the retry', 'columns.value.reference');
		for (const attempt of [1, 2, 9]) {
			const value = evaluate(body, { nodes: { 'Ledger: read the row': [{ paymentId: id, attempt }] } });
			expect(value).toBe(buildPaymentReference(id, attempt + 1));
		}
	});
});

describe('amount in flight on the same check', () => {
	const body = param('payment-application.json', 'Lightspeed: apply payment', 'inFlightAmount');
	const run = (payment: Record<string, unknown>, rows: Array<Record<string, unknown>>, claim: Record<string, unknown> = {}) =>
		evaluate(body, {
			nodes: { 'Qodeup: payment request': [{ payment }], 'Ledger: payments in flight': rows, 'Ledger: claim the payment': [claim] },
		});

	it('is "0.00" when nothing is in flight (the empty item of alwaysOutputData)', () => {
		expect(run({ paymentId: 'p9', tableNumber: 3, checkId: null }, [{}])).toBe('0.00');
	});

	it('sums exactly, with no float error (0.10 + 0.20 + 12.30 = 12.60)', () => {
		const rows = [
			{ paymentId: 'a', tableNumber: '3', checkId: 'A1.1', amount: '0.10' },
			{ paymentId: 'b', tableNumber: '3', checkId: 'A1.1', amount: '0.2' },
			{ paymentId: 'c', tableNumber: '3', checkId: '', amount: '12.30' },
		];
		expect(run({ paymentId: 'p9', tableNumber: 3, checkId: null }, rows)).toBe('12.60');
		expect(run({ paymentId: 'p9', tableNumber: 3, checkId: 'A1.1' }, rows)).toBe('12.60');
	});

	it('counts only the same check (by id when both know it, else by table) and never this payment', () => {
		const rows = [
			{ paymentId: 'p9', tableNumber: '5', checkId: 'A5.1', amount: '50.00' },
			{ paymentId: 'a', tableNumber: '5', checkId: 'A5.1', amount: '7.25' },
			{ paymentId: 'b', tableNumber: '5', checkId: 'A5.2', amount: '3.00' },
			{ paymentId: 'c', tableNumber: '6', checkId: '', amount: '9.99' },
			{ paymentId: 'd', tableNumber: '', checkId: 'A5.1', amount: '1.01' },
		];
		expect(run({ paymentId: 'p9', tableNumber: 5, checkId: 'A5.1' }, rows)).toBe('8.26');
		expect(run({ paymentId: 'p9', tableNumber: 6, checkId: null }, rows)).toBe('9.99');
	});

	describe('two guests paying at once: only payments ahead of this one count', () => {
		const check = { tableNumber: '3', checkId: 'A3.1' };
		const row = (paymentId: string, amount: string, status: string, sentAtMs: number) => ({ paymentId, amount, status, sentAtMs, ...check });
		const a = { paymentId: 'a', tableNumber: 3, checkId: 'A3.1' };
		const b = { paymentId: 'b', tableNumber: 3, checkId: 'A3.1' };

		it('the earlier claim ignores the later one, the later one counts the earlier: never both, never neither', () => {
			const rowA = row('a', '7.00', 'received', 1000);
			const rowB = row('b', '6.00', 'received', 1005);
			expect(run(a, [rowB], rowA)).toBe('0.00');
			expect(run(b, [rowA], rowB)).toBe('7.00');
		});

		it('a tie on the claim time is broken by payment id, the same way on both sides', () => {
			const rowA = row('a', '7.00', 'received', 1000);
			const rowB = row('b', '6.00', 'received', 1000);
			expect(run(a, [rowB], rowA)).toBe('0.00');
			expect(run(b, [rowA], rowB)).toBe('7.00');
		});

		it('a payment Lightspeed already has counts whenever it was claimed', () => {
			const rowA = row('a', '7.00', 'received', 1000);
			expect(run(a, [row('b', '6.00', 'sent', 2000)], rowA)).toBe('6.00');
		});

		it('counts everything when a claim time is missing (the cautious side)', () => {
			expect(run(a, [row('b', '6.00', 'received', 2000)], { paymentId: 'a' })).toBe('6.00');
			expect(run(a, [{ paymentId: 'b', amount: '6.00', status: 'received', ...check }], row('a', '7.00', 'received', 1000))).toBe('6.00');
		});
	});

	it('the retry handler still counts every payment in flight on the check, earlier or later', () => {
		const retry = param('retry-handler.json', 'Lightspeed: apply payment', 'inFlightAmount');
		const retried = { paymentId: 'old', amount: '5.00', status: 'received', sentAtMs: 1000, tableNumber: '3', checkId: 'A3.1' };
		const later = { paymentId: 'new', amount: '6.00', status: 'received', sentAtMs: 2000, tableNumber: '3', checkId: 'A3.1' };
		const value = evaluate(retry, { nodes: { 'Ledger: read the row': [retried], 'Ledger: payments in flight': [later] } });
		expect(value).toBe('6.00');
	});

	it('handles large sums as integers', () => {
		const rows = Array.from({ length: 100 }, (_, i) => ({ paymentId: `x${i}`, tableNumber: '1', checkId: 'C', amount: '99999.99' }));
		expect(run({ paymentId: 'p', tableNumber: 1, checkId: 'C' }, rows)).toBe('9999999.00');
	});
});

describe('the answer to Qodeup', () => {
	const status = param('payment-application.json', 'Answer Qodeup', 'statusCode');
	const body = param('payment-application.json', 'Answer Qodeup', 'body');
	const claim = { paymentId: 'p1', reference: 'QD-p1-1', status: 'received' };
	const answer = (json: Record<string, unknown>) => {
		const ctx = { json, nodes: { 'Ledger: claim the payment': [claim] } };
		return { status: evaluate(status, ctx), body: evaluate(body, ctx) };
	};

	it('202 pending when Lightspeed took it', () => {
		expect(answer({ status: 'sent', paymentId: 'p1', reference: 'QD-p1-1', alreadySent: false })).toEqual({
			status: 202,
			body: { paymentId: 'p1', status: 'pending', reference: 'QD-p1-1' },
		});
	});

	it('409 with the remaining amount when the amount is too high', () => {
		const a = answer({ status: 'refused', paymentId: 'p1', reference: 'QD-p1-1', errorCode: 'AMOUNT_EXCEEDS_REMAINING', message: 'too much', remaining: '4.00', alreadySent: false });
		expect(a).toEqual({ status: 409, body: { paymentId: 'p1', status: 'refused', reference: 'QD-p1-1', error: 'AMOUNT_EXCEEDS_REMAINING', message: 'too much', remaining: '4.00' } });
	});

	it('404 when there is no open check', () => {
		expect(answer({ status: 'refused', paymentId: 'p1', errorCode: 'ACCOUNT_NOT_FOUND', message: 'none', alreadySent: false }).status).toBe(404);
	});

	it('202 failed for a configuration refusal (it goes to the merchant by email)', () => {
		const a = answer({ status: 'refused', paymentId: 'p1', reference: 'QD-p1-1', errorCode: 'PAYMENT_API_DISABLED', message: 'off', alreadySent: false });
		expect(a).toEqual({ status: 202, body: { paymentId: 'p1', status: 'failed', reference: 'QD-p1-1', error: 'PAYMENT_API_DISABLED', message: 'off' } });
	});

	it('202 failed with the code of a transport error item, reference from the claimed row', () => {
		const a = answer({ error: 'Lightspeed is down', errorCode: 'LIGHTSPEED_UNAVAILABLE' });
		expect(a).toEqual({ status: 202, body: { paymentId: 'p1', status: 'failed', reference: 'QD-p1-1', error: 'LIGHTSPEED_UNAVAILABLE', message: 'Lightspeed is down' } });
	});

	it('a repeated payment id gets the same answer from the ledger row', () => {
		const statusR = param('payment-application.json', 'Answer Qodeup (repeat)', 'statusCode');
		const bodyR = param('payment-application.json', 'Answer Qodeup (repeat)', 'body');
		const trigger = { 'Qodeup: payment request': [{ payment: { paymentId: 'p1' } }] };
		const row = { paymentId: 'p1', status: 'refused', reference: 'QD-p1-1', errorCode: 'AMOUNT_EXCEEDS_REMAINING', errorText: 'too much', remaining: '4.00' };
		expect(evaluate(statusR, { json: row, nodes: trigger })).toBe(409);
		expect(evaluate(bodyR, { json: row, nodes: trigger })).toEqual({
			paymentId: 'p1',
			status: 'refused',
			reference: 'QD-p1-1',
			error: 'AMOUNT_EXCEEDS_REMAINING',
			message: 'too much',
			remaining: '4.00',
		});
		expect(evaluate(bodyR, { json: { paymentId: 'p1', status: 'sent', reference: 'QD-p1-1' }, nodes: trigger })).toEqual({
			paymentId: 'p1',
			status: 'pending',
			reference: 'QD-p1-1',
		});
		// the row of a concurrent duplicate that lost the claim but is not visible yet
		expect(evaluate(statusR, { json: {}, nodes: trigger })).toBe(202);
	});
});

describe('retry handler pages', () => {
	it('escape every value they show', () => {
		const body = param('retry-handler.json', 'Page: result', 'responseBody');
		const html = evaluate(body, {
			json: { error: '<script>alert(1)</script> & "quotes"', errorCode: 'UNKNOWN' },
			nodes: { 'Ledger: read the row': [{ paymentId: 'p<1>', amount: '1.00', tableNumber: '<b>3</b>' }] },
		}) as string;
		expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quotes&quot;');
		expect(html).not.toContain('<script>');
		expect(html).toMatch(/^<!doctype html>/);
	});
});
