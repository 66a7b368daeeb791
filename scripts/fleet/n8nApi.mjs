// The one module that knows n8n's public REST API (<n8n>/api/v1, header X-N8N-API-KEY):
// a small client with pagination, retries on 429/5xx and errors that say what failed
// (method, path, HTTP status, n8n's message) — never the key.
//
// Facts of n8n 2.41.1 this client relies on (measured, see the fleet README section of the
// final report): POST /workflows refuses `id`, `meta`, `tags`, `active` (read-only); POST
// /credentials accepts an `id` of 1–16 letters/digits/_/-; publishing (POST
// /workflows/{id}/publish) only records the wish — the triggers are activated afterwards, and
// whether that worked is not in the public API (the caller probes the webhooks); PUT of a
// published workflow re-publishes it unless ?publishIfActive=false.

export class N8nApiError extends Error {
	constructor({ method, path, status, n8nMessage, cause }) {
		const what = `${method} ${path}`;
		super(status ? `${what} → HTTP ${status}${n8nMessage ? `: ${n8nMessage}` : ''}` : `${what} failed: ${n8nMessage}`);
		this.name = 'N8nApiError';
		this.method = method;
		this.path = path;
		this.status = status;
		this.n8nMessage = n8nMessage;
		if (cause) this.cause = cause;
	}
}

const RETRY_STATUSES = new Set([429, 502, 503, 504]);
const IDEMPOTENT = new Set(['GET', 'PUT', 'DELETE', 'HEAD']);
const PAGE = 250; // the API's maximum page size

const defaultSleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Fields n8n refuses (or ignores) when a workflow is created or updated. */
const WORKFLOW_WRITE_FIELDS = ['name', 'nodes', 'connections', 'settings', 'staticData', 'pinData', 'description'];

export function workflowBody(workflow, { forUpdate = false } = {}) {
	const body = {};
	for (const key of WORKFLOW_WRITE_FIELDS) if (workflow[key] !== undefined) body[key] = workflow[key];
	// description is an update field only; creating takes it from the first update
	if (!forUpdate) delete body.description;
	body.settings ??= {};
	body.connections ??= {};
	return body;
}

export class N8nApi {
	/**
	 * @param {object} o
	 * @param {string} o.baseUrl   n8n's URL (…/api/v1 is appended)
	 * @param {string} o.apiKey
	 * @param {number} [o.retries]  attempts after the first for 429/5xx and network errors
	 * @param {number} [o.timeoutMs]
	 * @param {typeof fetch} [o.fetch]
	 * @param {(ms: number) => Promise<void>} [o.sleep]
	 */
	constructor({ baseUrl, apiKey, retries = 4, timeoutMs = 30_000, fetch: fetchImpl = globalThis.fetch, sleep = defaultSleep }) {
		if (!apiKey) throw new Error('no n8n API key: set N8N_API_KEY or pass --api-key-file <path> (create one in n8n: Settings → n8n API)');
		this.baseUrl = String(baseUrl).replace(/\/+$/, '');
		this.apiBase = `${this.baseUrl}/api/v1`;
		// kept out of enumerable properties so a logged client never shows it
		Object.defineProperty(this, 'apiKey', { value: apiKey, enumerable: false });
		this.retries = retries;
		this.timeoutMs = timeoutMs;
		this.fetch = fetchImpl;
		this.sleep = sleep;
	}

	/** Scrubs the key from any text that could reach the operator (error bodies echo headers rarely, but never here). */
	scrub(text) {
		return typeof text === 'string' && this.apiKey ? text.split(this.apiKey).join('<api key>') : text;
	}

