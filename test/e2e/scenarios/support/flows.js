'use strict';
// Helpers for the template scenarios (test/e2e/scenarios): the ledger, the sandbox's view of a
// payment, failure mails and their retry links, editing + re-publishing a template over REST.
// Built on the harness helpers in test/e2e/helpers (owned by the harness), never replacing them.
const fs = require('node:fs');
const path = require('node:path');
const { ROOT, stackInfo, workflowJson } = require('../../helpers/stack');
const n8n = require('../../helpers/n8n');
const mail = require('../../helpers/mail');
const { sandbox } = require('../../helpers/sandbox');
const { httpJson } = require('../../helpers/http');
const { waitFor, sleep } = require('../../helpers/wait');

const LEDGER = 'qodeupLskPaymentLedger';
const LOCATION = 45454565682155;

const WF = {
	settings: 'QdLskSettings00001',
	ledgerSetup: 'QdLskLedgerSetup01',
	tables: 'QdLskTables000001',
	table: 'QdLskTable0000001',
	payments: 'QdLskPayments0001',
	payStatus: 'QdLskPayStatus001',
	outcome: 'QdLskOutcome00001',
	failNotice: 'QdLskFailNotice01',
	retry: 'QdLskRetry0000001',
	sweeper: 'QdLskSweeper00001',
	orders: 'QdLskOrders000001',
	checkUpdates: 'QdLskCheckUpd0001',
};

/** A payment id no earlier run has used (the ledger lives as long as the n8n user folder). */
let counter = 0;
function uid(prefix) {
	counter += 1;
	return `${prefix}_${Date.now().toString(36)}${counter}`;
}

/** The failure explanations of the package n8n runs (the copy installed in its user folder). */
let reasons;
function explainFailure(code) {
	if (!reasons) {
		const rel = path.join('dist', 'nodes', 'shared', 'failureReasons.js');
		const installed = path.join(stackInfo().runDir, 'home', '.n8n', 'nodes', 'node_modules', 'n8n-nodes-qodeup-lightspeed', rel);
		const file = [installed, path.join(ROOT, rel)].find((f) => fs.existsSync(f));
		if (!file) throw new Error(`${installed} missing: is the stack running?`);
		// eslint-disable-next-line import/no-dynamic-require
		reasons = require(file);
	}
	return reasons.explainFailure(code);
}

// ---------- ledger ----------

async function ledgerRows() {
	return n8n.dataTableRows(LEDGER);
}

async function ledgerRow(paymentId) {
	const rows = (await ledgerRows()).filter((r) => r.paymentId === paymentId);
	if (rows.length > 1) throw new Error(`ledger holds ${rows.length} rows for ${paymentId}`);
	return rows[0];
}

/** Waits until the ledger row of `paymentId` satisfies `predicate(row)` (object = fields to match). */
function waitForLedger(paymentId, predicate, { timeoutMs = 30_000 } = {}) {
	const test =
		typeof predicate === 'function' ? predicate : (row) => Object.entries(predicate).every(([k, v]) => row && row[k] === v);
	return waitFor(
		async () => {
			const row = await ledgerRow(paymentId);
			return row && test(row) ? row : false;
		},
		{ timeoutMs, what: `ledger row ${paymentId} matching ${typeof predicate === 'function' ? predicate.toString().slice(0, 80) : JSON.stringify(predicate)}` },
	);
}

/** Changes ledger rows directly (tests only: e.g. to age a row for the sweeper). */
async function patchLedger(paymentId, data) {
	const table = await n8n.dataTable(LEDGER);
	const pid = (await n8n.rest('GET', '/rest/projects/personal')).id;
	return n8n.rest('PATCH', `/rest/projects/${pid}/data-tables/${table.id}/rows`, {
		filter: { type: 'and', filters: [{ columnName: 'paymentId', condition: 'eq', value: paymentId }] },
		data,
		returnData: true,
	});
}

// ---------- sandbox ----------

/** Opens a fresh check on a table that has none: {tableNumber, lines} → check. */
async function openCheck(tableNumber, lines = [{ sku: 'BURGER', quantity: 1 }, { sku: 'COLA', quantity: 2 }]) {
	const open = await sandbox.openChecks(tableNumber);
	if (open.length) throw new Error(`table ${tableNumber} already has open checks: ${open.map((c) => c.checkId).join(', ')}`);
	return sandbox.openCheck({ tableNumber, lines });
}

async function checkById(checkId) {
	return (await sandbox.state()).checks.find((c) => c.checkId === checkId);
}

/** Payment lines on the sandbox's checks whose reference belongs to `paymentId` (QD-<id>-<n>). */
async function paymentLines(paymentId) {
	const state = await sandbox.state();
	return state.checks.flatMap((c) => (c.payments || []).filter((p) => p.reference && p.reference.startsWith(`QD-${paymentId}-`)).map((p) => ({ ...p, checkId: c.checkId })));
}

