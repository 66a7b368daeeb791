import { explainFailure } from '../../shared/failureReasons';
import type { FailureCode } from '../../shared/failureReasons';
import { formatMinor, parseAmountInput } from '../../shared/money';
import { escapeHtml } from './escapeHtml';

/**
 * The email a merchant gets when Lightspeed refused or lost a Qodeup payment: what failed,
 * why in plain words, how to fix it, and a "Retry payment" button when retrying can help.
 * Every value is escaped in the HTML; the only link is the retry link itself.
 */

export interface FailureEmailInput {
	integrationName: string;
	notificationEmails: string | string[];
	paymentId: string;
	tableNumber: string | number | null;
	checkId: string;
	amount: string | number;
	tipAmount: string | number;
	method: string;
	currency: string;
	occurredAt: string;
	errorCode: string;
	reason: string;
	retryUrl: string;
	timeZone: string;
}

export interface FailureEmail {
	to: string[];
	toHeader: string;
	invalidAddresses: string[];
	subject: string;
	html: string;
	text: string;
	errorCode: FailureCode;
	title: string;
	retryable: boolean;
	retryButton: boolean;
}

export type FailureEmailResult = { ok: true; email: FailureEmail } | { ok: false; message: string };

/** Codes where pressing "Retry payment" cannot help; the email still explains them. */
const NOT_RETRYABLE: ReadonlySet<FailureCode> = new Set<FailureCode>([
	'ACCOUNT_ALREADY_CLOSED',
	'ACCOUNT_NOT_FOUND',
	'AMOUNT_EXCEEDS_REMAINING',
	'MULTIPLE_OPEN_CHECKS',
	'REFERENCE_ALREADY_USED',
]);

export function isRetryableFailure(code: FailureCode): boolean {
	return !NOT_RETRYABLE.has(code);
}

const EMAIL = /^[^\s@,;<>()"]+@[^\s@,;<>()"]+\.[^\s@,;<>()"]+$/;

export function parseEmailList(value: string | string[]): { valid: string[]; invalid: string[] } {
	const parts = (Array.isArray(value) ? value.map(String) : String(value ?? '').split(/[,;\n]/))
		.map((part) => part.trim())
		.filter(Boolean);
	const valid: string[] = [];
	const invalid: string[] = [];
	const seen = new Set<string>();
	for (const part of parts) {
		if (part.length > 254 || !EMAIL.test(part)) {
			invalid.push(part);
			continue;
		}
		const key = part.toLowerCase();
		if (seen.has(key)) continue;
		seen.add(key);
		valid.push(part);
	}
	return { valid, invalid };
}

/** Subject lines must stay on one line (no header injection) and reasonably short. */
function oneLine(value: string, max: number): string {
	const cleaned = value.replace(/[\u0000-\u001f\u007f-\u009f]+/g, ' ').replace(/\s+/g, ' ').trim();
	return cleaned.length > max ? `${cleaned.slice(0, max - 1)}…` : cleaned;
}

function money(value: string | number, allowZero: boolean): string {
	try {
		return formatMinor(parseAmountInput(value, 'amount', { allowZero }));
	} catch {
		// Never lose the email over a badly formatted amount: show what we were given.
		return String(value ?? '');
	}
}

function describeTime(occurredAt: string, timeZone: string): string {
	const date = new Date(occurredAt);
	if (!occurredAt || Number.isNaN(date.getTime())) return occurredAt || 'unknown time';
	const format = (zone: string) =>
		new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeStyle: 'short', timeZone: zone }).format(date);
	try {
		return `${format(timeZone)} (${timeZone})`;
	} catch {
		return `${format('UTC')} (UTC)`;
	}
}

function methodName(method: string): string {
	if (method === 'card') return 'Card';
	if (method === 'voucher') return 'Voucher';
	return method || 'unknown';
}

/** Only http(s) links become a button; anything else (javascript:, data:) is dropped. */
function safeLink(value: string): string | null {
	try {
		const url = new URL(value.trim());
		return url.protocol === 'https:' || url.protocol === 'http:' ? url.toString() : null;
	} catch {
		return null;
	}
}

