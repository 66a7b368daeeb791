// Building blocks for the workflow templates in workflows/ (see docs/templates.md).
//
// The templates are generated so that the things that must agree across files — workflow ids,
// the ledger's name and columns, credential ids, the payment reference expression, node
// types — are written once. The JSON they produce is what an operator imports; it is
// committed, and test/unit/templates checks that it is up to date and valid.
import crypto from 'node:crypto';

export const PACKAGE = 'n8n-nodes-qodeup-lightspeed';

export const TYPES = Object.freeze({
	lightspeed: `${PACKAGE}.lightspeedKSeries`,
	lightspeedTrigger: `${PACKAGE}.lightspeedKSeriesTrigger`,
	qodeup: `${PACKAGE}.qodeup`,
	qodeupTrigger: `${PACKAGE}.qodeupTrigger`,
	qodeupRespond: `${PACKAGE}.qodeupRespond`,
	dataTable: 'n8n-nodes-base.dataTable',
	executeWorkflow: 'n8n-nodes-base.executeWorkflow',
	executeWorkflowTrigger: 'n8n-nodes-base.executeWorkflowTrigger',
	emailSend: 'n8n-nodes-base.emailSend',
	webhook: 'n8n-nodes-base.webhook',
	respondToWebhook: 'n8n-nodes-base.respondToWebhook',
	if: 'n8n-nodes-base.if',
	switch: 'n8n-nodes-base.switch',
	merge: 'n8n-nodes-base.merge',
	scheduleTrigger: 'n8n-nodes-base.scheduleTrigger',
	n8nTrigger: 'n8n-nodes-base.n8nTrigger',
	manualTrigger: 'n8n-nodes-base.manualTrigger',
	stickyNote: 'n8n-nodes-base.stickyNote',
});

/** Type versions used everywhere (the newest each node has in n8n 2.41.1). */
export const VERSIONS = Object.freeze({
	[TYPES.lightspeed]: 1,
	[TYPES.lightspeedTrigger]: 1,
	[TYPES.qodeup]: 1,
	[TYPES.qodeupTrigger]: 1,
	[TYPES.qodeupRespond]: 1,
	[TYPES.dataTable]: 1.1,
	[TYPES.executeWorkflow]: 1.2,
	[TYPES.executeWorkflowTrigger]: 1.1,
	[TYPES.emailSend]: 2.1,
	[TYPES.webhook]: 2.1,
	[TYPES.respondToWebhook]: 1.5,
	[TYPES.if]: 2.3,
	[TYPES.switch]: 3.4,
	[TYPES.merge]: 3.2,
	[TYPES.scheduleTrigger]: 1.2,
	[TYPES.n8nTrigger]: 1,
	[TYPES.manualTrigger]: 1,
	[TYPES.stickyNote]: 1,
});

/** What an operator changes per merchant (README + sticky notes say where). */
export const MERCHANT = Object.freeze({
	integrationId: 'demo-bistro',
	integrationName: 'Demo Bistro',
	businessLocationId: '45454565682155',
	cardPaymentMethod: 'QDCARD',
	voucherPaymentMethod: 'QDVOUCHER',
	notificationEmails: 'manager@demo-bistro.test, owner@demo-bistro.test',
	// Order & Pay webhook endpoint: registered by the Payment outcome trigger, named by every payment.
	endpointId: 'qodeup-demo-bistro',
	senderEmail: 'payments@demo-bistro.test',
});

/** Credential references (ids fixed so an import links them; docs/contracts.md "Template credential ids"). */
export const CREDENTIALS = Object.freeze({
	lightspeed: { lightspeedKSeriesOAuth2Api: { id: 'LskSandboxOAuth01', name: 'Lightspeed K-Series (sandbox)' } },
	qodeup: { qodeupApi: { id: 'QodeupApiCred0001', name: 'Qodeup (demo-bistro)' } },
	smtp: { smtp: { id: 'SmtpCatcher000001', name: 'SMTP (local mail catcher)' } },
});

export const LEDGER = 'qodeupLskPaymentLedger';

/** Ledger columns, in the order the editor shows them (docs/templates.md explains each). */
export const LEDGER_COLUMNS = Object.freeze([
	['paymentId', 'string'],
	['status', 'string'],
	['tableNumber', 'string'],
	['checkId', 'string'],
	['amount', 'string'],
	['tipAmount', 'string'],
	['method', 'string'],
	['attempt', 'number'],
	['reference', 'string'],
	['paymentMethodCode', 'string'],
	['businessLocationId', 'string'],
	['errorCode', 'string'],
	['errorText', 'string'],
	['remaining', 'string'],
	['emailStatus', 'string'],
	['sentAtMs', 'number'],
	['settledAtMs', 'number'],
]);

