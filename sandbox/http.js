'use strict';
// Small HTTP toolkit: a router with path parameters, JSON/form body reading, and the
// Spring Boot error bodies Lightspeed answers with ({timestamp,status,error,message,path}).

const { lsDate } = require('./render');

const REASONS = {
	400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found',
	405: 'Method Not Allowed', 409: 'Conflict', 413: 'Payload Too Large', 429: 'Too Many Requests',
	500: 'Internal Server Error', 503: 'Service Unavailable',
};

const MAX_BODY = 1024 * 1024;

class HttpError extends Error {
	constructor(status, body, headers = {}) {
		super(typeof body === 'object' && body && body.message ? body.message : `HTTP ${status}`);
		this.status = status;
		this.body = body;
		this.headers = headers;
	}
}

// A handler returns a plain value (200 JSON) or a Reply for another status or headers.
class Reply {
	constructor(status, body, headers = {}) {
		this.status = status;
		this.body = body;
		this.headers = headers;
	}
}
const reply = (status, body, headers) => new Reply(status, body, headers);

function springBody(status, message, path, extra = {}) {
	return { timestamp: lsDate(Date.now()), status, error: REASONS[status] || 'Error', message, ...extra, path };
}

function springError(status, message, path, extra) {
	return new HttpError(status, springBody(status, message, path, extra));
}

function send(res, status, body, headers = {}) {
	if (res.headersSent) return;
	let payload = '';
	const h = { ...headers };
	if (body !== undefined && body !== null) {
		if (typeof body === 'string' || Buffer.isBuffer(body)) {
			payload = body;
			if (!h['Content-Type']) h['Content-Type'] = 'text/plain; charset=utf-8';
		} else {
			payload = JSON.stringify(body);
			h['Content-Type'] = 'application/json';
		}
	}
	h['Content-Length'] = Buffer.byteLength(payload);
	res.writeHead(status, h);
	res.end(payload);
}

function readRaw(req) {
	return new Promise((resolve, reject) => {
		const chunks = [];
		let size = 0;
		req.on('data', (c) => {
			size += c.length;
			if (size > MAX_BODY) {
				reject(new HttpError(413, { status: 413, error: REASONS[413], message: 'body too large' }));
				req.destroy();
				return;
			}
			chunks.push(c);
		});
		req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
		req.on('error', reject);
	});
}

// Parses the raw body by content type: JSON object, url-encoded form, or the raw text.
function parseBody(raw, contentType = '') {
	if (!raw) return undefined;
	if (contentType.includes('application/x-www-form-urlencoded')) {
		return Object.fromEntries(new URLSearchParams(raw));
	}
	try {
		return JSON.parse(raw);
	} catch {
		return { __unparsable: raw };
	}
}

// Spring's answer to a body it cannot read as JSON (HttpMessageNotReadableException).
function requireJsonBody(ctx) {
	const b = ctx.body;
	if (b === undefined) throw springError(400, 'Required request body is missing', ctx.path);
	if (b && b.__unparsable !== undefined) {
		throw springError(400, 'JSON parse error: Unexpected character in request body', ctx.path);
	}
	if (typeof b !== 'object' || Array.isArray(b) || b === null) {
		throw springError(400, 'JSON parse error: Cannot deserialize request body: expected a JSON object', ctx.path);
	}
	return b;
}

// Route patterns look like '/o/op/data/{businessLocationId}/floorplans'.
class Router {
	constructor() {
		this.routes = [];
	}

	add(method, pattern, handler, options = {}) {
		const names = [];
		const re = new RegExp(
			'^' + pattern.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{(\w+)\}/g, (_, n) => {
				names.push(n);
				return '([^/]+)';
			}) + '/?$',
		);
		this.routes.push({ method, re, names, handler, options });
	}

	match(method, path) {
		let pathMatched = false;
		for (const r of this.routes) {
			const m = r.re.exec(path);
			if (!m) continue;
			pathMatched = true;
			if (r.method !== method) continue;
			const params = {};
			r.names.forEach((n, i) => (params[n] = decodeURIComponent(m[i + 1])));
			return { route: r, params };
		}
		return { pathMatched };
	}
}

// Parameter conversion errors worded like Spring's MethodArgumentTypeMismatchException.
function longParam(ctx, value, name, { required = true, source = 'query' } = {}) {
	if (value === undefined || value === null || value === '') {
		if (!required) return undefined;
		throw springError(400, `Required request parameter '${name}' for method parameter type Long is not present`, ctx.path);
	}
	if (!/^-?\d+$/.test(String(value)) || !Number.isSafeInteger(Number(value))) {
		throw springError(
			400,
			`Failed to convert value of type 'java.lang.String' to required type '${source === 'path' ? 'long' : 'java.lang.Long'}'; For input string: "${value}"`,
			ctx.path,
		);
	}
	return Number(value);
}

function intParam(ctx, value, name) {
	if (!/^-?\d+$/.test(String(value)) || Math.abs(Number(value)) > 2147483647) {
		throw springError(400, `Failed to convert value of type 'java.lang.String' to required type 'int'; For input string: "${value}"`, ctx.path);
	}
	return Number(value);
}

function boolParam(ctx, value, name, dflt) {
	if (value === undefined || value === '') return dflt;
	if (value === 'true') return true;
	if (value === 'false') return false;
	throw springError(400, `Failed to convert value of type 'java.lang.String' to required type 'boolean'; Invalid boolean value [${value}]`, ctx.path);
}

module.exports = {
	Reply, reply, HttpError, springBody, springError, send, readRaw, parseBody, requireJsonBody, Router,
	longParam, intParam, boolParam, REASONS,
};
