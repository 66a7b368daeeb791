// Local mail catcher: an SMTP server on 127.0.0.1 that keeps every mail in memory, and an
// HTTP side with a JSON API and a small mailbox page. Also records HTTP callbacks (e.g. the
// signed Qodeup callback) so demos and tests can see them.
//
// HTTP API (127.0.0.1 only):
//   GET    /                       mailbox page (HTML body shown in a sandboxed iframe)
//   GET    /messages               [{id, receivedAt, envelope, from, to, cc, subject, date, headers, text, html, attachments}]
//   GET    /messages/:id           one message;  /messages/:id/html  its HTML body;  /messages/:id/raw  the raw source
//   DELETE /messages               forget all messages
//   POST   /_admin/down {down}     SMTP fault switch: while down, every SMTP connection gets "421" and is closed
//   GET    /_admin/state           {down, messages, callbacks, callbackStatus}
//   ANY    /callbacks/<path>       recorded as {id, receivedAt, method, path, query, headers, body}; answers callbackStatus (200)
//   GET    /callbacks  DELETE /callbacks   list / forget recorded callbacks
//   POST   /_admin/callbacks {status}      status code the callback recorder answers with
import http from 'node:http';
import { createRequire } from 'node:module';
import path from 'node:path';
import { parseMessage } from './mime.mjs';
import { ROOT, cacheDir } from './runtime.mjs';

function loadSmtpServer() {
	const candidates = [path.join(ROOT, 'package.json'), path.join(cacheDir(), 'harness', 'package.json')];
	for (const c of candidates) {
		try {
			return createRequire(c)('smtp-server').SMTPServer;
		} catch {
			/* try next */
		}
	}
	throw new Error('smtp-server is not installed (run npm install in the project, or let the harness install it)');
}

const MAX_BODY = 1024 * 1024;

function readBody(req) {
	return new Promise((resolve, reject) => {
		const chunks = [];
		let size = 0;
		req.on('data', (c) => {
			size += c.length;
			if (size > MAX_BODY) {
				reject(new Error('body too large'));
				req.destroy();
			} else chunks.push(c);
		});
		req.on('end', () => resolve(Buffer.concat(chunks)));
		req.on('error', reject);
	});
}

function send(res, status, body, type = 'application/json; charset=utf-8') {
	const payload = typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body, null, 2);
	res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
	res.end(payload);
}

/**
 * Starts the catcher. Returns { smtpPort, httpPort, url, messages, callbacks, setDown(bool), clear(), close() }.
 */
