'use strict';
// Renders internal state in Lightspeed's shapes: the Order & Pay account snapshot
// (apeAccountSnapshot, amounts as decimal strings like the official examples), the Back
// Office RTN account (API doc §8.3, plain numbers and epoch ms) and the admin view.

const { formatCents, centsToNumber, netOfTax } = require('./money');

// Lightspeed's timestamp style: 2021-12-21T13:24:49.265+0000
function lsDate(ms) {
	return new Date(ms).toISOString().replace('Z', '+0000');
}

function salesEntry(line) {
	const unit = formatCents(line.unitCents);
	return {
		id: line.id,
		uuid: line.uuid,
		itemName: line.name,
		itemSku: line.sku,
		unitAmount: unit,
		quantity: line.quantity,
		modifiers: line.modifiers,
		amountWithTax: formatCents(line.amountCents),
		amountLessTax: formatCents(netOfTax(line.amountCents, line.taxRateBp)),
		discountedAmount: formatCents(line.discountCents || 0), // what the discount took off
		grossUnitAmount: unit,
		timeOfTransactionUtc: lsDate(line.at),
		active: true,
		subLineItems: [],
		taxIncluded: true,
	};
}

function paymentEntry(p) {
	const entry = {
		paymentMethodDescription: p.methodName,
		paymentMethodCode: p.methodCode,
		amountPaid: formatCents(p.amountCents),
		paymentDate: lsDate(p.at),
		active: true,
	};
	if (p.reference) entry.externalReference = p.reference;
	return entry;
}

// expand.transactions / expand.payments mirror the webhook endpoint's expandTransactions /
// expandPayments flags; the REST check endpoints always expand both.
function snapshot(store, check, expand = { transactions: true, payments: true }) {
	const t = store.totals(check);
	const s = {
		clientCount: check.clientCount,
		uuid: check.uuid,
		openDate: lsDate(check.openedAt),
		paidAmount: formatCents(t.paid),
		serviceCharge: formatCents(check.serviceChargeCents),
		name: check.name,
		currentAmount: formatCents(t.current),
		staffName: check.staffName,
		staffId: check.staffId,
	};
	if (check.closedAt) s.closeDate = lsDate(check.closedAt);
	if (expand.transactions) s.salesEntries = check.lines.map(salesEntry);
	if (expand.payments) s.paymentEntries = check.payments.map(paymentEntry);
	s.ikaccountId = check.accountIdentifier;
	if (check.tableNumber !== null) s.tableNumber = check.tableNumber;
	s.posId = check.posId;
	return s;
}

function rtnAccount(store, check) {
	const loc = store.location(check.businessLocationId);
	const { currencyCode } = store.businessOf(check.businessLocationId);
	const t = store.totals(check);
	const net = check.lines.reduce((s, l) => s + netOfTax(l.amountCents, l.taxRateBp), 0);
	const tips = check.payments.reduce((s, p) => s + p.tipCents, 0);
	const refs = check.orderReference
		? [{ prefix: 'TASK', reference: `OO-${check.businessLocationId}-${check.orderReference}` }]
		: [];
	return {
		id: check.numericId,
		uuid: check.uuid,
		businessLocationId: check.businessLocationId,
		name: check.name,
		accountNumber: check.accountIdentifier,
		currencyCode,
		deviceId: check.posId,
		deviceName: loc.deviceName,
		staffId: check.staffId,
		staffName: check.staffName,
		openDate: check.openedAt,
		closeDate: check.closedAt,
		paidAmount: centsToNumber(t.paid),
		totalAmount: centsToNumber(t.current),
		coverCount: check.clientCount,
		gratuityAmount: centsToNumber(tips),
		receiptNumber: null,
		cancelled: false,
		accountProfileCode: check.kind === 'toGo' ? 'TOGOORDER' : 'LOCALORDER',
		transactionLines: check.lines.map((l) => ({
			id: l.id,
			parentLineId: null,
			accountId: check.numericId,
			amount: centsToNumber(l.amountCents),
			unitAmount: centsToNumber(l.unitCents),
			quantity: l.quantity,
			staffId: check.staffId,
			itemDescription: l.name,
			itemSku: l.sku,
			date: l.at,
			active: true,
			deviceId: check.posId,
			activeTax: { code: 'VAT10', description: 'VAT 10%', rate: 1 + l.taxRateBp / 10000, taxIncluded: true },
			subLines: [],
			discounts: [],
		})),
		paymentLines: check.payments.map((p) => ({
			id: p.id,
			accountId: check.numericId,
			currencyCode,
			gratuityAmount: centsToNumber(p.tipCents),
			amount: centsToNumber(p.amountCents),
			staffId: p.staffId,
			date: p.at,
			active: true,
			paymentMethod: p.methodCode,
			paymentMethodDescription: p.methodName,
			deviceId: p.deviceId,
			deviceName: loc.deviceName,
			externalReference: p.reference,
		})),
		discounts: [],
		externalReferences: refs,
		latestExternalReferences: refs,
		currentProductionPhase: 0,
		paymentInProgress: false,
		taxAmount: centsToNumber(t.current - check.serviceChargeCents - net),
		preTaxAmount: centsToNumber(net),
		serviceCharge: centsToNumber(check.serviceChargeCents),
		orderMode: check.kind === 'table' ? 'TABLE' : check.kind === 'toGo' ? 'ONLINE' : 'LOCAL_ORDER',
		tableNumber: check.tableNumber,
		tableName: check.tableNumber === null ? null : `Table ${check.tableNumber}`,
		originAccountId: null,
		originAccountNumber: null,
		type: 'SALE',
		updateDate: check.updatedAt,
		totalDiscount: centsToNumber(check.lines.reduce((s, l) => s + (l.discountCents || 0), 0)),
		status: check.closedAt ? 'closed' : 'open',
	};
}

// Admin / floor view: the normalised check of docs/contracts.md plus location and status.
function adminCheck(store, check) {
	const t = store.totals(check);
	return {
		checkId: check.accountIdentifier,
		uuid: check.uuid,
		businessLocationId: check.businessLocationId,
		kind: check.kind,
		name: check.name,
		tableNumber: check.tableNumber,
		clientCount: check.clientCount,
		status: check.closedAt ? 'closed' : 'open',
		openDate: lsDate(check.openedAt),
		closeDate: check.closedAt ? lsDate(check.closedAt) : null,
		currentAmount: formatCents(t.current),
		paidAmount: formatCents(t.paid),
		remaining: formatCents(t.remaining),
		serviceCharge: formatCents(check.serviceChargeCents),
		staffId: check.staffId,
		staffName: check.staffName,
		posId: check.posId,
		orderReference: check.orderReference,
		endpointIds: [...new Set([...check.subscribers.values()].map((x) => x.endpointId))],
		lines: check.lines.map((l) => ({
			sku: l.sku, name: l.name, quantity: l.quantity,
			unitAmount: formatCents(l.unitCents), amount: formatCents(l.amountCents),
		})),
		payments: check.payments.map((p) => ({
			reference: p.reference, methodCode: p.methodCode, methodName: p.methodName,
			amount: formatCents(p.amountCents), tipAmount: formatCents(p.tipCents),
			staffId: p.staffId, source: p.source, date: lsDate(p.at),
		})),
	};
}

// active: the seeded flag, unless a fault (inactiveTables) switched the table off.
function table(t, active = t.active) {
	return {
		number: t.number, reference: t.reference, id: t.id, active,
		description: t.description, defaultClientCount: t.defaultClientCount,
	};
}

module.exports = { lsDate, snapshot, rtnAccount, adminCheck, table };
