// Building blocks of the workflow templates (docs/templates.md).
//
// The templates are generated, for one restaurant at a time, from a merchant (its integration
// id, name, location, settings) and a context (workflow ids, credential references, how the
// Data tables are named). workflows/ holds the demo restaurant's set as it imports with the n8n
// CLI; the fleet command (scripts/fleet) renders the same modules for each restaurant it adds.
// Rules live in the nodes: a template only wires nodes and passes data between them.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const PACKAGE = 'n8n-nodes-qodeup-lightspeed';

/** The Data tables and their columns: the one list (nodes/shared/ledgers.json). */
export const LEDGERS = JSON.parse(fs.readFileSync(path.join(ROOT, 'nodes/shared/ledgers.json'), 'utf8'));

export const TYPES = Object.freeze({
	lightspeed: `${PACKAGE}.lightspeedKSeries`,
	lightspeedTrigger: `${PACKAGE}.lightspeedKSeriesTrigger`,
	qodeup: `${PACKAGE}.qodeup`,
	qodeupRespond: `${PACKAGE}.qodeupRespond`,
	qodeupTrigger: `${PACKAGE}.qodeupTrigger`,
	fleet: `${PACKAGE}.qodeupFleet`,
	dataTable: 'n8n-nodes-base.dataTable',
	executeWorkflow: 'n8n-nodes-base.executeWorkflow',
	executeWorkflowTrigger: 'n8n-nodes-base.executeWorkflowTrigger',
	emailSend: 'n8n-nodes-base.emailSend',
	webhook: 'n8n-nodes-base.webhook',
	respondToWebhook: 'n8n-nodes-base.respondToWebhook',
	if: 'n8n-nodes-base.if',
	scheduleTrigger: 'n8n-nodes-base.scheduleTrigger',
	n8nTrigger: 'n8n-nodes-base.n8nTrigger',
	stickyNote: 'n8n-nodes-base.stickyNote',
});

/** Type versions used everywhere (the newest each node has in n8n 2.41.1). */
export const VERSIONS = Object.freeze({
	[TYPES.lightspeed]: 1,
	[TYPES.lightspeedTrigger]: 1,
	[TYPES.qodeup]: 1,
	[TYPES.qodeupRespond]: 1,
	[TYPES.qodeupTrigger]: 1,
	[TYPES.fleet]: 1,
	[TYPES.dataTable]: 1.1,
	[TYPES.executeWorkflow]: 1.2,
	[TYPES.executeWorkflowTrigger]: 1.1,
	[TYPES.emailSend]: 2.1,
	[TYPES.webhook]: 2.1,
	[TYPES.respondToWebhook]: 1.5,
	[TYPES.if]: 2.3,
	[TYPES.scheduleTrigger]: 1.2,
	[TYPES.n8nTrigger]: 1,
	[TYPES.stickyNote]: 1,
});