export async function startMailCatcher({ smtpPort = 2525, httpPort = 2526, host = '127.0.0.1' } = {}) {
	const SMTPServer = loadSmtpServer();
	const messages = [];
	const callbacks = [];
	const state = { down: false, nextId: 1, nextCallbackId: 1, callbackStatus: 200 };

	const refuse = () => Object.assign(new Error('Service not available: mail catcher switched down'), { responseCode: 421 });
	const smtp = new SMTPServer({
		authOptional: true,
		disabledCommands: ['STARTTLS', 'AUTH'],
		logger: false,
		banner: 'Qodeup local mail catcher',
		size: 25 * 1024 * 1024,
		onConnect(session, cb) {
			cb(state.down ? refuse() : undefined);
		},
		onMailFrom(address, session, cb) {
			cb(state.down ? refuse() : undefined);
		},
		onData(stream, session, cb) {
			const chunks = [];
			stream.on('data', (c) => chunks.push(c));
			stream.on('end', () => {
				if (state.down) return cb(refuse());
				const raw = Buffer.concat(chunks);
				let parsed;
				try {
					parsed = parseMessage(raw);
				} catch (err) {
					parsed = { headers: {}, subject: '', text: '', html: '', attachments: [], parseError: err.message };
				}
				messages.push({
					id: state.nextId++,
					receivedAt: new Date().toISOString(),
					envelope: {
						from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
						to: session.envelope.rcptTo.map((r) => r.address),
					},
					...parsed,
					raw: raw.toString('utf8'),
				});
				cb(null, 'OK: message queued');
			});
		},
	});
	smtp.on('error', () => {});

	const publicMessage = ({ raw, ...m }) => m;
	const server = http.createServer(async (req, res) => {
		try {
			const url = new URL(req.url, `http://${host}`);
			const p = url.pathname;
			if (p.startsWith('/callbacks/') || p === '/callbacks') {
				if (p === '/callbacks' && req.method === 'GET') return send(res, 200, callbacks);
				if (p === '/callbacks' && req.method === 'DELETE') {
					callbacks.length = 0;
					return send(res, 200, { ok: true });
				}
				const body = await readBody(req);
				callbacks.push({
					id: state.nextCallbackId++,
					receivedAt: new Date().toISOString(),
					method: req.method,
					path: p.slice('/callbacks/'.length),
					query: Object.fromEntries(url.searchParams),
					headers: req.headers,
					body: body.toString('utf8'),
				});
				return send(res, state.callbackStatus, { ok: state.callbackStatus < 400 });
			}
			if (p === '/' && req.method === 'GET') return send(res, 200, MAILBOX_PAGE, 'text/html; charset=utf-8');
			if (p === '/messages' && req.method === 'GET') return send(res, 200, messages.map(publicMessage));
			if (p === '/messages' && req.method === 'DELETE') {
				messages.length = 0;
				return send(res, 200, { ok: true });
			}
			const m = /^\/messages\/(\d+)(\/html|\/raw)?$/.exec(p);
			if (m && req.method === 'GET') {
				const msg = messages.find((x) => x.id === Number(m[1]));
				if (!msg) return send(res, 404, { error: 'NOT_FOUND' });
				if (m[2] === '/raw') return send(res, 200, msg.raw, 'text/plain; charset=utf-8');
				if (m[2] === '/html') {
					// links open in a new tab; the page itself never runs scripts (iframe sandbox + CSP)
					const html = msg.html || `<pre>${escapeHtml(msg.text)}</pre>`;
					res.setHeader('content-security-policy', "script-src 'none'");
					return send(res, 200, `<base target="_blank">${html}`, 'text/html; charset=utf-8');
				}
				return send(res, 200, publicMessage(msg));
			}
			if (p === '/_admin/down' && req.method === 'POST') {
				const body = JSON.parse((await readBody(req)).toString('utf8') || '{}');
				state.down = body.down !== false;
				return send(res, 200, { down: state.down });
			}
			if (p === '/_admin/callbacks' && req.method === 'POST') {
				const body = JSON.parse((await readBody(req)).toString('utf8') || '{}');
				state.callbackStatus = Number(body.status) || 200;
				return send(res, 200, { callbackStatus: state.callbackStatus });
			}
			if (p === '/_admin/state' && req.method === 'GET') {
				return send(res, 200, { down: state.down, messages: messages.length, callbacks: callbacks.length, callbackStatus: state.callbackStatus });
			}
			return send(res, 404, { error: 'NOT_FOUND' });
		} catch (err) {
			return send(res, 400, { error: 'BAD_REQUEST', message: err.message });
		}
	});

	await new Promise((resolve, reject) => {
		smtp.server.once('error', reject);
		smtp.listen(smtpPort, host, () => {
			smtp.server.off('error', reject);
			resolve();
		});
	});
	try {
		await new Promise((resolve, reject) => {
			server.once('error', reject);
			server.listen(httpPort, host, resolve);
		});
	} catch (err) {
		await new Promise((r) => smtp.close(r));
		throw err;
	}
	const actualSmtp = smtp.server.address().port;
	const actualHttp = server.address().port;
	return {
		smtpPort: actualSmtp,
		httpPort: actualHttp,
		url: `http://${host}:${actualHttp}`,
		messages,
		callbacks,
		setDown(down) {
			state.down = !!down;
		},
		clear() {
			messages.length = 0;
			callbacks.length = 0;
		},
		async close() {
			server.closeAllConnections?.();
			await Promise.all([new Promise((r) => server.close(r)), new Promise((r) => smtp.close(r))]);
		},
	};
}

