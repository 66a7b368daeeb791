// What one request of each benchmark variant is:
//   a  this package's templates   (signed Qodeup request to n8n)
//   b  the core-nodes fixtures     (the same request to the fixture's path, its own secret)
//   c  the floor                   (the same Lightspeed calls, made directly with a bearer token)
//   d  (--experiments) the previous round's core-nodes build (no floor-plan cache, no claim)
// × two flows: `lookup` (all tables with their open checks) and `pay` (one payment on one check).
// Each builder does its preparation (signing, body) before it starts the clock.
import crypto from 'node:crypto';
import { LOCATION_ID, PATHS, FLOOR_ENDPOINT } from './constants.mjs';

export const VARIANTS = Object.freeze(['a', 'b', 'c']);
export const FLOWS = Object.freeze(['lookup', 'pay']);
export const VARIANT_NAMES = Object.freeze({
	a: 'templates (this package)',
	b: 'core nodes',
	c: 'floor (direct)',
	d: 'core nodes, previous round (no cache, no claim)',
	y: 'what-if: template route alone in its workflow',
	m: 'n8n minimal (anchor)',
	x: 'what-if: LS node, core Webhook',
});

/** Path of the anchor workflow (m): core Webhook → HTTP Request → Respond, no expression, no credential. */
export const ANCHOR_PATH = 'bench-anchor/open-checks';

function sign(secret, method, path, rawBody) {
	const ts = String(Math.floor(Date.now() / 1000));
	const sig = crypto.createHmac('sha256', secret).update(`${ts}.${method}.${path}.${rawBody}`, 'utf8').digest('hex');
	return { 'x-qodeup-timestamp': ts, 'x-qodeup-signature': `v1=${sig}` };
}

function parse(text) {
	try {
		return JSON.parse(text);
	} catch {
		return undefined;
	}
}

const cents = (v) => {
	const m = /^(\d+)(?:\.(\d{1,2}))?$/.exec(String(v ?? '').trim());
	return m ? Number(m[1]) * 100 + Number((m[2] || '').padEnd(2, '0')) : NaN;
};

/** The number of tables the seeded location has on its floor plans (Main room 1–8, Terrace 9–14). */
export const EXPECTED_TABLES = 14;

/** The floor's floor-plan cache: one fetch per worker process, shared by its warm-up and measured phase. */
let floorplanCache = null;

/**
 * Builds `one(i, worker, markStart)` for the load generator.
 * cfg: { variant, flow, client, n8nUrl, sandboxUrl, secretA, secretB, floorToken, payments: [{paymentId, checkId, tableNumber, amount}] }
 */
