'use strict';
// n8n REST as the instance owner (session cookie from the stack; logs in again when needed):
// node types, executions per workflow, data table rows, publication status, production webhooks.
const path = require('node:path');
const { createRequire } = require('node:module');
const { httpJson } = require('./http');
const { stackInfo } = require('./stack');
const { waitFor } = require('./wait');

let cookie;

async function login() {
	const info = stackInfo();
	const r = await httpJson('POST', `${info.n8n.url}/rest/login`, { emailOrLdapLoginId: info.n8n.owner.email, password: info.n8n.owner.password });
	if (r.status !== 200) throw new Error(`n8n login → ${r.status} ${r.text.slice(0, 200)}`);
	const set = r.headers.getSetCookie().find((c) => c.startsWith('n8n-auth='));
	cookie = set.split(';')[0];
	return cookie;
}

/** REST call as the owner; unwraps `{data}`; throws on non-2xx. */
async function rest(method, p, body) {
	const info = stackInfo();
	cookie = cookie || info.n8n.cookie;
	let r = await httpJson(method, `${info.n8n.url}${p}`, body, { headers: { cookie } });
	if (r.status === 401) {
		await login();
		r = await httpJson(method, `${info.n8n.url}${p}`, body, { headers: { cookie } });
	}
	if (r.status < 200 || r.status >= 300) throw new Error(`n8n ${method} ${p} → ${r.status} ${r.text.slice(0, 500)}`);
	return r.json && typeof r.json === 'object' && 'data' in r.json ? r.json.data : r.json;
}

/** Names of every node type n8n loaded (`<package>.<node>` for community nodes). */
async function nodeTypeNames() {
	return (await rest('GET', '/types/nodes.json')).map((t) => t.name);
}

async function credentialTypeNames() {
	return (await rest('GET', '/types/credentials.json')).map((t) => t.name);
}

/** Executions of a workflow, newest first: [{id, status, mode, startedAt, stoppedAt, …}] (all pages). */
async function executions(workflowId, { status, max = 1000 } = {}) {
	const filter = encodeURIComponent(JSON.stringify({ workflowId, ...(status ? { status: [status] } : {}) }));
	const all = [];
	let lastId;
	while (all.length < max) {
		// n8n caps a page at 100; `lastId` pages to older executions
		const page = await rest('GET', `/rest/executions?filter=${filter}&limit=100${lastId ? `&lastId=${lastId}` : ''}`);
		const results = page.results || page;
		all.push(...results);
		if (results.length < 100) break;
		lastId = results[results.length - 1].id;
	}
	return all;
}

const countExecutions = async (workflowId, opts) => (await executions(workflowId, opts)).length;

/** Waits until a workflow has at least `n` finished executions (any status but running/new/waiting). */
function waitForExecutions(workflowId, n, { timeoutMs = 30_000 } = {}) {
	return waitFor(
		async () => {
			const list = (await executions(workflowId)).filter((e) => !['running', 'new', 'waiting'].includes(e.status));
			return list.length >= n ? list : false;
		},
		{ timeoutMs, what: `${n} finished execution(s) of ${workflowId}` },
	);
}

let flatted;
/** One execution with its run data decoded (`data.resultData.runData[<node>][0].data.main[0][i].json`). */
async function execution(id) {
	const e = await rest('GET', `/rest/executions/${id}`);
	if (typeof e.data === 'string') {
		flatted = flatted || createRequire(path.join(stackInfo().runtime.harness, 'package.json'))('flatted');
		e.data = flatted.parse(e.data);
	}
	return e;
}

/** Output items (json) of a node in an execution. */
async function nodeOutput(executionId, nodeName, { run = 0, output = 0 } = {}) {
	const e = await execution(executionId);
	const runs = e.data?.resultData?.runData?.[nodeName];
	if (!runs) return undefined;
	return (runs[run]?.data?.main?.[output] || []).map((i) => i.json);
}

async function personalProjectId() {
	return (await rest('GET', '/rest/projects/personal')).id;
}

/** The data table with exactly this name (the node's by-name lookup is a LIKE; this is exact). */
async function dataTable(name) {
	const pid = await personalProjectId();
	const list = await rest('GET', `/rest/projects/${pid}/data-tables?take=500`);
	return (list.data || list).find((t) => t.name === name);
}

/** All rows of a data table, by exact name. */
async function dataTableRows(name) {
	const table = await dataTable(name);
	if (!table) throw new Error(`data table ${name} does not exist`);
	const pid = await personalProjectId();
	// n8n 2.41.1 answers at most 250 rows per page whatever `take` asks for: page until `count`.
	const out = [];
	for (let skip = 0; ; ) {
		const page = await rest('GET', `/rest/projects/${pid}/data-tables/${table.id}/rows?take=250&skip=${skip}`);
		const rows = page.data || page;
		out.push(...rows);
		skip += rows.length;
		if (!rows.length || (typeof page.count === 'number' ? skip >= page.count : rows.length < 250)) break;
	}
	return out;
}

const publicationStatus = (workflowId) => rest('GET', `/rest/workflows/${encodeURIComponent(workflowId)}/publication-status`);

/** A production webhook: `<n8n>/webhook/<p>`. */
function webhook(method, p, body, opts) {
	return httpJson(method, `${stackInfo().n8n.webhookBase}/${p.replace(/^\/+/, '')}`, body, opts);
}

module.exports = {
	rest,
	login,
	nodeTypeNames,
	credentialTypeNames,
	executions,
	countExecutions,
	waitForExecutions,
	execution,
	nodeOutput,
	dataTable,
	dataTableRows,
	publicationStatus,
	webhook,
};
