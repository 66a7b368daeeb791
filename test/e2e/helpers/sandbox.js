'use strict';
// Admin client for the Lightspeed sandbox (docs/contracts.md, "The sandbox").
const { httpJson, httpOk } = require('./http');
const { stackInfo } = require('./stack');
const { waitFor } = require('./wait');

const url = (p) => `${stackInfo().sandbox.url}${p}`;

const sandbox = {
	url,
	state: () => httpOk('GET', url('/_admin/state')),
	reset: () => httpOk('POST', url('/_admin/reset'), {}),
	/** Merges faults, e.g. { posOffline: true } or { paymentFailure: 'ACCOUNT_ALREADY_CLOSED' }. */
	setFaults: (faults) => httpOk('POST', url('/_admin/faults'), faults),
	clearFaults: () => httpOk('DELETE', url('/_admin/faults')),
	config: (cfg) => httpOk('POST', url('/_admin/config'), cfg),
	/** Opens a check: { tableNumber, lines: [{sku, quantity}], businessLocationId? } → check. */
	openCheck: (check) => httpOk('POST', url('/_admin/checks'), check),
	addLines: (checkId, lines) => httpOk('POST', url(`/_admin/checks/${encodeURIComponent(checkId)}/lines`), { lines }),
	closeCheck: (checkId) => httpOk('POST', url(`/_admin/checks/${encodeURIComponent(checkId)}/close`), {}),
	mintTokens: (ttlSeconds) => httpOk('POST', url('/_admin/tokens'), ttlSeconds ? { ttlSeconds } : {}),
	revokeTokens: () => httpOk('POST', url('/_admin/tokens/revoke'), {}),
	/** Raw call to any sandbox path (admin or API). */
	request: (method, p, body, opts) => httpJson(method, url(p), body, opts),

	/** Checks that are open (closeDate null) — optionally on one table. */
	async openChecks(tableNumber) {
		const s = await sandbox.state();
		return (s.checks || []).filter((c) => !c.closeDate && !c.closed && (tableNumber === undefined || Number(c.tableNumber) === Number(tableNumber)));
	},

	/** Waits until `predicate(state)` holds; returns its value. */
	waitForState(predicate, { timeoutMs = 30_000, what = 'sandbox state' } = {}) {
		return waitFor(async () => predicate(await sandbox.state()), { timeoutMs, what });
	},
};

module.exports = { sandbox };
