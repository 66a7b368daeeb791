'use strict';
// Helpers for the template scenarios (test/e2e/scenarios): the ledgers, the sandbox's view of a
// payment or order, failure mails and their retry pages, the demo restaurant's workflows.
// Built on the harness helpers in test/e2e/helpers, never replacing them.
const fs = require('node:fs');
const path = require('node:path');
const { ROOT, stackInfo } = require('../../helpers/stack');
const n8n = require('../../helpers/n8n');
const mail = require('../../helpers/mail');
const { sandbox } = require('../../helpers/sandbox');
const { httpJson } = require('../../helpers/http');
const { waitFor, sleep } = require('../../helpers/wait');
const { signQodeup } = require('../../helpers/qodeup');

const LEDGERS = JSON.parse(fs.readFileSync(path.join(ROOT, 'nodes/shared/ledgers.json'), 'utf8'));
const TABLES = Object.fromEntries(Object.entries(LEDGERS).map(([key, value]) => [key, value.name]));
const LOCATION = 45454565682155;

/** The demo restaurant's workflow ids by role (scripts/templates/build.mjs DEMO_IDS). */
const WF = {
	settings: 'QdDemoSettings0001',
	requests: 'QdDemoRequests0001',
	tables: 'QdDemoTables00001',
	notifications: 'QdDemoNotify00001',
	retryPayment: 'QdDemoRetryPay001',
	retryOrder: 'QdDemoRetryOrd001',
	recovery: 'QdDemoRecovery001',
	setup: 'QdFleetTables0001',
	sweeper: 'QdFleetSweeper001',
	retention: 'QdFleetRetain0001',
};

/** An id no earlier run has used (the ledgers live as long as the n8n user folder). */
let counter = 0;
function uid(prefix) {
	counter += 1;
	return `${prefix}_${Date.now().toString(36)}${counter}`;
}

/** The package as n8n runs it (the copy installed in its user folder), e.g. for explanations. */
let installed;
function pkg(rel) {
	installed = installed || {};
	if (!installed[rel]) {
		const inUserFolder = path.join(stackInfo().runDir, 'home', '.n8n', 'nodes', 'node_modules', 'n8n-nodes-qodeup-lightspeed', rel);
		const file = [inUserFolder, path.join(ROOT, rel)].find((f) => fs.existsSync(f));
		if (!file) throw new Error(`${inUserFolder} missing: is the stack running?`);
		// eslint-disable-next-line import/no-dynamic-require
		installed[rel] = require(file);
	}
	return installed[rel];
}
const explainFailure = (code) => pkg('dist/nodes/shared/failureReasons.js').explainFailure(code);
const explainOrderFailure = (code, reason) => pkg('dist/nodes/shared/failureReasons.js').explainOrderFailure(code, reason);
/** The reference the demo restaurant's payment (or another restaurant's) is sent under. */
const paymentReference = (paymentId, attempt = 1, integrationId = stackInfo().qodeup.integrationId) =>
	pkg('dist/nodes/shared/paymentReference.js').buildPaymentReference(paymentId, attempt, integrationId);
const orderReference = (orderId, attempt = 1, integrationId = stackInfo().qodeup.integrationId) => pkg('dist/nodes/shared/orders.js').orderReference(orderId, attempt, integrationId);

// ---------- ledgers ----------

/** Rows of a ledger (payments, orders, restaurants, dailyTotals) matching column = value pairs. */
async function rows(ledger, where = {}) {
	const all = await n8n.dataTableRows(TABLES[ledger]);
	return all.filter((row) => Object.entries(where).every(([key, value]) => row[key] === value));
}

async function paymentRow(paymentId, integrationId = stackInfo().qodeup.integrationId) {
	const found = await rows('payments', { paymentId, integrationId });
	if (found.length > 1) throw new Error(`the payment ledger holds ${found.length} rows for ${paymentId}`);
	return found[0];
}

async function orderRow(orderId, integrationId = stackInfo().qodeup.integrationId) {
	const found = await rows('orders', { orderId, integrationId });
	if (found.length > 1) throw new Error(`the order ledger holds ${found.length} rows for ${orderId}`);
	return found[0];
}

function matches(predicate) {
	return typeof predicate === 'function' ? predicate : (row) => Object.entries(predicate).every(([k, v]) => row && row[k] === v);
}

