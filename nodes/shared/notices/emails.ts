import { explainFailure, explainOrderFailure } from '../failureReasons';
import type { FailureExplanation } from '../failureReasons';
import { text } from '../ledgers';
import type { LedgerRow } from '../ledgers';
import { formatMoney } from '../money';
import { recordedOrder } from '../orders';
import type { OrderRequest } from '../orders';
import { rowPayment } from '../payments';
import type { RowPayment } from '../payments';
import { renderHtml, renderText, oneLine, redact, safeLink } from './html';
import type { Block, Document } from './html';
import { describeLocalTime } from './time';

/**
 * The emails a restaurant (and its operator) gets, each built from the ledger row it is about
 * and the restaurant's row: failed payment (one per cause, with the fix for that cause),
 * payment that landed after all, failed order, order taken after all, lost connection (once per outage), connection
 * back (with the payments to retry), and the storage warning for the operator.
 * Links in them only show a page; acting needs a press of a button on that page (a POST).
 */

export interface Restaurant {
	integrationId: string;
	name: string;
	notificationEmails: string;
	timezone: string;
	currency: string;
}

export interface Email {
	to: string[];
	subject: string;
	html: string;
	text: string;
}

const EMAIL = /^[^\s@,;<>()"]+@[^\s@,;<>()"]+\.[^\s@,;<>()"]+$/;

/** Comma (or ; or newline) separated addresses → the valid ones, without repeats. */
export function parseEmailList(value: string | string[] | undefined | null): { valid: string[]; invalid: string[] } {
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
		if (seen.has(part.toLowerCase())) continue;
		seen.add(part.toLowerCase());
		valid.push(part);
	}
	return { valid, invalid };
}

/** Where a payment was made, as the emails name it: its table, else its check. */
function placeOf(payment: RowPayment): string {
	return payment.tableNumber ? `table ${payment.tableNumber}` : payment.checkId ? `check ${payment.checkId}` : 'a table';
}

const methodName = (method: string) => (method === 'card' ? 'Card' : method === 'voucher' ? 'Voucher' : method || '—');

function footer(restaurant: Restaurant): string {
	return `Qodeup × Lightspeed · ${restaurant.name || restaurant.integrationId} (integration ${restaurant.integrationId})`;
}

function build(restaurant: Restaurant, to: string[], subject: string, doc: Omit<Document, 'footer'>): Email {
	const full: Document = { ...doc, footer: footer(restaurant) };
	return { to, subject: oneLine(subject, 200), html: renderHtml(full), text: renderText(full) };
}

function recipients(restaurant: Restaurant): string[] {
	return parseEmailList(restaurant.notificationEmails).valid;
}

function retryBlocks(explanation: FailureExplanation, retryUrl: string | null, thing: 'payment' | 'order'): Block[] {
	const link = safeLink(retryUrl);
	if (!explanation.retryable) {
		return [{ kind: 'p', text: `Retrying cannot help here, so this email has no retry link.`, muted: true }];
	}
	if (!link) return [{ kind: 'p', text: `No retry link could be made for this ${thing}.`, muted: true }];
	return [
		{ kind: 'button', label: `Open the ${thing} to retry it`, href: link },
		{
			kind: 'p',
			text: `Fix the cause first. Then open the link and press "Retry now" on the page: opening the link changes nothing, only that button sends the ${thing} again (once).`,
			muted: true,
		},
	];
}