/** Workflow ids (≤ 21 chars) and names. */
export const WF = Object.freeze({
	settings: { id: 'QdLskSettings00001', name: 'Qodeup × Lightspeed — Merchant settings' },
	ledgerSetup: { id: 'QdLskLedgerSetup01', name: 'Qodeup × Lightspeed — Ledger setup' },
	tables: { id: 'QdLskTables000001', name: 'Qodeup × Lightspeed — Table lookup (all tables)' },
	table: { id: 'QdLskTable0000001', name: 'Qodeup × Lightspeed — Table lookup (one table)' },
	payments: { id: 'QdLskPayments0001', name: 'Qodeup × Lightspeed — Payment application' },
	payStatus: { id: 'QdLskPayStatus001', name: 'Qodeup × Lightspeed — Payment status' },
	outcome: { id: 'QdLskOutcome00001', name: 'Qodeup × Lightspeed — Payment outcome' },
	failNotice: { id: 'QdLskFailNotice01', name: 'Qodeup × Lightspeed — Payment failure notice' },
	retry: { id: 'QdLskRetry0000001', name: 'Qodeup × Lightspeed — Retry handler' },
	sweeper: { id: 'QdLskSweeper00001', name: 'Qodeup × Lightspeed — Sweeper' },
	orders: { id: 'QdLskOrders000001', name: 'Qodeup × Lightspeed — Orders' },
	checkUpdates: { id: 'QdLskCheckUpd0001', name: 'Qodeup × Lightspeed — Check updates' },
});

/** The retry link's webhook path (core Webhook node, static path). */
export const RETRY_PATH = `qodeup-retry/${MERCHANT.integrationId}`;

/** POS task validity sent with every payment, and the sweeper's margin on top of it. */
export const TASK_TTL_MS = 120000;
export const SWEEP_MARGIN_MS = 60000;

/** Lightspeed refusals that are the guest's business: answered to Qodeup, never emailed. */
export const GUEST_REFUSALS = Object.freeze({
	AMOUNT_EXCEEDS_REMAINING: 409,
	MULTIPLE_OPEN_CHECKS: 409,
	ACCOUNT_NOT_FOUND: 404,
	ACCOUNT_ALREADY_CLOSED: 404,
});

