/**
 * The small HTML kit of the emails and pages this package sends: escaping, one-line text for
 * subjects, safe links, and one look (a card with a title, a details table, paragraphs and a
 * button). Every value that is not ours goes through `escapeHtml`.
 */

const HTML_ESCAPES: Record<string, string> = {
	'&': '&amp;',
	'<': '&lt;',
	'>': '&gt;',
	'"': '&quot;',
	"'": '&#39;',
	'`': '&#96;',
};

/** Escapes text for HTML element content and quoted attribute values alike. */
export function escapeHtml(value: unknown): string {
	const text = value === undefined || value === null ? '' : String(value);
	return text.replace(/[&<>"'`]/g, (character) => HTML_ESCAPES[character]);
}

/** Subject lines and table cells stay on one line (no header injection) and short. */
export function oneLine(value: string, max: number): string {
	const cleaned = value.replace(/[\u0000-\u001f\u007f-\u009f]+/g, ' ').replace(/\s+/g, ' ').trim();
	return cleaned.length > max ? `${cleaned.slice(0, max - 1)}…` : cleaned;
}

/** Only http(s) links are ever written into an email or a page. */
export function safeLink(value: string | undefined | null): string | null {
	if (!value) return null;
	try {
		const url = new URL(value.trim());
		return url.protocol === 'https:' || url.protocol === 'http:' ? url.toString() : null;
	} catch {
		return null;
	}
}

/** Anything that looks like a token never goes into an email or a page. */
export function redact(value: string): string {
	return value
		.replace(/(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/gi, '$1 [redacted]')
		.replace(/(access_token|refresh_token|client_secret)(["'=:\s]+)[^"'&\s,}]+/gi, '$1$2[redacted]');
}

export type Block =
	| { kind: 'p'; text: string; muted?: boolean }
	| { kind: 'h2'; text: string }
	| { kind: 'details'; rows: Array<[string, string]> }
	| { kind: 'button'; label: string; href: string }
	| { kind: 'list'; items: Array<{ text: string; href?: string; linkLabel?: string }> }
	| { kind: 'form'; action: string; fields: Record<string, string>; label: string };

export interface Document {
	title: string;
	/** red for failures, green for good news, grey otherwise */
	tone: 'bad' | 'good' | 'neutral';
	blocks: Block[];
	footer: string;
}

const TONE = { bad: '#b00020', good: '#0f7b3f', neutral: '#1d2433' };

function renderBlock(block: Block): string {
	switch (block.kind) {
		case 'p':
			return `<p style="line-height:1.5;margin:0 0 12px${block.muted ? ';color:#5b6475;font-size:13px' : ''}">${escapeHtml(block.text)}</p>`;
		case 'h2':
			return `<h2 style="font-size:16px;margin:20px 0 8px">${escapeHtml(block.text)}</h2>`;
		case 'details':
			return (
				'<table style="border-collapse:collapse;margin:12px 0">' +
				block.rows
					.map(
						([label, value]) =>
							`<tr><td style="padding:4px 16px 4px 0;color:#5b6475;vertical-align:top">${escapeHtml(label)}</td><td style="padding:4px 0;word-break:break-all"><strong>${escapeHtml(value)}</strong></td></tr>`,
					)
					.join('') +
				'</table>'
			);
		case 'button':
			return `<p style="margin:20px 0"><a href="${escapeHtml(block.href)}" style="background:#0f8b7e;color:#ffffff;padding:12px 24px;border-radius:6px;text-decoration:none;font-weight:bold;display:inline-block">${escapeHtml(block.label)}</a></p>`;
		case 'list':
			return (
				'<ul style="padding-left:20px;line-height:1.6">' +
				block.items
					.map(
						(item) =>
							`<li>${escapeHtml(item.text)}${item.href ? ` — <a href="${escapeHtml(item.href)}">${escapeHtml(item.linkLabel ?? 'open')}</a>` : ''}</li>`,
					)
					.join('') +
				'</ul>'
			);
		case 'form':
			// a plain HTML form: works without JavaScript; only this POST acts
			return (
				`<form method="post" action="${escapeHtml(block.action)}" style="margin:20px 0">` +
				Object.entries(block.fields)
					.map(([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`)
					.join('') +
				`<button type="submit" style="background:#0f8b7e;color:#ffffff;padding:12px 24px;border:0;border-radius:6px;font-weight:bold;font-size:15px;cursor:pointer">${escapeHtml(block.label)}</button></form>`
			);
	}
}

/** The HTML of an email or a page. */
export function renderHtml(doc: Document): string {
	return [
		'<!DOCTYPE html>',
		'<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">',
		`<title>${escapeHtml(doc.title)}</title></head>`,
		'<body style="font-family:system-ui,-apple-system,Segoe UI,Roboto,Arial,sans-serif;background:#f6f7f9;color:#1d2433;margin:0;padding:24px 12px">',
		'<div style="max-width:600px;margin:0 auto;background:#ffffff;border:1px solid #dde1e8;border-radius:10px;padding:24px">',
		`<h1 style="font-size:20px;margin:0 0 14px;color:${TONE[doc.tone]}">${escapeHtml(doc.title)}</h1>`,
		...doc.blocks.map(renderBlock),
		`<p style="color:#5b6475;font-size:12px;margin-top:24px">${escapeHtml(doc.footer)}</p>`,
		'</div></body></html>',
	].join('\n');
}

/** The plain-text twin of the same document. */
export function renderText(doc: Document): string {
	const lines: string[] = [doc.title, ''];
	for (const block of doc.blocks) {
		switch (block.kind) {
			case 'p':
				lines.push(block.text, '');
				break;
			case 'h2':
				lines.push(block.text.toUpperCase());
				break;
			case 'details':
				for (const [label, value] of block.rows) lines.push(`${label}: ${value}`);
				lines.push('');
				break;
			case 'button':
				lines.push(`${block.label}: ${block.href}`, '');
				break;
			case 'list':
				for (const item of block.items) lines.push(`- ${item.text}${item.href ? `: ${item.href}` : ''}`);
				lines.push('');
				break;
			case 'form':
				lines.push(`(${block.label})`, '');
				break;
		}
	}
	lines.push(doc.footer);
	return lines.join('\n');
}