/** A payment Lightspeed refused or lost: what, why, the fix for that cause, and the retry link. */
export function paymentFailureEmail(
	restaurant: Restaurant,
	row: LedgerRow,
	retryUrl: string | null,
	instanceZone: string,
): Email {
	const explanation = explainFailure(text(row, 'errorCode'));
	const payment = rowPayment(row);
	const where = placeOf(payment);
	const amount = formatMoney(payment.amount, restaurant.currency);
	const when = describeLocalTime(Date.parse(text(row, 'createdAt')) || Number(row.settledAtMs) || Date.now(), restaurant.timezone, instanceZone);
	const said = redact(text(row, 'errorText'));
	return build(restaurant, recipients(restaurant), `[${restaurant.name}] Payment not booked on ${where} (${amount}): ${explanation.title}`, {
		title: explanation.title,
		tone: 'bad',
		blocks: [
			{ kind: 'p', text: `A Qodeup payment on ${where} could not be booked in Lightspeed.` },
			{
				kind: 'details',
				rows: [
					['Restaurant', restaurant.name || restaurant.integrationId],
					['Table', payment.tableNumber || '—'],
					['Check', payment.checkId || '—'],
					['Amount', amount],
					['Tip', formatMoney(payment.tipAmount, restaurant.currency)],
					['Method', methodName(payment.method)],
					['Time', when],
					['Qodeup payment ID', payment.paymentId],
					['Error code', explanation.code],
				],
			},
			{ kind: 'h2', text: 'Why' },
			{ kind: 'p', text: explanation.why },
			{ kind: 'h2', text: 'How to fix it' },
			{ kind: 'p', text: explanation.fix },
			...retryBlocks(explanation, retryUrl, 'payment'),
			...(said ? [{ kind: 'p' as const, text: `Lightspeed said: ${said}`, muted: true }] : []),
		],
	});
}

/** A payment reported failed earlier that Lightspeed booked after all (a late success wins). */
export function paymentResolvedEmail(restaurant: Restaurant, row: LedgerRow, instanceZone: string): Email {
	const payment = rowPayment(row);
	const amount = formatMoney(payment.amount, restaurant.currency);
	const where = placeOf(payment);
	return build(restaurant, recipients(restaurant), `[${restaurant.name}] Payment on ${where} (${amount}) was booked after all`, {
		title: 'The payment was booked after all',
		tone: 'good',
		blocks: [
			{
				kind: 'p',
				text: `We told you this payment had failed. Lightspeed has since confirmed it: it is on the check. Do not retry it or book it by hand.`,
			},
			{
				kind: 'details',
				rows: [
					['Table', payment.tableNumber || '—'],
					['Check', payment.checkId || '—'],
					['Amount', amount],
					['Qodeup payment ID', payment.paymentId],
					['Confirmed', describeLocalTime(Number(row.settledAtMs) || Date.now(), restaurant.timezone, instanceZone)],
				],
			},
		],
	});
}

/** An order reported failed earlier (often: no outcome in time) that Lightspeed took after all. */
export function orderResolvedEmail(restaurant: Restaurant, row: LedgerRow, instanceZone: string): Email {
	const order = orderSummary(row);
	return build(restaurant, recipients(restaurant), `[${restaurant.name}] ${order.place} order was taken after all`, {
		title: 'The order was taken after all',
		tone: 'good',
		blocks: [
			{
				kind: 'p',
				text: `We told you this order had not been taken. Lightspeed has since confirmed it: the register has it. Do not send it again or enter it by hand.`,
			},
			{
				kind: 'details',
				rows: [
					['Order', order.place],
					['Items', order.itemsText || '—'],
					['Qodeup order ID', order.orderId],
					['Confirmed', describeLocalTime(Number(row.settledAtMs) || Date.now(), restaurant.timezone, instanceZone)],
				],
			},
		],
	});
}

export interface OrderSummary {
	orderId: string;
	mode: string;
	tableNumber: string;
	checkId: string;
	items: Array<{ sku: string; quantity: number }>;
	customerName: string;
	paymentAmount: string;
	/** "eat-in, table 9" */
	place: string;
	/** "2 × BURGER, 1 × COLA" */
	itemsText: string;
}

