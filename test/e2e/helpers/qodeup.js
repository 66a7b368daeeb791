'use strict';
// Acts as Qodeup against the running stack: correctly signed (or deliberately wrong) requests
// to `<n8n>/webhook/qodeup/<integrationId>/<rel>` (docs/contracts.md).
const { qodeupRequest, signQodeup, qodeupHeaders } = require('../../../scripts/lib/qodeup-client.cjs');
const { contractProblems } = require('./contract');
const { stackInfo } = require('./stack');
const { waitFor } = require('./wait');

/** `qodeup/<integrationId>/<rel>` — the path that is signed. */
function qodeupPath(rel, integrationId = stackInfo().qodeup.integrationId) {
	return `qodeup/${integrationId}/${String(rel).replace(/^\/+/, '')}`;
}

/**
 * Sends a request as Qodeup. `rel` is below qodeup/<integrationId>/ (e.g. 'payments', 'tables/3').
 * opts: sign (default true), secret, timestamp (unix s), headers, integrationId, timeoutMs.
 * `body` may be an object (JSON) or a raw string. → { status, headers, text, json }
 */
async function qodeup(method, rel, body, opts = {}) {
	const info = stackInfo();
	const path = qodeupPath(rel, opts.integrationId);
	const response = await qodeupRequest({
		webhookBase: info.n8n.webhookBase,
		secret: opts.secret ?? info.qodeup.signingSecret,
		method,
		path,
		body,
		sign: opts.sign !== false,
		timestamp: opts.timestamp,
		headers: opts.headers,
		timeoutMs: opts.timeoutMs,
	});
	// every answer of every scenario is checked against openapi/qodeup-integration.yml
	if (opts.contract !== false) {
		const problems = contractProblems(method, path, response);
		if (problems.length) throw new Error(`the answer breaks the Qodeup contract:\n  ${problems.join('\n  ')}\nbody: ${String(response.text).slice(0, 400)}`);
	}
	return response;
}

const pay = (payment, opts) => qodeup('POST', 'payments', payment, opts);
const getTable = (tableNumber, opts) => qodeup('GET', `tables/${tableNumber}`, undefined, opts);
const getTables = (opts) => qodeup('GET', 'tables', undefined, opts);
const paymentStatus = (paymentId, opts) => qodeup('GET', `payments/${encodeURIComponent(paymentId)}`, undefined, opts);
const order = (o, opts) => qodeup('POST', 'orders', o, opts);
const orderStatus = (orderId, opts) => qodeup('GET', `orders/${encodeURIComponent(orderId)}`, undefined, opts);

/** Waits until a Qodeup URL is registered (answers anything but 404) — e.g. right after a re-publish. */
function waitForQodeupRoute(method, rel, { timeoutMs = 30_000 } = {}) {
	return waitFor(async () => (await qodeup(method, rel, undefined, { sign: false, contract: false })).status !== 404, {
		timeoutMs,
		what: `${method} ${qodeupPath(rel)} to be registered`,
	});
}

module.exports = { qodeup, qodeupPath, pay, getTable, getTables, paymentStatus, order, orderStatus, waitForQodeupRoute, signQodeup, qodeupHeaders };
