'use strict';
// Tiny JSON-over-HTTP client with timeouts (global fetch).

async function httpJson(method, url, body, { headers = {}, timeoutMs = 30_000 } = {}) {
	const res = await fetch(url, {
		method,
		headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
		body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
		signal: AbortSignal.timeout(timeoutMs),
		redirect: 'manual',
	});
	const text = await res.text();
	let json;
	try {
		json = text ? JSON.parse(text) : undefined;
	} catch {
		json = undefined;
	}
	return { status: res.status, headers: res.headers, text, json };
}

/** Like httpJson but throws on a non-2xx answer and returns the parsed body. */
async function httpOk(method, url, body, opts) {
	const r = await httpJson(method, url, body, opts);
	if (r.status < 200 || r.status >= 300) throw new Error(`${method} ${url} → ${r.status} ${r.text.slice(0, 500)}`);
	return r.json;
}

module.exports = { httpJson, httpOk };
