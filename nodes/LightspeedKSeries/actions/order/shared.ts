import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { formatMinor, minorToJsonNumber, MoneyError, parseAmountInput } from '../../../shared/money';
import { orderReference } from '../../../shared/orders';
import { isRecord } from '../../helpers/checks';
import { asNodeError } from '../../helpers/errors';
import { readJson, readOptionalId, readOptionalString, readPositiveInteger, readRequiredString } from '../../helpers/params';
import { lightspeedApiRequest, lightspeedErrorDetails } from '../../transport';
import {
	cardPaymentMethodField,
	endpointIdField,
	locationField,
	staffIdField,
	voucherPaymentMethodField,
} from '../common.descriptions';

export const MIN_DELIVERY_MS = 60000;
export const DEFAULT_DELIVERY_MS = 120000;

/** Fields both order operations show (before their own), in display order. */
export const orderCommonFields: INodeProperties[] = [
	locationField,
	{
		displayName: 'Order ID',
		name: 'orderId',
		type: 'string',
		required: true,
		default: '',
		description:
			"Qodeup order ID, sent as Lightspeed's thirdPartyReference (IDs longer than 48 characters are hashed). Sending the same ID twice never creates a second order.",
	},
	endpointIdField,
];

export const orderTrailingFields: INodeProperties[] = [
	{
		displayName: 'Items',
		name: 'items',
		type: 'json',
		required: true,
		default: '[{"sku": "BURGER", "quantity": 1, "modifiers": []}]',
		description: 'Array of {sku, quantity, modifiers?: [modifierId]} (for example the Qodeup trigger\'s order.items)',
	},
	{
		displayName: 'Customer',
		name: 'customer',
		type: 'json',
		default: '{"firstName": "", "lastName": "", "email": "", "phone": ""}',
		description: 'Object {firstName, lastName, email, phone}. An empty first name is sent as "Qodeup guest".',
	},
	{
		displayName: 'Note',
		name: 'note',
		type: 'string',
		default: '',
		description: 'Order note printed on the dockets',
	},
	{
		displayName: 'Payment',
		name: 'payment',
		type: 'json',
		default: 'null',
		description:
			'Optional payment recorded with the order: {amount, tipAmount?, method: "card" | "voucher"}. Null = the order is not paid yet.',
	},
	{
		...cardPaymentMethodField,
		description:
			'Payment method code used when Payment.method is "card". Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
	},
	{
		...voucherPaymentMethodField,
		description:
			'Payment method code used when Payment.method is "voucher". Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
	},
];

export const orderOptionFields: INodeProperties[] = [
	staffIdField,
	{
		displayName: 'Order Profile Code',
		name: 'accountProfileCode',
		type: 'string',
		default: '',
		placeholder: 'TOGOORDER',
		description: 'Lightspeed order profile code (Back Office). Empty = the profile configured for the order API.',
	},
	{
		displayName: 'Delivery Timeout (Ms)',
		name: 'maxTimeToAttemptMs',
		type: 'number',
		typeOptions: { minValue: MIN_DELIVERY_MS },
		default: DEFAULT_DELIVERY_MS,
		description: 'How long Lightspeed tries to deliver the order to a register (at least 60000)',
	},
];

function fail(context: IExecuteFunctions, itemIndex: number, message: string): never {
	throw new NodeOperationError(context.getNode(), message, { itemIndex });
}

export function readItems(context: IExecuteFunctions, itemIndex: number, withCourse: boolean): IDataObject[] {
	const value = readJson(context, 'items', itemIndex, []);
	if (!Array.isArray(value) || value.length === 0) fail(context, itemIndex, 'items must be a non-empty array');
	return value.map((entry, index) => {
		if (!isRecord(entry)) fail(context, itemIndex, `items[${index}] must be an object {sku, quantity}`);
		const sku = typeof entry.sku === 'string' || typeof entry.sku === 'number' ? String(entry.sku).trim() : '';
		if (!sku || sku.length > 25) fail(context, itemIndex, `items[${index}].sku must be 1-25 characters`);
		const quantity = typeof entry.quantity === 'number' ? entry.quantity : Number(entry.quantity ?? 1);
		if (!Number.isSafeInteger(quantity) || quantity < 1 || quantity > 9999) {
			fail(context, itemIndex, `items[${index}].quantity must be a whole number from 1 to 9999`);
		}
		const line: IDataObject = { quantity, sku };
		const modifiers = Array.isArray(entry.modifiers) ? entry.modifiers : [];
		const modifierIds = modifiers.map((modifier, m) => {
			const id = isRecord(modifier) ? modifier.modifierId ?? modifier.id : modifier;
			if ((typeof id !== 'string' && typeof id !== 'number') || String(id).trim() === '') {
				fail(context, itemIndex, `items[${index}].modifiers[${m}] must be a modifier id`);
			}
			return { modifierId: String(id).trim() };
		});
		if (modifierIds.length) line.modifiers = modifierIds;
		if (withCourse && entry.course !== undefined && entry.course !== null) {
			const course = Number(entry.course);
			if (!Number.isSafeInteger(course) || course < 0) fail(context, itemIndex, `items[${index}].course must be ≥ 0`);
			line.course = course;
		}
		return line;
	});
}