/** A stable UUID (v4 layout) from a seed, so rendering again never changes node ids. */
export function stableUuid(seed) {
	const h = crypto.createHash('sha256').update(seed).digest('hex');
	const variant = ((parseInt(h[16], 16) & 0x3) | 0x8).toString(16);
	return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

const COL = 280;
const ROW = 200;

export class Workflow {
	/**
	 * @param {string} role   the workflow's role in its set (requests, notifications…)
	 * @param {string} name   the name the operator and merchant see
	 * @param {object} o      {id (CLI import), seed (node ids), description, settings}
	 */
	constructor(role, name, { id, seed, description = '', settings = {} } = {}) {
		this.role = role;
		this.id = id;
		this.seed = seed ?? role;
		this.name = name;
		this.description = description;
		this.nodes = [];
		this.connections = {};
		this.settings = { executionOrder: 'v1', callerPolicy: 'workflowsFromSameOwner', ...settings };
	}

	/** Adds a node at grid [column, row]; `extra` carries node settings (webhookId, credentials…). */
	node(name, type, at, parameters = {}, extra = {}) {
		if (this.nodes.some((n) => n.name === name)) throw new Error(`${this.role}: duplicate node name "${name}"`);
		const typeVersion = VERSIONS[type];
		if (typeVersion === undefined) throw new Error(`no version for ${type}`);
		this.nodes.push({
			id: stableUuid(`${this.seed}/${name}`),
			name,
			type,
			typeVersion,
			position: [Math.round(at[0] * COL), Math.round(at[1] * ROW)],
			parameters,
			...extra,
		});
		return name;
	}

	/** A sticky note for the merchant or operator; grid position and size. */
	note(key, at, size, content, color = 7) {
		const name = `Note: ${key}`;
		this.nodes.push({
			id: stableUuid(`${this.seed}/${name}`),
			name,
			type: TYPES.stickyNote,
			typeVersion: VERSIONS[TYPES.stickyNote],
			position: [Math.round(at[0] * COL), Math.round(at[1] * ROW)],
			parameters: { content, width: Math.round(size[0] * COL), height: Math.round(size[1] * ROW), color },
		});
	}

	/** from → to; `output` is the source output index, `input` the target's. */
	connect(from, to, output = 0, input = 0) {
		for (const n of [from, to]) if (!this.nodes.some((x) => x.name === n)) throw new Error(`${this.role}: no node "${n}"`);
		const main = (this.connections[from] ??= { main: [] }).main;
		while (main.length <= output) main.push([]);
		main[output].push({ node: to, type: 'main', index: input });
	}

	chain(...names) {
		for (let i = 1; i < names.length; i++) this.connect(names[i - 1], names[i]);
	}

	toJSON() {
		return {
			...(this.id ? { id: this.id } : {}),
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

// ---------- parameters of core nodes ----------

/** A Data table reference: by id (the fleet command knows them) or by name (a CLI import). */
export function tableRef(context, ledger) {
	const ref = context.tables[ledger];
	if (ref.mode === 'id') return { __rl: true, mode: 'id', value: ref.value, cachedResultName: LEDGERS[ledger].name };
	return { __rl: true, mode: 'name', value: LEDGERS[ledger].name };
}

function schema(ledger, values) {
	return LEDGERS[ledger].columns.map(([id, type]) => ({
		id,
		displayName: id,
		required: false,
		defaultMatch: false,
		display: true,
		type,
		canBeUsedToMatch: true,
		...(values && !(id in values) ? { removed: true } : {}),
	}));
}

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

function columns(ledger, values) {
	const known = new Set(LEDGERS[ledger].columns.map(([c]) => c));
	if (values === 'auto') {
		// map automatically: the node before made the exact row (nodes/shared/ledgers.ts)
		return { mappingMode: 'autoMapInputData', value: {}, matchingColumns: [], schema: schema(ledger), attemptToConvertTypes: false, convertFieldsToString: false };
	}
	for (const key of Object.keys(values)) if (!known.has(key)) throw new Error(`${ledger} has no column ${key}`);
	return { mappingMode: 'defineBelow', value: values, matchingColumns: [], schema: schema(ledger, values), attemptToConvertTypes: false, convertFieldsToString: false };
}

export const dataTable = {
	get: (context, ledger, conditions, { limit, orderBy } = {}) => ({
		resource: 'row',
		operation: 'get',
		dataTableId: tableRef(context, ledger),
		...filters(conditions),
		...(limit ? { returnAll: false, limit } : { returnAll: true }),
		...(orderBy ? { orderBy: true, orderByColumn: orderBy[0], orderByDirection: orderBy[1] } : {}),
	}),
	update: (context, ledger, conditions, values) => ({
		resource: 'row',
		operation: 'update',
		dataTableId: tableRef(context, ledger),
		...filters(conditions),
		columns: columns(ledger, values),
		options: {},
	}),
	upsert: (context, ledger, conditions, values) => ({
		resource: 'row',
		operation: 'upsert',
		dataTableId: tableRef(context, ledger),
		...filters(conditions),
		columns: columns(ledger, values),
		options: {},
	}),
	delete: (context, ledger, conditions) => ({
		resource: 'row',
		operation: 'deleteRows',
		dataTableId: tableRef(context, ledger),
		...filters(conditions),
		options: {},
	}),
	create: (ledger) => ({
		resource: 'table',
		operation: 'create',
		tableName: LEDGERS[ledger].name,
		columns: { column: LEDGERS[ledger].columns.map(([name, type]) => ({ name, type })) },
		options: { createIfNotExists: true },
	}),
};

/** Statuses still on their way (payments: received/sent; orders the same). */
export const IN_FLIGHT = [
	['status', 'neq', 'applied'],
	['status', 'neq', 'failed'],
	['status', 'neq', 'refused'],
	['status', 'neq', 'accepted'],
	['status', 'neq', 'closed'],
	['status', 'isNotEmpty'],
];

/**
 * A Webhook node that answers through a respond node, with static parameters (n8n then answers
 * it without building an expression sandbox for the request). Every route also takes HEAD (the
 * last output), answered 200 without a body: uptime checks can call it, and n8n requires a
 * "Respond to Webhook" node after a Webhook that answers through a respond node.
 */
export function webhook(path, methods, { rawBody = false } = {}) {
	return {
		multipleMethods: true,
		httpMethod: [...(Array.isArray(methods) ? methods : [methods]), 'HEAD'],
		path,
		responseMode: 'responseNode',
		options: rawBody ? { rawBody: true } : {},
	};
}

/** The "Respond to Webhook" for HEAD requests: 200, no body, nothing else runs. */
export const HEAD_ANSWER = { respondWith: 'noData', options: {} };

/**
 * "Did this claim win?": the conditional update gave back the row it changed, which a claim
 * always leaves `received`. Nothing matched gives an empty item; a write n8n refused (its Data
 * table node lets it through as the input item) has no such status either.
 */
export function ifClaimed(seed) {
	return {
		conditions: {
			options: { caseSensitive: true, leftValue: '', typeValidation: 'loose', version: 3 },
			conditions: [
				{ id: stableUuid(`if/${seed}`), leftValue: '={{ $json.status }}', rightValue: 'received', operator: { type: 'string', operation: 'equals' } },
			],
			combinator: 'and',
		},
		looseTypeValidation: true,
		options: {},
	};
}

/** Execute Workflow on the id in the item (the fleet sweeper calls each restaurant's own copy). */
export const executeWorkflowById = (expression) => ({
	source: 'database',
	workflowId: { __rl: true, mode: 'id', value: expression },
	workflowInputs: { mappingMode: 'defineBelow', value: {}, matchingColumns: [], schema: [], attemptToConvertTypes: false, convertFieldsToString: true },
	mode: 'each',
	options: { waitForSubWorkflow: false },
});

export const credential = (context, kind) => {
	const ref = context.credentials[kind];
	const type = { lightspeed: 'lightspeedKSeriesOAuth2Api', qodeup: 'qodeupApi', smtp: 'smtp' }[kind];
	return { [type]: { id: ref.id, name: ref.name } };
};
