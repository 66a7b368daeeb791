// Acts as Qodeup: signed requests to the integration's webhook URLs (docs/contracts.md,
// "Qodeup request signing"). Written independently of nodes/shared/signing.ts on purpose, so
// the end-to-end tests check the trigger against the contract, not against its own code.
// CommonJS so that both the ESM scripts and the jest e2e helpers can load it.
'use strict';
const crypto = require('node:crypto');

/** `v1=` + hex HMAC-SHA256(secret, `<ts>.<METHOD>.<path>.<raw body>`); path without leading slash or query. */
function signQodeup(secret, timestamp, method, path, rawBody) {
	const head = Buffer.from(`${timestamp}.${method.toUpperCase()}.${path.replace(/^\/+/, '').split('?')[0]}.`, 'utf8');
	const body = Buffer.isBuffer(rawBody) ? rawBody : Buffer.from(rawBody || '', 'utf8');
	return 'v1=' + crypto.createHmac('sha256', secret).update(Buffer.concat([head, body])).digest('hex');
}

/**
 * Headers for a signed request. `timestamp` (unix seconds) defaults to now; tests pass an old
 * one to check the ±300 s window.
 */
function qodeupHeaders({ secret, method, path, rawBody = '', timestamp = Math.floor(Date.now() / 1000) }) {
	const headers = {
		'X-Qodeup-Timestamp': String(timestamp),
		'X-Qodeup-Signature': signQodeup(secret, String(timestamp), method, path, rawBody),
	};
	if (rawBody !== '' && rawBody !== undefined) headers['Content-Type'] = 'application/json';
	return headers;
}

/**
 * Sends a signed request to `<webhookBase>/<path>` where path is like
 * `qodeup/demo-bistro/payments`. `body` may be an object (JSON-encoded) or a raw string/Buffer.
 * Options: `sign: false` (no signature headers), `secret` override, `timestamp`, `headers`.
 * → { status, headers, text, json }
 */
async function qodeupRequest({ webhookBase, secret, method, path, body, sign = true, timestamp, headers = {}, timeoutMs = 60_000 }) {
	const rawBody = body === undefined ? '' : typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body);
	const signed = sign ? qodeupHeaders({ secret, method, path, rawBody, timestamp }) : rawBody ? { 'Content-Type': 'application/json' } : {};
	const res = await fetch(`${webhookBase.replace(/\/$/, '')}/${path.replace(/^\/+/, '')}`, {
		method: method.toUpperCase(),
		headers: { ...signed, ...headers },
		body: rawBody === '' ? undefined : rawBody,
		signal: AbortSignal.timeout(timeoutMs),
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

module.exports = { signQodeup, qodeupHeaders, qodeupRequest };