/** The order recorded in a row of the order ledger (its `request` column), as emails and pages show it. */
export function orderSummary(row: LedgerRow): OrderSummary {
	const request: Partial<Omit<OrderRequest, 'orderId'>> = recordedOrder(row) ?? {};
	const items = Array.isArray(request.items) ? request.items.map((item) => ({ sku: String(item.sku ?? ''), quantity: Number(item.quantity) || 0 })) : [];
	const customer = (request.customer ?? {}) as { firstName?: string; lastName?: string };
	const mode = text(row, 'mode') || String(request.mode ?? '');
	const tableNumber = text(row, 'tableNumber') || (request.tableNumber == null ? '' : String(request.tableNumber));
	return {
		orderId: text(row, 'orderId'),
		mode,
		tableNumber,
		checkId: text(row, 'checkId') || (request.checkId == null ? '' : String(request.checkId)),
		items,
		customerName: [customer.firstName, customer.lastName].filter(Boolean).join(' '),
		paymentAmount: request.payment && request.payment.amount ? String(request.payment.amount) : '',
		place: `${mode || '—'}${tableNumber ? `, table ${tableNumber}` : ''}`,
		itemsText: items.map((item) => `${item.quantity} × ${item.sku}`).join(', '),
	};
}

/** An order the register refused or never took. */
export function orderFailureEmail(
	restaurant: Restaurant,
	row: LedgerRow,
	retryUrl: string | null,
	instanceZone: string,
): Email {
	const said = redact(text(row, 'errorText'));
	const explanation = explainOrderFailure(text(row, 'errorCode'), said);
	const order = orderSummary(row);
	const where = order.mode === 'to-go' ? 'to-go order' : order.tableNumber ? `order for table ${order.tableNumber}` : 'order';
	return build(restaurant, recipients(restaurant), `[${restaurant.name}] ${where} not taken by Lightspeed: ${explanation.title}`, {
		title: explanation.title,
		tone: 'bad',
		blocks: [
			{ kind: 'p', text: `A Qodeup ${where} did not reach the kitchen: Lightspeed did not take it.` },
			{
				kind: 'details',
				rows: [
					['Restaurant', restaurant.name || restaurant.integrationId],
					['Order', order.place],
					['Items', order.itemsText || '—'],
					['Guest', order.customerName || '—'],
					...(order.paymentAmount ? ([['Paid with the order', formatMoney(order.paymentAmount, restaurant.currency)]] as Array<[string, string]>) : []),
					['Time', describeLocalTime(Date.parse(text(row, 'createdAt')) || Date.now(), restaurant.timezone, instanceZone)],
					['Qodeup order ID', order.orderId],
					['Error code', explanation.code],
				],
			},
			{ kind: 'h2', text: 'Why' },
			{ kind: 'p', text: explanation.why },
			{ kind: 'h2', text: 'How to fix it' },
			{ kind: 'p', text: explanation.fix },
			...retryBlocks(explanation, retryUrl, 'order'),
			...(said ? [{ kind: 'p' as const, text: `Lightspeed said: ${said}`, muted: true }] : []),
		],
	});
}

/** Once per outage: Lightspeed refused to renew the connection; where to press Connect. */
export function reconnectEmail(
	restaurant: Restaurant,
	waiting: { payments: number; orders: number },
	connectUrl: string | null,
	lostAtMs: number,
	instanceZone: string,
): Email {
	const explanation = explainFailure('LIGHTSPEED_DISCONNECTED');
	const link = safeLink(connectUrl);
	const count = waiting.payments + waiting.orders;
	const what = [
		waiting.payments ? `${waiting.payments} payment${waiting.payments === 1 ? '' : 's'}` : '',
		waiting.orders ? `${waiting.orders} order${waiting.orders === 1 ? '' : 's'}` : '',
	]
		.filter(Boolean)
		.join(' and ');
	return build(
		restaurant,
		recipients(restaurant),
		`[${restaurant.name}] Reconnect Lightspeed: ${count ? `${what} waiting` : 'the connection is lost'}`,
		{
			title: 'Reconnect Lightspeed',
			tone: 'bad',
			blocks: [
				{ kind: 'p', text: `n8n can no longer reach Lightspeed for ${restaurant.name || restaurant.integrationId}. ${explanation.why}` },
				{
					kind: 'details',
					rows: [
						['Since', describeLocalTime(lostAtMs, restaurant.timezone, instanceZone)],
						['Waiting', count ? what : 'nothing yet'],
					],
				},
				{ kind: 'h2', text: 'What to do' },
				{ kind: 'p', text: explanation.fix },
				...(link ? [{ kind: 'button' as const, label: 'Open the Lightspeed credential in n8n', href: link }] : []),
				{
					kind: 'p',
					text: 'Until then Qodeup guests cannot pay at the table. You get this email once for this outage, and one more with a retry link for each waiting payment as soon as the connection works again.',
					muted: true,
				},
			],
		},
	);
}

