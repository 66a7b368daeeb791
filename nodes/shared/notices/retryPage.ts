import { explainFailure, explainOrderFailure } from '../failureReasons';
import { millis, text } from '../ledgers';
import type { LedgerRow } from '../ledgers';
import { formatMoney } from '../money';
import { rowPayment } from '../payments';
import { orderSummary } from './emails';
import { renderHtml } from './html';
import type { Block } from './html';
import { describeLocalTime } from './time';

/**
 * The page behind a retry link. Opening it (GET or HEAD, as mail scanners and link previews do)
 * only shows what a retry would do; the "Retry now" button on it posts the form, and only that
 * POST acts — once. The page works without JavaScript and says plainly when the link is
 * unknown (changed, or replaced by a newer email), expired or already used.
 */

export type RetryLinkState = 'unknown' | 'expired' | 'used' | 'nothingToDo' | 'ready';

export interface RetryPageInput {
	kind: 'payment' | 'order';
	/** The ledger row the token belongs to, or undefined when no row has it. */
	row: LedgerRow | undefined;
	token: string;
	/** 'show' for GET/HEAD; 'acted' right after the POST that retried. */
	mode: 'show' | 'acted';
	restaurantName: string;
	timezone: string;
	instanceZone: string;
	currency: string;
	now: number;
}

export interface RetryPage {
	state: RetryLinkState | 'done';
	statusCode: number;
	html: string;
}

/** What a retry link can still do, from its ledger row. */
export function retryLinkState(row: LedgerRow | undefined, now: number): RetryLinkState {
	if (!row || !text(row, 'retryToken')) return 'unknown';
	if (millis(row, 'retryUsedAtMs') > 0) return 'used';
	if (millis(row, 'retryExpiresAtMs') > 0 && now >= millis(row, 'retryExpiresAtMs')) return 'expired';
	return text(row, 'status') === 'failed' ? 'ready' : 'nothingToDo';
}

function what(input: RetryPageInput, row: LedgerRow): { title: string; rows: Array<[string, string]>; why: string; fix: string } {
	const failedAt = describeLocalTime(millis(row, 'settledAtMs') || millis(row, 'updatedAt'), input.timezone, input.instanceZone);
	if (input.kind === 'order') {
		const order = orderSummary(row);
		const explanation = explainOrderFailure(text(row, 'errorCode'), text(row, 'errorText'));
		return {
			title: `Order ${order.orderId}`,
			rows: [
				['Restaurant', input.restaurantName],
				['Order', order.place],
				['Items', order.itemsText || '—'],
				['Failed', failedAt],
				['Why', explanation.title],
			],
			why: explanation.why,
			fix: explanation.fix,
		};
	}
	const payment = rowPayment(row);
	const explanation = explainFailure(text(row, 'errorCode'));
	return {
		title: `Payment ${payment.paymentId}`,
		rows: [
			['Restaurant', input.restaurantName],
			['Table', payment.tableNumber || '—'],
			['Check', payment.checkId || '—'],
			['Amount', formatMoney(payment.amount, input.currency)],
			['Tip', formatMoney(payment.tipAmount, input.currency)],
			['Failed', failedAt],
			['Why', explanation.title],
		],
		why: explanation.why,
		fix: explanation.fix,
	};
}

function outcomeText(kind: 'payment' | 'order', row: LedgerRow): { title: string; text: string; good: boolean } {
	const status = text(row, 'status');
	const thing = kind === 'payment' ? 'payment' : 'order';
	if (status === 'applied' || status === 'accepted' || status === 'closed') {
		return { title: `The ${thing} is on the register`, text: `It is booked; nothing was sent twice.`, good: true };
	}
	if (status === 'sent') {
		return {
			title: `The ${thing} was sent to Lightspeed again`,
			text: `The register confirms it in a moment. If it fails again you get a new email.`,
			good: true,
		};
	}
	if (status === 'received') {
		return {
			title: 'Lightspeed could not be reached just now',
			text: `The ${thing} is kept and sent automatically as soon as Lightspeed answers; nothing to do.`,
			good: false,
		};
	}
	const why = kind === 'payment' ? explainFailure(text(row, 'errorCode')) : explainOrderFailure(text(row, 'errorCode'), text(row, 'errorText'));
	return {
		title: `The ${thing} failed again: ${why.title}`,
		text: `${why.why} ${why.fix}`,
		good: false,
	};
}

export function renderRetryPage(input: RetryPageInput): RetryPage {
	const thing = input.kind;
	const footer = `Qodeup × Lightspeed · ${input.restaurantName}`;
	const page = (state: RetryPage['state'], statusCode: number, title: string, tone: 'bad' | 'good' | 'neutral', blocks: Block[]): RetryPage => ({
		state,
		statusCode,
		html: renderHtml({ title, tone, blocks, footer }),
	});
	const row = input.row;
	if (input.mode === 'acted') {
		if (!row) {
			// the claim found nothing: another press of the same button got there first
			return page('used', 200, 'This link was already used', 'neutral', [
				{ kind: 'p', text: `Another press of "Retry now" was handled first; nothing was sent twice. Open the link again to see what happened to the ${thing}.` },
			]);
		}
		const outcome = outcomeText(thing, row);
		return page('done', 200, outcome.title, outcome.good ? 'good' : 'bad', [{ kind: 'p', text: outcome.text }]);
	}
	const state = retryLinkState(row, input.now);
	if (state === 'unknown' || !row) {
		return page('unknown', 404, 'This link is not valid', 'bad', [
			{ kind: 'p', text: `No ${thing} matches this link: it was changed or cut short, or a newer email about the same ${thing} replaced it.` },
			{ kind: 'p', text: 'Use the link from the most recent email.', muted: true },
		]);
	}
	const details = what(input, row);
	if (state === 'expired') {
		return page('expired', 410, 'This link has expired', 'bad', [
			{ kind: 'p', text: `The link expired on ${describeLocalTime(millis(row, 'retryExpiresAtMs'), input.timezone, input.instanceZone)}. Book the ${thing} on the register by hand if it is still due.` },
			{ kind: 'details', rows: details.rows },
		]);
	}
	if (state === 'used') {
		const outcome = outcomeText(thing, row);
		return page('used', 200, 'This link was already used', 'neutral', [
			{ kind: 'p', text: `"Retry now" was pressed on ${describeLocalTime(millis(row, 'retryUsedAtMs'), input.timezone, input.instanceZone)}; a link works once.` },
			{ kind: 'p', text: `Now: ${outcome.title}. ${outcome.text}` },
			{ kind: 'details', rows: details.rows },
		]);
	}
	if (state === 'nothingToDo') {
		const outcome = outcomeText(thing, row);
		return page('nothingToDo', 200, 'Nothing to retry', 'neutral', [
			{ kind: 'p', text: `${outcome.title}. ${outcome.text}` },
			{ kind: 'details', rows: details.rows },
		]);
	}
	return page('ready', 200, `Retry ${details.title}?`, 'neutral', [
		{ kind: 'details', rows: details.rows },
		{ kind: 'p', text: details.why },
		{ kind: 'p', text: `Fix first: ${details.fix}` },
		{ kind: 'form', action: '', fields: { t: input.token }, label: 'Retry now' },
		{ kind: 'p', text: `Pressing "Retry now" sends the ${thing} to Lightspeed again, once. Opening this page changed nothing.`, muted: true },
	]);
}