export function readCustomer(context: IExecuteFunctions, itemIndex: number): IDataObject {
	const value = readJson(context, 'customer', itemIndex, {});
	const customer = isRecord(value) ? value : {};
	const text = (field: unknown, max: number): string =>
		typeof field === 'string' || typeof field === 'number' ? String(field).trim().slice(0, max) : '';
	const info: IDataObject = { firstName: text(customer.firstName, 128) || 'Qodeup guest' };
	const lastName = text(customer.lastName, 128);
	const email = text(customer.email, 254);
	const phone = text(customer.phone ?? customer.contactNumberAsE164, 32);
	if (lastName) info.lastName = lastName;
	if (email) info.email = email;
	if (phone) info.contactNumberAsE164 = phone;
	return info;
}

export function readOrderPayment(
	context: IExecuteFunctions,
	itemIndex: number,
): { body: IDataObject; totalMinor: number; tipMinor: number } | undefined {
	const value = readJson(context, 'payment', itemIndex, null);
	if (value === null || value === undefined || value === '') return undefined;
	if (!isRecord(value)) fail(context, itemIndex, 'payment must be an object {amount, tipAmount, method} or null');
	let amount: number;
	let tip: number;
	try {
		amount = parseAmountInput(value.amount, 'payment.amount');
		tip = parseAmountInput(value.tipAmount ?? '0', 'payment.tipAmount', { allowZero: true });
	} catch (error) {
		if (error instanceof MoneyError) fail(context, itemIndex, error.message);
		throw asNodeError(context.getNode(), error, itemIndex);
	}
	const method = String(value.method ?? 'card').toLowerCase();
	if (method !== 'card' && method !== 'voucher') fail(context, itemIndex, 'payment.method must be "card" or "voucher"');
	const parameter = method === 'card' ? 'cardPaymentMethod' : 'voucherPaymentMethod';
	const code = readOptionalString(context, parameter, itemIndex);
	if (!code) fail(context, itemIndex, `${parameter} is required when the order carries a ${method} payment`);
	// The order payment object takes the amount INCLUDING the tip (unlike /pay).
	return {
		body: { paymentMethod: code, paymentAmount: minorToJsonNumber(amount + tip), tipAmount: minorToJsonNumber(tip) },
		totalMinor: amount + tip,
		tipMinor: tip,
	};
}

export interface OrderCommon {
	orderId: string;
	reference: string;
	body: IDataObject;
	/** Amount recorded with the order (tip included), two decimals; null when unpaid. */
	paymentAmount: string | null;
	tipAmount: string | null;
}

/** Body fields both order kinds share. */
export function readOrderCommon(
	context: IExecuteFunctions,
	itemIndex: number,
	businessLocationId: number,
	withCourse: boolean,
): OrderCommon {
	const orderId = readRequiredString(context, 'orderId', itemIndex, { maxLength: 200 });
	const reference = orderReference(orderId, 1);
	const endpointId = readRequiredString(context, 'endpointId', itemIndex, { maxLength: 200 });
	const body: IDataObject = {
		businessLocationId,
		thirdPartyReference: reference,
		endpointId,
		customerInfo: readCustomer(context, itemIndex),
		items: readItems(context, itemIndex, withCourse),
		maxTimeToAttemptOrderDeliverToPos: readPositiveInteger(
			context,
			'options.maxTimeToAttemptMs',
			itemIndex,
			DEFAULT_DELIVERY_MS,
			{ min: MIN_DELIVERY_MS, max: 86400000 },
		),
	};
	const note = readOptionalString(context, 'note', itemIndex);
	if (note) body.orderNote = note;
	const staffId = readOptionalId(context, 'options.staffId', itemIndex);
	if (staffId !== undefined) body.staffId = staffId;
	const profile = readOptionalString(context, 'options.accountProfileCode', itemIndex);
	if (profile) body.accountProfileCode = profile;
	const payment = readOrderPayment(context, itemIndex);
	if (payment) body.payment = payment.body;
	return {
		orderId,
		reference,
		body,
		paymentAmount: payment ? formatMinor(payment.totalMinor) : null,
		tipAmount: payment ? formatMinor(payment.tipMinor) : null,
	};
}

/** Sends the order; a reused reference (409) is reported as `alreadySent`, never resent. */
export async function sendOrder(
	context: IExecuteFunctions,
	itemIndex: number,
	path: '/o/op/1/order/local' | '/o/op/1/order/toGo',
	order: OrderCommon,
	extra: IDataObject,
): Promise<IDataObject> {
	const base: IDataObject = {
		orderId: order.orderId,
		thirdPartyReference: order.reference,
		businessLocationId: order.body.businessLocationId as number,
		...extra,
		itemCount: (order.body.items as IDataObject[]).length,
		paymentAmount: order.paymentAmount,
		tipAmount: order.tipAmount,
	};
	try {
		await lightspeedApiRequest.call(context, 'POST', path, { body: order.body, itemIndex });
	} catch (error) {
		const details = lightspeedErrorDetails(error);
		if (details?.errorCode === 'REFERENCE_ALREADY_USED') {
			return {
				status: 'alreadySent',
				...base,
				message: `Lightspeed already received order ${order.reference}; it was not sent again.`,
			};
		}
		throw asNodeError(context.getNode(), error, itemIndex);
	}
	return {
		status: 'sent',
		...base,
		message: 'Sent to Lightspeed; the register confirms it by webhook.',
	};
}