/** The connection works again: the payments and orders that failed meanwhile, each with its retry link. */
export function reconnectedEmail(
	restaurant: Restaurant,
	waiting: Array<{ row: LedgerRow; kind: 'payment' | 'order'; retryUrl: string | null }>,
): Email {
	const items = waiting.map(({ row, kind, retryUrl }) => {
		if (kind === 'payment') {
			const payment = rowPayment(row);
			return {
				text: `Payment ${formatMoney(payment.amount, restaurant.currency)} on ${placeOf(payment)} (${payment.paymentId})`,
				href: safeLink(retryUrl) ?? undefined,
				linkLabel: 'open to retry',
			};
		}
		const order = orderSummary(row);
		return {
			text: `Order ${order.orderId} (${order.place})`,
			href: safeLink(retryUrl) ?? undefined,
			linkLabel: 'open to retry',
		};
	});
	return build(
		restaurant,
		recipients(restaurant),
		`[${restaurant.name}] Lightspeed is connected again: ${waiting.length} to retry`,
		{
			title: 'Lightspeed is connected again',
			tone: 'good',
			blocks: [
				{ kind: 'p', text: 'The connection to Lightspeed works again. These failed while it was lost and are not on the register:' },
				{ kind: 'list', items },
				{
					kind: 'p',
					text: 'Check each on the register first (staff may have booked it by hand meanwhile). Then open its link and press "Retry now": opening a link changes nothing.',
					muted: true,
				},
			],
		},
	);
}

/** For the operator: the Data tables are close to n8n's size limit (or at it). */
export function storageWarningEmail(
	operatorEmails: string,
	fleetName: string,
	usedBytes: number,
	limitBytes: number,
): Email {
	const percent = Math.round((usedBytes / limitBytes) * 100);
	const mib = (bytes: number) => `${(bytes / 1048576).toFixed(1)} MiB`;
	const full = usedBytes >= limitBytes;
	const restaurant: Restaurant = { integrationId: 'fleet', name: fleetName, notificationEmails: operatorEmails, timezone: '', currency: '' };
	return build(
		restaurant,
		recipients(restaurant),
		`[${fleetName}] n8n Data tables ${full ? 'are full' : `at ${percent}% of their limit`}`,
		{
			title: full ? 'Payments are being refused: the Data tables are full' : 'The Data tables are filling up',
			tone: full ? 'bad' : 'neutral',
			blocks: [
				{
					kind: 'p',
					text: `The ledgers of this n8n use about ${mib(usedBytes)} of the ${mib(limitBytes)} n8n allows for all Data tables together (N8N_DATA_TABLES_MAX_SIZE_BYTES). At the limit n8n refuses every new row, and payments are refused with LEDGER_FULL.`,
				},
				{
					kind: 'p',
					text: 'Lower the days kept (retention) for the fleet or the busiest restaurants, or raise N8N_DATA_TABLES_MAX_SIZE_BYTES and restart n8n.',
				},
			],
		},
	);
}