function escapeHtml(s = '') {
	return String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
}

const MAILBOX_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Mailbox · Qodeup × Lightspeed (local)</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
 body{margin:0;font:14px/1.4 system-ui,sans-serif;color:#1d2330;background:#f4f5f7;display:flex;height:100vh}
 #list{width:360px;overflow:auto;background:#fff;border-right:1px solid #dde}
 header{padding:12px 14px;border-bottom:1px solid #dde;display:flex;justify-content:space-between;align-items:center}
 header h1{font-size:16px;margin:0} button{font:inherit;padding:4px 10px;border:1px solid #bbc;border-radius:4px;background:#fff;cursor:pointer}
 .item{padding:10px 14px;border-bottom:1px solid #eef;cursor:pointer}.item:hover,.item.sel{background:#eef3ff}
 .subj{font-weight:600;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}.meta{color:#667;font-size:12px}
 #view{flex:1;display:flex;flex-direction:column;min-width:0}
 #head{padding:12px 16px;background:#fff;border-bottom:1px solid #dde}#head .subj{font-size:18px}
 iframe{flex:1;border:0;background:#fff;width:100%} .empty{padding:30px;color:#889}
 details{padding:0 16px 12px;background:#fff} pre{white-space:pre-wrap;font-size:12px}
</style></head>
<body>
<div id="list"><header><h1>Mailbox</h1><button id="clear" title="Delete all messages">Delete all</button></header><div id="items"><div class="empty">No mail yet.</div></div></div>
<div id="view"><div class="empty">Select a message.</div></div>
<script>
const esc = (s) => String(s ?? '').replace(/[&<>"']/g, (c) => ({'&':'&amp;','<':'&lt;','>':'&gt;','"':'&quot;',"'":'&#39;'})[c]);
const addr = (a) => a ? (a.name ? a.name + ' <' + a.address + '>' : a.address) : '';
let selected = null, lastIds = '';
async function refresh() {
  const msgs = await (await fetch('/messages')).json();
  const ids = msgs.map((m) => m.id).join(',');
  if (ids === lastIds) return; lastIds = ids;
  const items = document.getElementById('items');
  items.innerHTML = msgs.length ? msgs.slice().reverse().map((m) =>
    '<div class="item' + (m.id === selected ? ' sel' : '') + '" data-id="' + m.id + '"><div class="subj">' + esc(m.subject || '(no subject)') +
    '</div><div class="meta">' + esc(addr(m.from)) + ' → ' + esc(m.to.map(addr).join(', ')) + '<br>' + esc(new Date(m.receivedAt).toLocaleString()) + '</div></div>').join('')
    : '<div class="empty">No mail yet.</div>';
  for (const el of items.querySelectorAll('.item')) el.onclick = () => show(Number(el.dataset.id), msgs);
}
function show(id, msgs) {
  selected = id; lastIds = '';
  const m = msgs.find((x) => x.id === id); if (!m) return;
  document.getElementById('view').innerHTML = '<div id="head"><div class="subj">' + esc(m.subject) + '</div><div class="meta">From ' + esc(addr(m.from)) +
    ' · To ' + esc(m.to.map(addr).join(', ')) + ' · ' + esc(m.date || m.receivedAt) + '</div></div>' +
    '<iframe sandbox="allow-popups allow-popups-to-escape-sandbox" src="/messages/' + id + '/html" title="message body"></iframe>' +
    '<details><summary>Plain text and source</summary><pre>' + esc(m.text) + '</pre><a href="/messages/' + id + '/raw" target="_blank">raw source</a></details>';
  refresh();
}
document.getElementById('clear').onclick = async () => { await fetch('/messages', { method: 'DELETE' }); selected = null; document.getElementById('view').innerHTML = '<div class="empty">Select a message.</div>'; lastIds = 'x'; refresh(); };
refresh(); setInterval(refresh, 2000);
</script></body></html>`;