/** A stable UUID (v4 layout) from a seed, so regenerating never changes node ids. */
export function stableUuid(seed) {
	const h = crypto.createHash('sha256').update(seed).digest('hex');
	const variant = ((parseInt(h[16], 16) & 0x3) | 0x8).toString(16);
	return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** Grid: one column = 280 px, one row = 200 px. */
const COL = 280;
const ROW = 200;

export class Workflow {
	constructor({ id, name }, { description = '' } = {}) {
		this.id = id;
		this.name = name;
		this.description = description;
		this.nodes = [];
		this.connections = {};
		this.settings = { executionOrder: 'v1', callerPolicy: 'workflowsFromSameOwner' };
	}

	/**
	 * Adds a node. `at` is [column, row] on the grid. `extra` carries node settings
	 * (webhookId, credentials, executeOnce, alwaysOutputData, onError, retryOnFail…).
	 */
	node(name, type, at, parameters = {}, extra = {}) {
		if (this.nodes.some((n) => n.name === name)) throw new Error(`${this.id}: duplicate node name "${name}"`);
		const node = {
			id: stableUuid(`${this.id}/${name}`),
			name,
			type,
			typeVersion: VERSIONS[type],
			position: [Math.round(at[0] * COL), Math.round(at[1] * ROW)],
			parameters,
			...extra,
		};
		if (node.typeVersion === undefined) throw new Error(`no version for ${type}`);
		this.nodes.push(node);
		return name;
	}

	/** A sticky note whose top-left corner is at grid [column, row]; size in grid units. */
	note(key, at, size, content, color = 7) {
		const name = `Note: ${key}`;
		this.nodes.push({
			id: stableUuid(`${this.id}/${name}`),
			name,
			type: TYPES.stickyNote,
			typeVersion: VERSIONS[TYPES.stickyNote],
			position: [Math.round(at[0] * COL), Math.round(at[1] * ROW)],
			parameters: { content, width: Math.round(size[0] * COL), height: Math.round(size[1] * ROW), color },
		});
	}

	/** from → to; `output` is the source output index (If: 0 true / 1 false; error output = last). */
	connect(from, to, output = 0, input = 0) {
		for (const n of [from, to]) if (!this.nodes.some((x) => x.name === n)) throw new Error(`${this.id}: no node "${n}"`);
		const main = ((this.connections[from] ??= { main: [] }).main);
		while (main.length <= output) main.push([]);
		main[output].push({ node: to, type: 'main', index: input });
	}

	/** from → a → b → c … on output 0. */
	chain(...names) {
		for (let i = 1; i < names.length; i++) this.connect(names[i - 1], names[i]);
	}

	toJSON() {
		return {
			id: this.id,
			name: this.name,
			nodes: this.nodes,
			connections: this.connections,
			settings: this.settings,
			pinData: {},
			meta: { templateCredsSetupCompleted: true, description: this.description },
			tags: [],
		};
	}
}

// ---------- node parameter builders ----------

/** The ledger by name (the name is chosen so no other table name contains it: docs/contracts.md). */
export const ledgerRef = () => ({ __rl: true, mode: 'name', value: LEDGER });

/**
 * The resource mapper schema the editor writes. Columns a node does not set are marked
 * `removed`, so opening and saving the node in the editor never writes empty values into them.
 */
function ledgerSchema(values) {
	return LEDGER_COLUMNS.map(([id, type]) => ({
		id,
		displayName: id,
		required: false,
		defaultMatch: false,
		display: true,
		type,
		canBeUsedToMatch: true,
		...(id in values ? {} : { removed: true }),
	}));
}

/** [[column, condition, value?], …] → Data table filter parameters. */
function filters(conditions, matchType = 'allConditions') {
	return {
		matchType,
		filters: {
			conditions: conditions.map(([keyName, condition, keyValue]) =>
				keyValue === undefined ? { keyName, condition } : { keyName, condition, keyValue },
			),
		},
	};
}

function columns(values) {
	for (const key of Object.keys(values)) {
		if (!LEDGER_COLUMNS.some(([c]) => c === key)) throw new Error(`ledger has no column ${key}`);
	}
	return { mappingMode: 'defineBelow', value: values, matchingColumns: [], schema: ledgerSchema(values), attemptToConvertTypes: false, convertFieldsToString: false };
}

export const ledger = {
	get: (conditions, { returnAll = true, limit } = {}) => ({
		resource: 'row',
		operation: 'get',
		dataTableId: ledgerRef(),
		...filters(conditions),
		...(returnAll ? { returnAll: true } : { returnAll: false, limit }),
	}),
	update: (conditions, values) => ({
		resource: 'row',
		operation: 'update',
		dataTableId: ledgerRef(),
		...filters(conditions),
		columns: columns(values),
		options: {},
	}),
	upsert: (conditions, values) => ({
		resource: 'row',
		operation: 'upsert',
		dataTableId: ledgerRef(),
		...filters(conditions),
		columns: columns(values),
		options: {},
	}),
};

/** Statuses of a payment that is still on its way (no outcome yet). */
export const IN_FLIGHT = [
	['status', 'neq', 'applied'],
	['status', 'neq', 'failed'],
	['status', 'neq', 'refused'],
	['status', 'isNotEmpty'],
];

export const executeWorkflow = (wf) => ({
	source: 'database',
	workflowId: { __rl: true, mode: 'id', value: wf.id, cachedResultName: wf.name },
	workflowInputs: { mappingMode: 'defineBelow', value: {}, matchingColumns: [], schema: [], attemptToConvertTypes: false, convertFieldsToString: true },
	mode: 'once',
	options: { waitForSubWorkflow: true },
});

/** If v2.3 on one boolean expression (true → output 0, false → output 1). */
export const ifTrue = (expression, id) => ({
	conditions: {
		options: { caseSensitive: true, leftValue: '', typeValidation: 'strict', version: 3 },
		conditions: [{ id: stableUuid(`if/${id}`), leftValue: `={{ ${expression} }}`, rightValue: '', operator: { type: 'boolean', operation: 'true', singleValue: true } }],
		combinator: 'and',
	},
	looseTypeValidation: false,
	options: {},
});

/** Switch v3.4 in expression mode: the expression returns the output index. */
export const switchOn = (expression, numberOutputs) => ({ mode: 'expression', numberOutputs, output: `={{ ${expression} }}`, looseTypeValidation: false });

// ---------- expressions shared by several templates (kept free of "}}" inside) ----------

/**
 * JS (inside {{ }}) for the Lightspeed reference of payment P at attempt A — the same as
 * buildPaymentReference() in nodes/shared/paymentReference.ts (a unit test holds them equal).
 * The ledger stores it when a payment is claimed, before it is sent, so an outcome webhook that
 * overtakes the "sent" update still finds its row.
 */
export const referenceJs = (p, a) =>
	`(/^[A-Za-z0-9_]{1,40}$/.test(String(${p})) ? 'QD-' + ${p} + '-' + (${a}) : 'QDH-' + String(${p}).hash('sha256').slice(0, 32) + '-' + (${a}))`;

/**
 * JS for the sum of the ledger rows still in flight on the same check as payment `p`, as an
 * exact decimal string: amounts are parsed into integer cents digit by digit, summed as
 * integers and formatted back; no float ever touches money. Same check = same checkId when
 * both are known, else same table number.
 *
 * With `claimJs` (this payment's claimed ledger row) only the payments ahead of this one count:
 * those Lightspeed already has (`sent`) and those claimed earlier (`sentAtMs`, ties by payment
 * id). Two guests paying at once then resolve as one would expect — the first claim goes on, the
 * later one is measured against it — instead of each refusing because of the other. The later
 * one always counts the earlier, so the pair can never both go on past what is due. A row
 * without a claim time, or no claim row at all, counts (the cautious side).
 */
export const inFlightJs = (rowsJs, pJs, claimJs) =>
	`(() => { const p = ${pJs}; ` +
	`const cents = (v) => { const m = /^(\\d+)(?:\\.(\\d{1,2}))?$/.exec(String(v ?? '').trim()); return m ? Number(m[1]) * 100 + Number((m[2] || '').padEnd(2, '0')) : 0; }; ` +
	`const sameCheck = (r) => (r.checkId && p.checkId) ? String(r.checkId) === String(p.checkId) : (r.tableNumber != null && r.tableNumber !== '' && p.tableNumber != null && String(r.tableNumber) === String(p.tableNumber)); ` +
	(claimJs
		? `const mine = ${claimJs}; const at = (r) => Number(r && r.sentAtMs); ` +
			`const ahead = (r) => !(at(mine) > 0) || !(at(r) > 0) || r.status === 'sent' || at(r) < at(mine) || (at(r) === at(mine) && String(r.paymentId) < String(p.paymentId)); `
		: '') +
	`const total = ${rowsJs}.map((i) => i.json).filter((r) => r.paymentId && r.paymentId !== p.paymentId && sameCheck(r)${claimJs ? ' && ahead(r)' : ''}).reduce((s, r) => s + cents(r.amount), 0); ` +
	`return Math.floor(total / 100) + '.' + String(total % 100).padStart(2, '0'); })()`;

/** JS escaping a value for HTML text or attribute context. */
export const escapeHtmlJs = (v) =>
	`String(${v} ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c])`;

/** An HTML page expression: title and paragraphs are JS expressions that yield (unescaped) text. */
export function htmlPageJs(titleJs, paragraphJs) {
	const style =
		'body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;background:#f6f7f9;color:#1d2433;margin:0;padding:40px 16px}' +
		'main{max-width:560px;margin:0 auto;background:#fff;border:1px solid #dde1e8;border-radius:10px;padding:28px}' +
		'h1{font-size:22px;margin:0 0 14px}p{line-height:1.5;margin:0 0 12px}.small{color:#5b6475;font-size:13px}';
	const parts = paragraphJs.map((p) => `'<p>' + ${escapeHtmlJs(p)} + '</p>'`).join(' + ');
	return (
		`'<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">' + ` +
		`'<title>' + ${escapeHtmlJs(titleJs)} + '</title><style>${style}</style></head><body><main><h1>' + ${escapeHtmlJs(titleJs)} + '</h1>' + ` +
		`${parts} + '<p class="small">Qodeup × Lightspeed · ${MERCHANT.integrationName}</p></main></body></html>'`
	);
}

/** JS for the Qodeup answer to a payment, from either a ledger row or the apply node's output. */
export const answerStatusJs = (j = '$json') =>
	`(${j}.status === 'refused' && ${JSON.stringify(GUEST_REFUSALS).replace(/"/g, "'")}[${j}.errorCode]) || 202`;

export const answerBodyJs = (j = '$json') =>
	`(() => { const r = ${j}; const guest = ${JSON.stringify(Object.keys(GUEST_REFUSALS)).replace(/"/g, "'")}; ` +
	`const status = ['received', 'sent'].includes(r.status) ? 'pending' : r.status === 'applied' ? 'applied' : r.status === 'refused' && guest.includes(r.errorCode) ? 'refused' : 'failed'; ` +
	`const out = { paymentId: r.paymentId, status, reference: r.reference || null }; ` +
	`if (status === 'refused' || status === 'failed') { out.error = r.errorCode || 'UNKNOWN'; out.message = r.message || r.errorText || r.error || ''; } ` +
	`if (r.errorCode === 'AMOUNT_EXCEEDS_REMAINING' && r.remaining) out.remaining = String(r.remaining); ` +
	`return out; })()`;
