// Cases for the jest tests that need more than JSON in, JSON out: the API client against a fake
// fetch, the command's entry point with captured output.
import util from 'node:util';
import { main } from '../../../../scripts/fleet/merchant.mjs';
import { N8nApi } from '../../../../scripts/fleet/n8nApi.mjs';
import { loadFile, validateFleet, validateMerchant } from '../../../../scripts/fleet/merchantFile.mjs';
import { Output, diagnosisVerdict, printDiagnosis } from '../../../../scripts/fleet/output.mjs';

export const KEY = 'n8n_api_0123456789abcdefSECRETKEY';

/** A fetch that answers from a script of responses and records the requests. */
function fakeFetch(script) {
	const calls = [];
	const fetchImpl = async (url, init = {}) => {
		calls.push({ url: String(url), method: init.method, headers: init.headers, body: init.body });
		const next = script.shift();
		if (!next) throw new Error('the fake fetch ran out of answers');
		if (next.throw) throw Object.assign(new TypeError('fetch failed'), { cause: { code: next.throw, message: `connect ${next.throw} 127.0.0.1:5678` } });
		return new Response(next.body === undefined ? '' : typeof next.body === 'string' ? next.body : JSON.stringify(next.body), {
			status: next.status ?? 200,
			headers: { 'content-type': 'application/json', ...(next.headers ?? {}) },
		});
	};
	return { calls, fetchImpl };
}

async function attempt(fn) {
	try {
		return { value: await fn() };
	} catch (err) {
		return { error: err.message, status: err.status, n8nMessage: err.n8nMessage };
	}
}

export async function apiClient() {
	const out = {};
	const sleeps = [];
	const sleep = async (ms) => sleeps.push(ms);
	const make = (script) => {
		const f = fakeFetch(script);
		return { api: new N8nApi({ baseUrl: 'http://n8n.test/', apiKey: KEY, fetch: f.fetchImpl, sleep }), calls: f.calls };
	};

	let c = make([{ status: 401, body: { message: `unauthorized: bad key ${KEY}` } }]);
	out.unauthorized = await attempt(() => c.api.listWorkflows());
	out.sentKeyHeader = c.calls[0].headers['x-n8n-api-key'] === KEY;
	out.firstUrl = c.calls[0].url;

	c = make([{ status: 429, headers: { 'retry-after': '2' } }, { status: 503 }, { body: { data: [{ id: 'w1' }], nextCursor: null } }]);
	out.retried = await attempt(() => c.api.listWorkflows());
	out.retriedCalls = c.calls.length;

	c = make([
		{ body: { data: [{ id: 'a' }, { id: 'b' }], nextCursor: 'CUR1' } },
		{ body: { data: [{ id: 'c' }], nextCursor: 'CUR2' } },
		{ body: { data: [{ id: 'd' }], nextCursor: null } },
	]);
	out.paged = await attempt(() => c.api.listCredentials());
	out.pagedUrls = c.calls.map((x) => new URL(x.url).search);

	c = make([{ status: 500, body: { message: 'boom' } }]);
	out.postNotRetried = await attempt(() => c.api.createWorkflow({ name: 'x', nodes: [] }));
	out.postCalls = c.calls.length;
	out.postBody = JSON.parse(c.calls[0].body);

	c = make([{ status: 503 }, { body: { id: 'new' } }]);
	out.post503 = await attempt(() => c.api.createWorkflow({ name: 'x', nodes: [], id: 'refused', meta: { a: 1 }, active: true, tags: [] }));
	out.post503Body = JSON.parse(c.calls[1].body);

	c = make([{ throw: 'ECONNREFUSED' }, { throw: 'ECONNREFUSED' }, { throw: 'ECONNREFUSED' }, { throw: 'ECONNREFUSED' }, { throw: 'ECONNREFUSED' }]);
	out.down = await attempt(() => c.api.getWorkflow('w1'));
	out.downCalls = c.calls.length;

	c = make([{ status: 404, body: { message: 'Not Found' } }]);
	out.missingCredential = await attempt(() => c.api.getCredential('nope'));

	c = make([{ status: 400, body: { message: 'request/body/id is read-only' } }]);
	out.badRequest = await attempt(() => c.api.request('POST', '/workflows', { body: { id: 'x' } }));

	c = make([{ body: { data: [] } }]);
	await c.api.rows('T1', { filters: [['integrationId', 'eq', 'pizza'], ['status', 'eq', 'failed']], sortBy: 'createdAt:desc', limit: 1 });
	out.rowQuery = Object.fromEntries(new URL(c.calls[0].url).searchParams);

	out.noKey = await attempt(() => new N8nApi({ baseUrl: 'http://n8n.test', apiKey: '' }));
	const api = new N8nApi({ baseUrl: 'http://n8n.test', apiKey: KEY });
	out.shown = JSON.stringify(api) + util.inspect(api, { depth: 5 });
	out.sleeps = sleeps;
	return out;
}

/** Runs the command's main() with captured output; the key is never in it. */
export async function cli(argv, env = {}) {
	let stdout = '';
	let stderr = '';
	const out = new Output({ stdout: { write: (s) => (stdout += s) }, stderr: { write: (s) => (stderr += s) } });
	const code = await main(argv, { env: { ...env }, out });
	return { code, stdout, stderr };
}

export function diagnosis() {
	let text = '';
	const out = new Output({ stdout: { write: (s) => (text += s) }, stderr: { write: () => {} } });
	const d = {
		ok: false,
		checks: [
			{ name: 'connection', ok: true, status: 'ok', detail: 'Connected', fix: '' },
			{ name: 'paymentMethods', ok: false, status: 'problem', detail: 'QDCARD not found', fix: 'Choose the card method again' },
			{ name: 'staff', ok: true, status: 'unknown', detail: 'No staff chosen', fix: '' },
		],
	};
	printDiagnosis(out, d);
	printDiagnosis(out, { error: 'HTTP 404: The requested webhook is not registered' });
	return { text, verdict: diagnosisVerdict(d), ok: diagnosisVerdict({ ok: true, checks: [{ name: 'connection', ok: true }] }), none: diagnosisVerdict({ error: 'HTTP 502' }) };
}

/** An example file, loaded and validated as the command does. */
export function validateExample(file, kind) {
	const content = loadFile(file, `${kind} file`);
	return kind === 'fleet' ? validateFleet(content) : validateMerchant(content);
}
