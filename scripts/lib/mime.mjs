// A small MIME parser for what nodemailer (n8n's Send Email node) produces: headers with
// folding and RFC 2047 encoded words, multipart/* (nested), quoted-printable and base64
// transfer encodings, utf-8 / latin1 charsets. Enough to read test and demo mails.

function decodeBytes(buf, charset = 'utf-8') {
	try {
		return new TextDecoder(charset.toLowerCase().replace(/^"|"$/g, '')).decode(buf);
	} catch {
		return new TextDecoder('utf-8').decode(buf);
	}
}

export function decodeQuotedPrintable(input) {
	const s = input.replace(/=\r?\n/g, '');
	const bytes = [];
	for (let i = 0; i < s.length; i++) {
		const c = s[i];
		if (c === '=' && /^[0-9A-Fa-f]{2}$/.test(s.slice(i + 1, i + 3))) {
			bytes.push(parseInt(s.slice(i + 1, i + 3), 16));
			i += 2;
		} else {
			// the raw message is read as latin1, so every char is one byte
			bytes.push(c.charCodeAt(0) & 0xff);
		}
	}
	return Buffer.from(bytes);
}

/** Decodes RFC 2047 encoded words: =?charset?Q|B?text?= (adjacent words join without the space). */
export function decodeEncodedWords(value) {
	return value
		.replace(/(=\?[^?]+\?[QqBb]\?[^?]*\?=)\s+(?==\?[^?]+\?[QqBb]\?[^?]*\?=)/g, '$1')
		.replace(/=\?([^?]+)\?([QqBb])\?([^?]*)\?=/g, (_, charset, enc, text) => {
			const buf =
				enc.toUpperCase() === 'B'
					? Buffer.from(text, 'base64')
					: decodeQuotedPrintable(text.replace(/_/g, ' '));
			return decodeBytes(buf, charset);
		});
}

/** Parses a header block (latin1 string) into [{name, value}] with folded lines joined. */
export function parseHeaderBlock(block) {
	const headers = [];
	for (const line of block.split(/\r?\n/)) {
		if (/^[ \t]/.test(line) && headers.length) headers[headers.length - 1].value += ' ' + line.trim();
		else {
			const i = line.indexOf(':');
			if (i > 0) headers.push({ name: line.slice(0, i).trim().toLowerCase(), value: line.slice(i + 1).trim() });
		}
	}
	return headers;
}

/** Splits `type/sub; a=b; c="d"` into {value, params}. */
export function parseHeaderValue(v = '') {
	const parts = [];
	let cur = '';
	let quoted = false;
	for (const ch of v) {
		if (ch === '"') quoted = !quoted;
		if (ch === ';' && !quoted) {
			parts.push(cur);
			cur = '';
		} else cur += ch;
	}
	parts.push(cur);
	const params = {};
	for (const p of parts.slice(1)) {
		const i = p.indexOf('=');
		if (i > 0) params[p.slice(0, i).trim().toLowerCase()] = p.slice(i + 1).trim().replace(/^"|"$/g, '');
	}
	return { value: parts[0].trim().toLowerCase(), params };
}

function splitHeadBody(raw) {
	const m = /\r?\n\r?\n/.exec(raw);
	if (!m) return { head: raw, body: '' };
	return { head: raw.slice(0, m.index), body: raw.slice(m.index + m[0].length) };
}

function parsePart(raw, out) {
	const { head, body } = splitHeadBody(raw);
	const headers = parseHeaderBlock(head);
	const get = (n) => headers.find((h) => h.name === n)?.value;
	const ct = parseHeaderValue(get('content-type') || 'text/plain; charset=us-ascii');
	const cte = (get('content-transfer-encoding') || '7bit').toLowerCase();
	const disposition = parseHeaderValue(get('content-disposition') || '');
	if (ct.value.startsWith('multipart/') && ct.params.boundary) {
		const b = '--' + ct.params.boundary;
		const sections = body.split(new RegExp(`^${b.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?:--)?[ \\t]*\\r?$`, 'm'));
		// sections[0] is the preamble, the last one the epilogue
		for (const s of sections.slice(1, -1)) parsePart(s.replace(/^\r?\n/, '').replace(/\r?\n$/, ''), out);
		return;
	}
	let bytes;
	if (cte === 'base64') bytes = Buffer.from(body.replace(/[^A-Za-z0-9+/=]/g, ''), 'base64');
	else if (cte === 'quoted-printable') bytes = decodeQuotedPrintable(body);
	else bytes = Buffer.from(body, 'latin1');
	const filename = disposition.params.filename || ct.params.name;
	if (disposition.value === 'attachment' || (filename && !ct.value.startsWith('text/'))) {
		out.attachments.push({ filename: filename ? decodeEncodedWords(filename) : undefined, contentType: ct.value, size: bytes.length });
	} else if (ct.value === 'text/html' && out.html === undefined) {
		out.html = decodeBytes(bytes, ct.params.charset || 'utf-8').replace(/\r\n/g, '\n');
	} else if (ct.value === 'text/plain' && out.text === undefined) {
		out.text = decodeBytes(bytes, ct.params.charset || 'utf-8').replace(/\r\n/g, '\n');
	} else {
		out.attachments.push({ filename, contentType: ct.value, size: bytes.length });
	}
}

function addressList(v) {
	if (!v) return [];
	// split on commas outside quotes and angle brackets
	const out = [];
	let cur = '';
	let q = false;
	let angle = 0;
	for (const ch of v) {
		if (ch === '"') q = !q;
		if (!q && ch === '<') angle++;
		if (!q && ch === '>') angle--;
		if (ch === ',' && !q && angle === 0) {
			out.push(cur);
			cur = '';
		} else cur += ch;
	}
	out.push(cur);
	return out
		.map((s) => s.trim())
		.filter(Boolean)
		.map((s) => {
			const m = /^(.*?)<([^>]+)>$/.exec(s);
			return m ? { name: decodeEncodedWords(m[1].trim().replace(/^"|"$/g, '')), address: m[2].trim() } : { name: '', address: s };
		});
}

function isoDate(v) {
	const d = v ? new Date(v) : null;
	return d && !Number.isNaN(d.getTime()) ? d.toISOString() : null;
}

/**
 * Parses a raw RFC 5322 message (Buffer or latin1 string).
 * → { headers: {name: value}, from, to[], cc[], subject, date, messageId, text, html, attachments[] }
 */
export function parseMessage(raw) {
	const str = Buffer.isBuffer(raw) ? raw.toString('latin1') : raw;
	const { head } = splitHeadBody(str);
	const list = parseHeaderBlock(head);
	const headers = {};
	for (const h of list) if (!(h.name in headers)) headers[h.name] = decodeEncodedWords(h.value);
	const out = { text: undefined, html: undefined, attachments: [] };
	parsePart(str, out);
	return {
		headers,
		from: addressList(list.find((h) => h.name === 'from')?.value)[0] || null,
		to: addressList(list.find((h) => h.name === 'to')?.value),
		cc: addressList(list.find((h) => h.name === 'cc')?.value),
		subject: headers.subject ?? '',
		date: isoDate(headers.date),
		messageId: headers['message-id'] ?? null,
		text: out.text ?? '',
		html: out.html ?? '',
		attachments: out.attachments,
	};
}
