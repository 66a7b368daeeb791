'use strict';
// The local mail catcher (scripts/lib/mailcatcher.mjs): read and wait for mails, pull links out
// of them, switch SMTP down for reliability tests, and read recorded HTTP callbacks.
const { httpOk } = require('./http');
const { stackInfo } = require('./stack');
const { waitFor } = require('./wait');

const url = (p) => `${stackInfo().mail.url}${p}`;

/** All mails in order of arrival: {id, receivedAt, envelope, from, to, cc, subject, date, headers, text, html, attachments}. */
const messages = () => httpOk('GET', url('/messages'));
const clear = () => httpOk('DELETE', url('/messages'));

/**
 * Waits for a mail matching `match` — a function(msg), or an object of
 * { to, subject (string|RegExp), text (string|RegExp) } — that is not in `exclude` (ids).
 */
function waitForMail(match, { timeoutMs = 30_000, exclude = [] } = {}) {
	const test = typeof match === 'function' ? match : matcher(match);
	return waitFor(async () => (await messages()).find((m) => !exclude.includes(m.id) && test(m)), {
		timeoutMs,
		what: `a mail matching ${typeof match === 'function' ? match.toString().slice(0, 80) : JSON.stringify(match, (k, v) => (v instanceof RegExp ? String(v) : v))}`,
	});
}

function matcher({ to, subject, text } = {}) {
	const ok = (v, want) => want === undefined || (want instanceof RegExp ? want.test(v || '') : (v || '').includes(want));
	return (m) =>
		(to === undefined || m.to.some((a) => a.address.toLowerCase() === String(to).toLowerCase()) || m.envelope.to.includes(to)) &&
		ok(m.subject, subject) &&
		ok(`${m.text}\n${m.html}`, text);
}

/** Every http(s) URL in a mail: hrefs of the HTML part first, then bare URLs in the text part. */
function extractLinks(msg) {
	const links = [];
	const decode = (s) => s.replace(/&amp;/g, '&').replace(/&#x3D;|&#61;/gi, '=').replace(/&quot;/g, '"');
	for (const m of (msg.html || '').matchAll(/href\s*=\s*(["'])(.*?)\1/gi)) links.push(decode(m[2]));
	for (const m of (msg.text || '').matchAll(/https?:\/\/[^\s<>"')\]]+/g)) links.push(m[0]);
	return [...new Set(links)].filter((l) => /^https?:\/\//.test(l));
}

const setSmtpDown = (down) => httpOk('POST', url('/_admin/down'), { down });
const callbacks = () => httpOk('GET', url('/callbacks'));
const clearCallbacks = () => httpOk('DELETE', url('/callbacks'));
/** Status code the callback recorder answers with (e.g. 500 to test retries). */
const setCallbackStatus = (status) => httpOk('POST', url('/_admin/callbacks'), { status });

module.exports = { messages, clear, waitForMail, extractLinks, setSmtpDown, callbacks, clearCallbacks, setCallbackStatus };