/** Waits until the payment's ledger row satisfies `predicate` (function, or fields to match). */
function waitForPayment(paymentId, predicate, { timeoutMs = 30_000, integrationId } = {}) {
	const test = matches(predicate);
	return waitFor(
		async () => {
			const row = await paymentRow(paymentId, integrationId);
			return row && test(row) ? row : false;
		},
		{ timeoutMs, what: `payment ${paymentId} matching ${typeof predicate === 'function' ? predicate.toString().slice(0, 80) : JSON.stringify(predicate)}` },
	);
}

/** Waits until every payment of `ids` satisfies `predicate`; one read of the ledger per poll. */
function waitForPayments(ids, predicate, { timeoutMs = 60_000, integrationId = stackInfo().qodeup.integrationId } = {}) {
	const test = matches(predicate);
	return waitFor(
		async () => {
			const all = await rows('payments', { integrationId });
			const byId = new Map(all.map((row) => [row.paymentId, row]));
			const found = ids.map((id) => byId.get(id));
			return found.every((row) => row && test(row)) ? found : false;
		},
		{ timeoutMs, intervalMs: 1000, what: `${ids.length} payments matching ${typeof predicate === 'function' ? predicate.toString().slice(0, 80) : JSON.stringify(predicate)}` },
	);
}

function waitForOrder(orderId, predicate, { timeoutMs = 30_000, integrationId } = {}) {
	const test = matches(predicate);
	return waitFor(
		async () => {
			const row = await orderRow(orderId, integrationId);
			return row && test(row) ? row : false;
		},
		{ timeoutMs, what: `order ${orderId} matching ${typeof predicate === 'function' ? predicate.toString().slice(0, 80) : JSON.stringify(predicate)}` },
	);
}

async function restaurantRow(integrationId = stackInfo().qodeup.integrationId) {
	return (await rows('restaurants', { integrationId }))[0];
}

// ---------- sandbox ----------

/** Opens a fresh check on a table that has none: {tableNumber, lines} → check. */
async function openCheck(tableNumber, lines = [{ sku: 'BURGER', quantity: 1 }, { sku: 'COLA', quantity: 2 }], businessLocationId = LOCATION) {
	const open = (await sandbox.openChecks(tableNumber)).filter((c) => Number(c.businessLocationId) === Number(businessLocationId));
	if (open.length) throw new Error(`table ${tableNumber} already has open checks: ${open.map((c) => c.checkId).join(', ')}`);
	return sandbox.openCheck({ tableNumber, lines, businessLocationId });
}

/** Closes every open check of a table (a clean table for a test). */
async function clearTable(tableNumber, businessLocationId = LOCATION) {
	for (const check of await sandbox.openChecks(tableNumber)) {
		if (Number(check.businessLocationId) === Number(businessLocationId)) await sandbox.closeCheck(check.checkId);
	}
}

async function checkById(checkId) {
	return (await sandbox.state()).checks.find((c) => c.checkId === checkId);
}

/** Payment lines on the sandbox's checks with one of the references of `paymentId` (attempts 1..9). */
/** The payment lines of a payment (of the demo restaurant, or of `integrationId`) on every check. */
async function paymentLines(paymentId, integrationId = undefined) {
	const references = new Set(Array.from({ length: 9 }, (_, i) => paymentReference(paymentId, i + 1, integrationId)));
	const state = await sandbox.state();
	return state.checks.flatMap((c) => (c.payments || []).filter((p) => references.has(p.reference)).map((p) => ({ ...p, checkId: c.checkId })));
}

/** POST /o/op/1/pay requests the sandbox received after `afterSeq`, optionally for one payment. */
async function payRequests({ afterSeq = 0, paymentId } = {}) {
	const references = paymentId ? new Set(Array.from({ length: 9 }, (_, i) => paymentReference(paymentId, i + 1))) : undefined;
	const state = await sandbox.state();
	return state.requests.filter(
		(r) => r.method === 'POST' && r.path === '/o/op/1/pay' && r.seq > afterSeq && (!references || references.has(r.body?.thirdPartyPaymentReference)),
	);
}

async function lastSeq() {
	const state = await sandbox.state();
	return state.requests.reduce((m, r) => Math.max(m, r.seq || 0), 0);
}

// ---------- mail and retry pages ----------

const mailsAbout = async (text) => (await mail.messages()).filter((m) => (m.text || '').includes(text));
const mailsFor = (paymentId) => mailsAbout(`Qodeup payment ID: ${paymentId}`);

function waitForFailureMail(paymentId, { timeoutMs = 45_000 } = {}) {
	return waitFor(async () => (await mailsFor(paymentId))[0], { timeoutMs, what: `a failure mail about payment ${paymentId}` });
}