/** POST /o/op/1/pay requests the sandbox received, optionally only those with seq > `afterSeq` or for one payment. */
async function payRequests({ afterSeq = 0, paymentId } = {}) {
	const state = await sandbox.state();
	return state.requests.filter(
		(r) =>
			r.method === 'POST' &&
			r.path === '/o/op/1/pay' &&
			r.seq > afterSeq &&
			(!paymentId || String(r.body?.thirdPartyPaymentReference || '').startsWith(`QD-${paymentId}-`)),
	);
}

async function lastSeq() {
	const state = await sandbox.state();
	return state.requests.reduce((m, r) => Math.max(m, r.seq || 0), 0);
}

// ---------- mail ----------

const mailsFor = async (paymentId) => (await mail.messages()).filter((m) => (m.text || '').includes(`Qodeup payment ID: ${paymentId}`));

async function waitForFailureMail(paymentId, { timeoutMs = 45_000 } = {}) {
	return waitFor(async () => (await mailsFor(paymentId))[0], { timeoutMs, what: `a failure mail about payment ${paymentId}` });
}

/** Waits `quietMs` more and returns every mail about the payment (to assert "exactly one"). */
async function settledMailsFor(paymentId, quietMs = 2500) {
	await sleep(quietMs);
	return mailsFor(paymentId);
}

function retryLinkOf(msg) {
	const link = mail.extractLinks(msg).find((l) => l.includes('/webhook/qodeup-retry/'));
	if (!link) throw new Error(`no retry link in mail "${msg.subject}"`);
	return link;
}

/**
 * A retry link signed like the Qodeup node signs them (docs/contracts.md: `<base64url(json)>.<base64url(hmac)>`,
 * purpose "retry-payment", payload {p: paymentId, a: attempt, e: expiry unix s}), with the stack's
 * retry-link secret. Written independently of the node, to test the retry handler on its own.
 */
function signedRetryLink(paymentId, attempt, expiresAtSeconds) {
	const crypto = require('node:crypto');
	const body = Buffer.from(JSON.stringify({ p: paymentId, a: attempt, e: expiresAtSeconds })).toString('base64url');
	const mac = crypto.createHmac('sha256', stackInfo().qodeup.retryLinkSecret).update(`retry-payment.${body}`).digest('base64url');
	return `${stackInfo().n8n.webhookBase}/qodeup-retry/${stackInfo().qodeup.integrationId}?t=${body}.${mac}`;
}

/** Clicks a retry link like a browser: GET, HTML answer. */
async function click(link) {
	const r = await httpJson('GET', link, undefined, { timeoutMs: 60_000 });
	const title = (/<h1>([\s\S]*?)<\/h1>/.exec(r.text) || [])[1] || '';
	return { status: r.status, html: r.text, title, contentType: r.headers.get('content-type') };
}

// ---------- workflows ----------

/**
 * Changes node parameters (and node settings such as `disabled`) of an imported workflow over REST
 * and publishes it, as an operator would in the editor.
 */
async function editAndPublish(workflowId, nodeName, parameters, nodeSettings = {}) {
	const wf = await n8n.rest('GET', `/rest/workflows/${workflowId}`);
	const nodes = wf.nodes.map((node) => (node.name === nodeName ? { ...node, ...nodeSettings, parameters: { ...node.parameters, ...parameters } } : node));
	if (!wf.nodes.some((node) => node.name === nodeName)) throw new Error(`${workflowId} has no node "${nodeName}"`);
	const updated = await n8n.rest('PATCH', `/rest/workflows/${workflowId}`, {
		versionId: wf.versionId,
		name: wf.name,
		nodes,
		connections: wf.connections,
		settings: wf.settings,
	});
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

/** `<n8n>/webhook/<webhookId>/<path>` of a template's trigger node (non-full-path webhooks). */
function triggerUrl(workflowId, type, suffix) {
	const node = workflowJson(workflowId).nodes.find((x) => x.type.endsWith(type));
	return `${stackInfo().n8n.webhookBase}/${node.webhookId}/${suffix}`;
}

/** Executions of a workflow that started after `sinceIso`. */
const UNFINISHED = new Set(['new', 'running', 'waiting']);

/**
 * The workflow's executions started since `sinceIso`, once none of them is still running: an
 * answer to Qodeup is sent mid-execution, and notifications start executions in the background,
 * so a status read right after an answer can catch one that has not finished yet.
 */
async function executionsSince(workflowId, sinceIso) {
	const list = async () => (await n8n.executions(workflowId)).filter((e) => e.startedAt && e.startedAt >= sinceIso);
	return waitFor(async () => {
		const runs = await list();
		return runs.every((e) => !UNFINISHED.has(e.status)) && runs;
	}, { timeoutMs: 30_000, what: `executions of ${workflowId} since ${sinceIso} to finish` });
}

module.exports = {
	LEDGER,
	LOCATION,
	WF,
	uid,
	explainFailure,
	ledgerRows,
	ledgerRow,
	waitForLedger,
	patchLedger,
	openCheck,
	checkById,
	paymentLines,
	payRequests,
	lastSeq,
	mailsFor,
	waitForFailureMail,
	settledMailsFor,
	retryLinkOf,
	signedRetryLink,
	click,
	editAndPublish,
	triggerUrl,
	executionsSince,
};
