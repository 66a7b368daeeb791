// Printing for the merchant command: steps, results, the one-time secret, tables. Everything goes
// to the given streams (stdout for results, stderr for the failure line); nothing is written to a
// file, so a secret shown here exists only on the operator's screen.

const MARK = { ok: '✓', fail: '✗', warn: '!', info: '·', todo: '→' };

export class Output {
	constructor({ stdout = process.stdout, stderr = process.stderr } = {}) {
		this.stdout = stdout;
		this.stderr = stderr;
	}

	line(text = '') {
		this.stdout.write(`${text}\n`);
	}

	heading(text) {
		this.line();
		this.line(text);
	}

	/** One result line: kind is ok, fail, warn, info or todo. */
	item(kind, text, indent = 2) {
		const lines = String(text).split('\n');
		this.line(`${' '.repeat(indent)}${MARK[kind] ?? '·'} ${lines[0]}`);
		for (const rest of lines.slice(1)) this.line(`${' '.repeat(indent + 2)}${rest}`);
	}

	ok(text) {
		this.item('ok', text);
	}

	info(text) {
		this.item('info', text);
	}

	warn(text) {
		this.item('warn', text);
	}

	fail(text) {
		this.item('fail', text);
	}

	todo(text) {
		this.item('todo', text);
	}

	/** A secret, framed and labelled, once. */
	secret(label, value, note) {
		const rule = '─'.repeat(Math.max(label.length, value.length) + 4);
		this.line();
		this.line(`┌${rule}┐`);
		this.line(`│  ${label.padEnd(rule.length - 2)}│`);
		this.line(`│  ${value.padEnd(rule.length - 2)}│`);
		this.line(`└${rule}┘`);
		if (note) this.line(note);
	}

	/** Rows of cells, columns padded to the widest cell. */
	table(headers, rows) {
		const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i] ?? '').length)));
		const fmt = (cells) => cells.map((c, i) => String(c ?? '').padEnd(widths[i])).join('  ').trimEnd();
		this.line(fmt(headers));
		this.line(widths.map((w) => '─'.repeat(w)).join('  '));
		for (const r of rows) this.line(fmt(r));
	}

	/** The one-line reason of a failure (stderr). */
	error(text) {
		this.stderr.write(`merchant: ${text}\n`);
	}
}

/** The diagnosis answer ({ok, checks: [{name, ok, status, detail, fix}]}) line by line. */
export function printDiagnosis(out, diagnosis) {
	if (!diagnosis) return;
	if (diagnosis.error) {
		out.fail(`Diagnose did not answer: ${diagnosis.error}`);
		return;
	}
	const checks = Array.isArray(diagnosis.checks) ? diagnosis.checks : [];
	for (const c of checks) {
		const kind = c.status === 'unknown' ? 'warn' : c.ok ? 'ok' : 'fail';
		out.item(kind, `${c.name}: ${c.detail || (c.ok ? 'ok' : 'problem')}${!c.ok && c.fix ? `\n  fix: ${c.fix}` : ''}`, 4);
	}
	if (!checks.length) out.item(diagnosis.ok ? 'ok' : 'fail', JSON.stringify(diagnosis).slice(0, 300), 4);
}

/** "ok" or the names of the failing checks. */
export function diagnosisVerdict(diagnosis) {
	if (!diagnosis) return '—';
	if (diagnosis.error) return `no answer (${diagnosis.error.slice(0, 60)})`;
	const failing = (diagnosis.checks ?? []).filter((c) => !c.ok).map((c) => c.name);
	if (failing.length) return failing.join(', ');
	return diagnosis.ok === false ? (diagnosis.problems ?? []).join('; ').slice(0, 80) || 'problem' : 'ok';
}

export function formatBytes(bytes) {
	const units = ['B', 'KiB', 'MiB', 'GiB'];
	let value = bytes;
	let unit = 0;
	while (value >= 1024 && unit < units.length - 1) {
		value /= 1024;
		unit++;
	}
	return `${unit ? value.toFixed(1) : value} ${units[unit]}`;
}

export function formatTime(value) {
	if (!value) return '—';
	const d = new Date(value);
	if (Number.isNaN(d.getTime())) return String(value);
	return d.toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z');
}