/** Waits `quietMs` more (a few sweeps) and returns every mail about the payment ("exactly one"). */
async function settledMailsFor(paymentId, quietMs = 8000) {
	await sleep(quietMs);
	return mailsFor(paymentId);
}

function retryLinkOf(msg) {
	const link = mail.extractLinks(msg).find((l) => l.includes('/webhook/qodeup-retry/'));
	if (!link) throw new Error(`no retry link in mail "${msg.subject}"`);
	return link;
}

function pageOf(r) {
	const title = (/<h1[^>]*>([\s\S]*?)<\/h1>/.exec(r.text) || [])[1] || '';
	return { status: r.status, html: r.text, title: title.replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, '&'), contentType: r.headers.get('content-type') };
}

/** Opens a retry link like a browser or a mail scanner: GET (or HEAD), changes nothing. */
async function openLink(link, method = 'GET') {
	return pageOf(await httpJson(method, link, undefined, { timeoutMs: 60_000 }));
}

/** Presses "Retry now" on the page: posts the form (the token) back to the link. */
async function pressRetry(link) {
	const token = new URL(link).searchParams.get('t') || '';
	const r = await httpJson('POST', link, `t=${encodeURIComponent(token)}`, {
		timeoutMs: 60_000,
		headers: { 'content-type': 'application/x-www-form-urlencoded' },
	});
	return pageOf(r);
}

// ---------- callbacks to Qodeup ----------

/** Signed callbacks the mail catcher recorded for `event`: [{event, sentAt, data, raw}]. */
async function callbacksFor(event) {
	return (await mail.callbacks())
		.map((raw) => ({ raw, ...JSON.parse(raw.body) }))
		.filter((c) => c.event === event);
}

/** Whether a recorded callback carries a fresh, valid signature of the restaurant's secret. */
function verifyCallback(raw) {
	const ts = raw.headers['x-qodeup-timestamp'];
	const expected = signQodeup(stackInfo().qodeup.signingSecret, ts, raw.method, `callbacks/${raw.path}`, raw.body);
	return { timestampFresh: Math.abs(Date.now() / 1000 - Number(ts)) < 300, signatureOk: raw.headers['x-qodeup-signature'] === expected };
}

// ---------- workflows ----------

/**
 * Changes node parameters of an imported workflow over REST and publishes it, as the merchant
 * would in the editor.
 */
async function editAndPublish(workflowId, nodeName, parameters, nodeSettings = {}) {
	const wf = await n8n.rest('GET', `/rest/workflows/${workflowId}`);
	if (!wf.nodes.some((node) => node.name === nodeName)) throw new Error(`${workflowId} has no node "${nodeName}"`);
	const nodes = wf.nodes.map((node) => (node.name === nodeName ? { ...node, ...nodeSettings, parameters: { ...node.parameters, ...parameters } } : node));
	const updated = await n8n.rest('PATCH', `/rest/workflows/${workflowId}`, { versionId: wf.versionId, name: wf.name, nodes, connections: wf.connections, settings: wf.settings });
	await n8n.rest('POST', `/rest/workflows/${workflowId}/activate`, { versionId: updated.versionId });
	await waitFor(
		async () => {
			const s = await n8n.publicationStatus(workflowId);
			return s.status === 'published' && s.liveVersionId === updated.versionId;
		},
		{ timeoutMs: 60_000, what: `${workflowId} to go live with version ${updated.versionId}` },
	);
	return updated;
}

const UNFINISHED = new Set(['new', 'running', 'waiting']);

/** The workflow's executions started since `sinceIso`, once none of them is still running. */
async function executionsSince(workflowId, sinceIso) {
	const list = async () => (await n8n.executions(workflowId)).filter((e) => e.startedAt && e.startedAt >= sinceIso);
	return waitFor(
		async () => {
			const runs = await list();
			return runs.every((e) => !UNFINISHED.has(e.status)) && runs;
		},
		{ timeoutMs: 30_000, what: `executions of ${workflowId} since ${sinceIso} to finish` },
	);
}

module.exports = {
	TABLES,
	LOCATION,
	WF,
	uid,
	explainFailure,
	explainOrderFailure,
	paymentReference,
	orderReference,
	rows,
	paymentRow,
	orderRow,
	waitForPayment,
	waitForPayments,
	waitForOrder,
	restaurantRow,
	openCheck,
	clearTable,
	checkById,
	paymentLines,
	payRequests,
	lastSeq,
	mailsAbout,
	mailsFor,
	waitForFailureMail,
	settledMailsFor,
	retryLinkOf,
	openLink,
	pressRetry,
	editAndPublish,
	executionsSince,
	callbacksFor,
	verifyCallback,
};