export function makeRequest(cfg) {
	const { variant, flow, client } = cfg;
	const now = () => process.hrtime.bigint();

	const pathOf = (lookup) =>
		({
			a: lookup ? PATHS.templateTables : PATHS.templatePayments,
			b: lookup ? PATHS.coreTables : PATHS.corePayments,
			d: lookup ? PATHS.coreLiteTables : PATHS.coreLitePayments,
			y: PATHS.routeAlonePayments, // payments only: the lookup is a workflow of its own now
		})[variant];
	// the path signed: y is the template's route on another URL, its Check node signs the route's own
	const signedPathOf = (lookup) => (variant === 'y' ? PATHS.templatePayments : pathOf(lookup));
	const n8nRow = variant === 'a' || variant === 'b' || variant === 'd' || variant === 'y';

	if (flow === 'lookup' && n8nRow) {
		const path = pathOf(true);
		const secret = variant === 'a' || variant === 'y' ? cfg.secretA : cfg.secretB;
		const url = `${cfg.n8nUrl}/webhook/${path}`;
		return async (i, w, markStart) => {
			const headers = sign(secret, 'GET', signedPathOf(true), '');
			markStart(now());
			const r = await client.request(url, { headers });
			const j = parse(r.body);
			const ok = r.status === 200 && Array.isArray(j?.tables) && j.tables.length >= EXPECTED_TABLES;
			return { ok, status: r.status, detail: ok ? '' : r.body };
		};
	}

	if (flow === 'pay' && n8nRow) {
		const path = pathOf(false);
		const secret = variant === 'a' || variant === 'y' ? cfg.secretA : cfg.secretB;
		const url = `${cfg.n8nUrl}/webhook/${path}`;
		return async (i, w, markStart) => {
			const p = cfg.payments[i];
			if (!p) throw new Error(`no prepared check for payment #${i}`);
			const raw = JSON.stringify({ paymentId: p.paymentId, tableNumber: p.tableNumber, checkId: p.checkId, amount: p.amount, tipAmount: '0.00', method: 'card' });
			const headers = { 'content-type': 'application/json', ...sign(secret, 'POST', signedPathOf(false), raw) };
			markStart(now());
			const r = await client.request(url, { method: 'POST', headers, body: raw });
			const j = parse(r.body);
			const ok = r.status === 202 && j?.status === 'pending' && j?.paymentId === p.paymentId;
			return { ok, status: r.status, detail: ok ? '' : r.body };
		};
	}

	if (variant === 'x') {
		// what-if (--experiments): the template's Lightspeed node between a core Webhook and Respond
		const url = `${cfg.n8nUrl}/webhook/bench-x/demo-bistro/tables`;
		return async (i, w, markStart) => {
			markStart(now());
			const r = await client.request(url);
			const j = parse(r.body);
			const ok = r.status === 200 && Array.isArray(j?.tables) && j.tables.length >= EXPECTED_TABLES;
			return { ok, status: r.status, detail: ok ? '' : r.body };
		};
	}

	if (variant === 'm') {
		// the anchor: what n8n itself costs on this machine for the smallest webhook → API → answer flow
		const url = `${cfg.n8nUrl}/webhook/${ANCHOR_PATH}`;
		return async (i, w, markStart) => {
			markStart(now());
			const r = await client.request(url);
			const j = parse(r.body);
			const ok = r.status === 200 && Array.isArray(j);
			return { ok, status: r.status, detail: ok ? '' : r.body };
		};
	}

	// --- the floor: the calls the templates make to Lightspeed, without n8n ---------------------
	const auth = { authorization: `Bearer ${cfg.floorToken}` };
	const api = cfg.sandboxUrl;
	if (flow === 'lookup') {
		return async (i, w, markStart) => {
			markStart(now());
			// floor plans cached for the process (the template's node keeps them 300 s), fetched once
			floorplanCache ??= client
				.request(`${api}/o/op/data/${LOCATION_ID}/floorplans?expandTables=true`, { headers: auth })
				.then((fp) => {
					if (fp.status !== 200) throw new Error(`floor plans: ${fp.status} ${fp.body}`);
					return parse(fp.body);
				});
			const floorplans = await floorplanCache;
			const r = await client.request(`${api}/o/op/1/order/table/getCheck?businessLocationId=${LOCATION_ID}`, { headers: auth });
			if (r.status !== 200) return { ok: false, status: r.status, detail: r.body };
			const checks = parse(r.body) || [];
			const tables = [];
			for (const f of floorplans) {
				for (const t of f.tables) {
					const open = checks.filter((c) => c.tableNumber === t.number);
					const current = open.reduce((s, c) => s + cents(c.currentAmount), 0);
					const paid = open.reduce((s, c) => s + cents(c.paidAmount), 0);
					tables.push({ tableNumber: t.number, floorplanId: f.id, openCheckCount: open.length, current, paid, remaining: current - paid, openChecks: open });
				}
			}
			JSON.stringify({ tables }); // the answer a server would send
			return { ok: tables.length >= EXPECTED_TABLES, status: r.status };
		};
	}
	return async (i, w, markStart) => {
		const p = cfg.payments[i];
		if (!p) throw new Error(`no prepared check for payment #${i}`);
		const reference = `QD-${p.paymentId}-1`;
		markStart(now());
		const r = await client.request(`${api}/o/op/1/order/accounts/${encodeURIComponent(p.checkId)}?businessLocationId=${LOCATION_ID}`, { headers: auth });
		if (r.status !== 200) return { ok: false, status: r.status, detail: r.body };
		const check = parse(r.body);
		const remaining = cents(check.currentAmount) - cents(check.paidAmount);
		if (!(cents(p.amount) <= remaining)) return { ok: false, status: 409, detail: `remaining ${remaining}` };
		const body = JSON.stringify({
			businessLocationId: LOCATION_ID,
			iKaccountIdentifier: check.ikaccountId,
			thirdPartyPaymentReference: reference,
			endpointId: FLOOR_ENDPOINT,
			paymentAmount: cents(p.amount) / 100,
			tipAmount: 0,
			paymentMethod: 'QDCARD',
			taskTtlInMs: 120000,
		});
		const pay = await client.request(`${api}/o/op/1/pay`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body });
		return { ok: pay.status === 200, status: pay.status === 200 ? 202 : pay.status, detail: pay.body };
	};
}