// Anything that looks like a bearer/basic token never goes into an email.
function redact(value: string): string {
	return value.replace(/(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/gi, '$1 [redacted]');
}

export function composeFailureEmail(input: FailureEmailInput): FailureEmailResult {
	const { valid, invalid } = parseEmailList(input.notificationEmails);
	if (valid.length === 0) {
		return {
			ok: false,
			message: invalid.length
				? `No valid notification email address (refused: ${invalid.join(', ')})`
				: 'No notification email address is set',
		};
	}
	const explanation = explainFailure(input.errorCode);
	const retryable = isRetryableFailure(explanation.code);
	const link = input.retryUrl ? safeLink(input.retryUrl) : null;
	const retryButton = retryable && link !== null;
	const currency = oneLine(input.currency || 'EUR', 8);
	const amount = `${money(input.amount, false)} ${currency}`;
	const tip = `${money(input.tipAmount === '' || input.tipAmount === undefined ? '0' : input.tipAmount, true)} ${currency}`;
	const table = input.tableNumber === null || input.tableNumber === undefined ? '' : String(input.tableNumber).trim();
	const where = table ? `table ${table}` : input.checkId ? `check ${input.checkId}` : `payment ${input.paymentId}`;
	const restaurant = input.integrationName || 'Qodeup × Lightspeed';
	const when = describeTime(input.occurredAt, input.timeZone || 'UTC');
	const reason = redact(input.reason || '');

	const subject = oneLine(`[${restaurant}] Payment not booked on ${where} (${amount}): ${explanation.title}`, 200);

	const rows: Array<[string, string]> = [
		['Restaurant', restaurant],
		['Table', table || '—'],
		['Check', input.checkId || '—'],
		['Amount', amount],
		['Tip', tip],
		['Method', methodName(input.method)],
		['Time', when],
		['Qodeup payment ID', input.paymentId || '—'],
		['Error code', explanation.code],
	];

	const retryHtml = retryButton
		? `<p style="margin:24px 0"><a href="${escapeHtml(link)}" style="background:#0F8B7E;color:#ffffff;padding:12px 24px;border-radius:6px;text-decoration:none;font-weight:bold;display:inline-block">Retry payment</a></p>` +
			'<p style="color:#555555;font-size:13px">The button sends the payment to Lightspeed again, once. Fix the cause above first.</p>'
		: `<p style="color:#555555">${escapeHtml(
				retryable
					? 'No retry link is available for this payment; retry it from n8n or book it on the register.'
					: 'Retrying cannot help here, so this email has no retry button.',
			)}</p>`;

	const html = [
		'<!DOCTYPE html>',
		'<html><head><meta charset="utf-8"><title>',
		escapeHtml(subject),
		'</title></head>',
		'<body style="font-family:Arial,Helvetica,sans-serif;color:#1a1a1a;max-width:640px;margin:0 auto;padding:16px">',
		`<h1 style="font-size:20px;color:#b00020">${escapeHtml(explanation.title)}</h1>`,
		`<p>A Qodeup payment on <strong>${escapeHtml(where)}</strong> could not be booked in Lightspeed.</p>`,
		'<table style="border-collapse:collapse;margin:16px 0">',
		...rows.map(
			([label, value]) =>
				`<tr><td style="padding:4px 16px 4px 0;color:#555555">${escapeHtml(label)}</td><td style="padding:4px 0"><strong>${escapeHtml(value)}</strong></td></tr>`,
		),
		'</table>',
		'<h2 style="font-size:16px">Why</h2>',
		`<p>${escapeHtml(explanation.why)}</p>`,
		'<h2 style="font-size:16px">How to fix it</h2>',
		`<p>${escapeHtml(explanation.fix)}</p>`,
		retryHtml,
		reason ? `<p style="color:#555555;font-size:13px">Lightspeed said: ${escapeHtml(reason)}</p>` : '',
		'</body></html>',
	].join('\n');

	const text = [
		explanation.title,
		'',
		`A Qodeup payment on ${where} could not be booked in Lightspeed.`,
		'',
		...rows.map(([label, value]) => `${label}: ${value}`),
		'',
		`Why: ${explanation.why}`,
		'',
		`How to fix it: ${explanation.fix}`,
		'',
		retryButton
			? `Retry payment (works once, fix the cause first): ${link}`
			: retryable
				? 'No retry link is available for this payment; retry it from n8n or book it on the register.'
				: 'Retrying cannot help here, so this email has no retry link.',
		...(reason ? ['', `Lightspeed said: ${reason}`] : []),
	].join('\n');

	return {
		ok: true,
		email: {
			to: valid,
			toHeader: valid.join(', '),
			invalidAddresses: invalid,
			subject,
			html,
			text,
			errorCode: explanation.code,
			title: explanation.title,
			retryable,
			retryButton,
		},
	};
}