	/**
	 * One call. `query` values that are objects are sent as JSON (the API's filter format).
	 * Returns the parsed JSON (or undefined for an empty body). Statuses in `allow` return
	 * {status, body} instead of throwing.
	 */
	async request(method, path, { query, body, allow = [] } = {}) {
		const url = new URL(`${this.apiBase}${path}`);
		for (const [key, value] of Object.entries(query ?? {})) {
			if (value === undefined || value === null) continue;
			url.searchParams.set(key, typeof value === 'object' ? JSON.stringify(value) : String(value));
		}
		const shownPath = `${path}${url.search ? decodeURIComponent(url.search) : ''}`;
		for (let attempt = 0; ; attempt++) {
			let res;
			try {
				res = await this.fetch(url, {
					method,
					headers: { accept: 'application/json', 'x-n8n-api-key': this.apiKey, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
					body: body !== undefined ? JSON.stringify(body) : undefined,
					signal: AbortSignal.timeout(this.timeoutMs),
				});
			} catch (err) {
				// a connection refused or reset: n8n restarting, or the wrong URL
				if (attempt < this.retries && IDEMPOTENT.has(method)) {
					await this.sleep(backoff(attempt));
					continue;
				}
				const reason = err?.cause?.code ?? err?.name ?? 'error';
				throw new N8nApiError({ method, path: shownPath, n8nMessage: `${reason} (${this.scrub(err?.cause?.message ?? err?.message ?? String(err))}) — is n8n running at ${this.baseUrl}?`, cause: err });
			}
			const text = await res.text();
			let json;
			try {
				json = text ? JSON.parse(text) : undefined;
			} catch {
				json = undefined;
			}
			if (res.ok) return json;
			if (allow.includes(res.status)) return { status: res.status, body: json ?? text };
			const retryable = RETRY_STATUSES.has(res.status) || (res.status === 500 && IDEMPOTENT.has(method));
			if (retryable && attempt < this.retries) {
				const after = Number(res.headers.get('retry-after'));
				await this.sleep(Number.isFinite(after) && after > 0 ? Math.min(after * 1000, 30_000) : backoff(attempt));
				continue;
			}
			throw new N8nApiError({ method, path: shownPath, status: res.status, n8nMessage: this.scrub(messageOf(json, text, res.status)) });
		}
	}

	get(path, query) {
		return this.request('GET', path, { query });
	}

	/** Every item of a paginated list (`{data, nextCursor}`). */
	async all(path, query = {}) {
		const out = [];
		let cursor;
		for (let page = 0; page < 10_000; page++) {
			const res = await this.get(path, { ...query, limit: query.limit ?? PAGE, cursor });
			const items = Array.isArray(res) ? res : (res?.data ?? []);
			out.push(...items);
			cursor = Array.isArray(res) ? undefined : res?.nextCursor;
			if (!cursor || items.length === 0) break;
		}
		return out;
	}

	// ---------- workflows ----------

	/** All workflows (archived included; filter on `isArchived`), without pinned data. */
	listWorkflows(query = {}) {
		return this.all('/workflows', { excludePinnedData: true, ...query });
	}

	getWorkflow(id) {
		return this.get(`/workflows/${encodeURIComponent(id)}`, { excludePinnedData: true });
	}

	createWorkflow(workflow) {
		return this.request('POST', '/workflows', { body: workflowBody(workflow) });
	}

	/** Saves a new version; a published workflow is re-published unless `publishIfActive` is false. */
	updateWorkflow(id, workflow, { publishIfActive } = {}) {
		return this.request('PUT', `/workflows/${encodeURIComponent(id)}`, {
			query: publishIfActive === undefined ? undefined : { publishIfActive },
			body: workflowBody(workflow, { forUpdate: true }),
		});
	}

	publishWorkflow(id) {
		return this.request('POST', `/workflows/${encodeURIComponent(id)}/publish`, { body: {} });
	}

	unpublishWorkflow(id) {
		return this.request('POST', `/workflows/${encodeURIComponent(id)}/unpublish`);
	}

	archiveWorkflow(id) {
		return this.request('POST', `/workflows/${encodeURIComponent(id)}/archive`);
	}

	// ---------- credentials ----------

	listCredentials() {
		return this.all('/credentials');
	}

	/** The credential (no secrets), or null when there is none with this id. */
	async getCredential(id) {
		const res = await this.request('GET', `/credentials/${encodeURIComponent(id)}`, { allow: [404] });
		return res && res.status === 404 ? null : res;
	}

	createCredential({ id, name, type, data }) {
		return this.request('POST', '/credentials', { body: { ...(id ? { id } : {}), name, type, data } });
	}

	/** `partial`: merge `data` into the stored data (keeps an OAuth token) instead of replacing it. */
	updateCredential(id, { name, data, partial = true }) {
		return this.request('PATCH', `/credentials/${encodeURIComponent(id)}`, { body: { ...(name ? { name } : {}), ...(data ? { data, isPartialData: partial } : {}) } });
	}

	deleteCredential(id) {
		return this.request('DELETE', `/credentials/${encodeURIComponent(id)}`, { allow: [404] });
	}

	/** n8n's test of a stored credential: {status: 'OK'|'Error', message}. */
	testCredential(id) {
		return this.request('POST', `/credentials/${encodeURIComponent(id)}/test`);
	}

	// ---------- data tables ----------

	listDataTables(filter) {
		return this.all('/data-tables', filter ? { filter } : {});
	}

	createDataTable({ name, columns, projectId }) {
		return this.request('POST', '/data-tables', { body: { name, columns, ...(projectId ? { projectId } : {}) } });
	}

	listColumns(tableId) {
		return this.get(`/data-tables/${encodeURIComponent(tableId)}/columns`);
	}

	addColumn(tableId, { name, type }) {
		return this.request('POST', `/data-tables/${encodeURIComponent(tableId)}/columns`, { body: { name, type } });
	}

	/** Rows matching `filters` ([[column, condition, value]…], all must hold). */
	rows(tableId, { filters = [], sortBy, limit } = {}) {
		const query = { ...(filters.length ? { filter: rowFilter(filters) } : {}), ...(sortBy ? { sortBy } : {}) };
		if (limit) return this.get(`/data-tables/${encodeURIComponent(tableId)}/rows`, { ...query, limit }).then((res) => res?.data ?? []);
		return this.all(`/data-tables/${encodeURIComponent(tableId)}/rows`, query);
	}

	upsertRow(tableId, filters, data) {
		return this.request('POST', `/data-tables/${encodeURIComponent(tableId)}/rows/upsert`, { body: { filter: rowFilter(filters), data, returnData: true } });
	}

	updateRows(tableId, filters, data) {
		return this.request('PATCH', `/data-tables/${encodeURIComponent(tableId)}/rows/update`, { body: { filter: rowFilter(filters), data, returnData: true } });
	}

	// ---------- executions ----------

	/** The newest executions of a workflow (newest first). */
	async executions(workflowId, { limit = 5, includeData = false } = {}) {
		const res = await this.get('/executions', { workflowId, limit, includeData });
		return res?.data ?? [];
	}
}

/** [[column, condition, value]…] → the API's filter object. */
export function rowFilter(filters) {
	return { type: 'and', filters: filters.map(([columnName, condition, value]) => ({ columnName, condition, value })) };
}

function backoff(attempt) {
	return Math.min(500 * 2 ** attempt, 8_000);
}

function messageOf(json, text, status) {
	if (json && typeof json === 'object') {
		const parts = [json.message, json.description, json.hint].filter((x) => typeof x === 'string' && x.trim());
		if (parts.length) return parts.join(' — ');
		if (typeof json.error === 'string') return json.error;
	}
	const plain = String(text ?? '').trim();
	if (plain && !plain.startsWith('<')) return plain.slice(0, 300);
	return status === 401 ? 'unauthorized (is the API key right and not expired?)' : '';
}
