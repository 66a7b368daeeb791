import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { explainFailure } from '../../../shared/failureReasons';
import type { FailureCode } from '../../../shared/failureReasons';
import { formatMinor, minorToJsonNumber } from '../../../shared/money';
import { buildPaymentReference } from '../../../shared/paymentReference';
import { fetchCheck, fetchOpenChecksOnTable } from '../../helpers/api';
import { asNodeError } from '../../helpers/errors';
import { checkSummary, findPaymentLine, remainingMinor } from '../../helpers/checks';
import type { NormalisedCheck } from '../../helpers/checks';
import {
	readAmount,
	readLocationId,
	readOptionalId,
	readOptionalString,
	readPositiveInteger,
	readRequiredString,
	readTableNumber,
} from '../../helpers/params';
import { lightspeedApiRequest, lightspeedErrorDetails } from '../../transport';
import {
	cardPaymentMethodField,
	endpointIdField,
	locationField,
	staffIdField,
	voucherPaymentMethodField,
} from '../common.descriptions';

export const MIN_TASK_TTL_MS = 60000;
export const DEFAULT_TASK_TTL_MS = 120000;

/** Lightspeed answers that are the merchant's business, output as `refused` rather than thrown. */
const REFUSAL_CODES = new Set<FailureCode>([
	'ACCOUNT_NOT_FOUND',
	'ACCOUNT_ALREADY_CLOSED',
	'PAYMENT_API_DISABLED',
	'PAYMENT_METHOD_NOT_FOUND',
	'STAFF_NOT_FOUND',
	'MISSING_STAFF',
	'OVERPAID',
	'NATIVE_PAYMENT_NOT_SUPPORTED',
]);

const properties: INodeProperties[] = [
	locationField,
	{
		displayName: 'Payment ID',
		name: 'paymentId',
		type: 'string',
		required: true,
		default: '',
		description: 'Qodeup payment ID. With the attempt it gives the Lightspeed reference, so a resend can never apply twice.',
	},
	{
		displayName: 'Attempt',
		name: 'attempt',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: 999 },
		default: 1,
		description: 'Attempt number: 1 for the first send, +1 for each retry from a failure email',
	},
	{
		displayName: 'Check ID',
		name: 'checkId',
		type: 'string',
		default: '',
		placeholder: 'A65315.21',
		description: 'The check to pay. Leave empty to use the only open check of Table Number.',
	},
	{
		displayName: 'Table Number',
		name: 'tableNumber',
		type: 'string',
		default: '',
		description: 'Used when Check ID is empty: the table must have exactly one open check',
	},
	{
		displayName: 'Amount',
		name: 'amount',
		type: 'string',
		required: true,
		default: '',
		placeholder: '20.00',
		description: 'Amount paid, without tip (decimal, at most two decimals)',
	},
	{
		displayName: 'Tip Amount',
		name: 'tipAmount',
		type: 'string',
		default: '0',
		description: 'Tip, sent to Lightspeed as its own field',
	},
	{
		displayName: 'Method',
		name: 'method',
		type: 'options',
		default: 'card',
		options: [
			{ name: 'Card', value: 'card' },
			{ name: 'Voucher', value: 'voucher' },
		],
		description: 'Which of the two configured Lightspeed payment methods to book the payment under',
	},
	cardPaymentMethodField,
	voucherPaymentMethodField,
	{
		displayName: 'In-Flight Amount',
		name: 'inFlightAmount',
		type: 'string',
		default: '0',
		description:
			"Sum of this check's other payments still being processed (sent, no outcome yet); refused when amount > remaining − in-flight",
	},
	endpointIdField,
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				...staffIdField,
				description:
					'Staff account the payment is booked by. Empty = the staff configured for the payment API. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
			},
			{
				displayName: 'Device ID',
				name: 'deviceId',
				type: 'string',
				default: '',
				description: 'POS device that must take the payment. Empty = any register.',
			},
			{
				displayName: 'Task TTL (Ms)',
				name: 'taskTtlMs',
				type: 'number',
				typeOptions: { minValue: MIN_TASK_TTL_MS },
				default: DEFAULT_TASK_TTL_MS,
				description: 'How long Lightspeed tries to deliver the payment to a register (at least 60000)',
			},
		],
	},
];

export const description = updateDisplayOptions({ show: { resource: ['payment'], operation: ['apply'] } }, properties);

interface ApplyInput {
	businessLocationId: number;
	paymentId: string;
	attempt: number;
	checkId?: string;
	tableNumber?: number;
	amountMinor: number;
	tipMinor: number;
	inFlightMinor: number;
	method: 'card' | 'voucher';
	paymentMethodCode?: string;
	endpointId: string;
	staffId?: number;
	deviceId?: number;
	taskTtlMs: number;
}

function readInput(context: IExecuteFunctions, itemIndex: number): ApplyInput {
	const businessLocationId = readLocationId(context, itemIndex);
	const paymentId = readRequiredString(context, 'paymentId', itemIndex, { maxLength: 200 });
	const attempt = readPositiveInteger(context, 'attempt', itemIndex, 1, { min: 1, max: 999 });
	const checkId = readOptionalString(context, 'checkId', itemIndex);
	const tableNumber = readTableNumber(context, 'tableNumber', itemIndex, false);
	if (checkId === undefined && tableNumber === undefined) {
		throw new NodeOperationError(context.getNode(), 'checkId or tableNumber is required', { itemIndex });
	}
	const amountMinor = readAmount(context, 'amount', itemIndex);
	const tipMinor = readAmount(context, 'tipAmount', itemIndex, { allowZero: true, fallback: '0' });
	const inFlightMinor = readAmount(context, 'inFlightAmount', itemIndex, { allowZero: true, fallback: '0' });
	const methodValue = String(context.getNodeParameter('method', itemIndex, 'card')).trim().toLowerCase();
	if (methodValue !== 'card' && methodValue !== 'voucher') {
		throw new NodeOperationError(context.getNode(), `method must be "card" or "voucher", got "${methodValue}"`, {
			itemIndex,
		});
	}
	const method: 'card' | 'voucher' = methodValue;
	const paymentMethodCode = readOptionalString(
		context,
		method === 'card' ? 'cardPaymentMethod' : 'voucherPaymentMethod',
		itemIndex,
	);
	const endpointId = readRequiredString(context, 'endpointId', itemIndex, { maxLength: 200 });
	const staffId = readOptionalId(context, 'options.staffId', itemIndex);
	const deviceId = readOptionalId(context, 'options.deviceId', itemIndex);
	const taskTtlMs = readPositiveInteger(context, 'options.taskTtlMs', itemIndex, DEFAULT_TASK_TTL_MS, {
		min: MIN_TASK_TTL_MS,
		max: 86400000,
	});
	return {
		businessLocationId,
		paymentId,
		attempt,
		checkId,
		tableNumber,
		amountMinor,
		tipMinor,
		inFlightMinor,
		method,
		paymentMethodCode,
		endpointId,
		staffId,
		deviceId,
		taskTtlMs,
	};
}

type Outcome = 'sent' | 'applied' | 'refused';

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const input = readInput(this, itemIndex);
	const reference = buildPaymentReference(input.paymentId, input.attempt);

	let check: NormalisedCheck | undefined;
	const result = (status: Outcome, fields: IDataObject = {}): IDataObject => ({
		status,
		paymentId: input.paymentId,
		reference,
		attempt: input.attempt,
		businessLocationId: input.businessLocationId,
		checkId: check?.checkId ?? input.checkId ?? null,
		tableNumber: check?.tableNumber ?? input.tableNumber ?? null,
		amount: formatMinor(input.amountMinor),
		tipAmount: formatMinor(input.tipMinor),
		method: input.method,
		paymentMethodCode: input.paymentMethodCode ?? null,
		remainingBefore: check ? check.remaining : null,
		alreadySent: false,
		errorCode: null,
		message: '',
		...fields,
	});
	const refuse = (code: FailureCode, message: string, fields: IDataObject = {}): IDataObject => {
		const explanation = explainFailure(code);
		return result('refused', { errorCode: code, message, fix: explanation.fix, ...fields });
	};

	// 1. Re-read the check (the POS is the truth).
	try {
		if (input.checkId !== undefined) {
			check = await fetchCheck.call(this, input.businessLocationId, input.checkId, itemIndex);
		} else {
			const checks = await fetchOpenChecksOnTable.call(
				this,
				input.businessLocationId,
				input.tableNumber as number,
				itemIndex,
			);
			if (checks.length === 0) {
				return refuse('ACCOUNT_NOT_FOUND', `There is no open check on table ${input.tableNumber}.`);
			}
			if (checks.length > 1) {
				const list = checks.map((open) => `${open.checkId} (${open.name ?? 'no name'}, remaining ${open.remaining})`);
				return refuse(
					'MULTIPLE_OPEN_CHECKS',
					`Table ${input.tableNumber} has ${checks.length} open checks: ${list.join(', ')}. The payment must name its check.`,
					{ openChecks: checks.map(checkSummary) },
				);
			}
			check = checks[0];
		}
	} catch (error) {
		const details = lightspeedErrorDetails(error);
		if (details?.errorCode === 'ACCOUNT_NOT_FOUND' || details?.httpStatus === 404) {
			return refuse('ACCOUNT_NOT_FOUND', `Lightspeed has no check ${input.checkId}: ${details.lightspeedMessage}`);
		}
		throw asNodeError(this.getNode(), error, itemIndex);
	}

	// 2. Already on the check under this reference? Then it was applied: never send again.
	if (findPaymentLine(check, [reference])) {
		return result('applied', {
			alreadySent: true,
			message: `A payment with reference ${reference} is already on check ${check.checkId}.`,
		});
	}
	if (check.closed) {
		return refuse('ACCOUNT_ALREADY_CLOSED', `Check ${check.checkId} is already closed.`);
	}
	if (!input.paymentMethodCode) {
		return refuse(
			'PAYMENT_METHOD_NOT_FOUND',
			`No Lightspeed payment method is configured for ${input.method} payments (parameter ${
				input.method === 'card' ? 'cardPaymentMethod' : 'voucherPaymentMethod'
			}).`,
		);
	}

	// 3. Amount check, counting payments still in flight.
	const available = remainingMinor(check) - input.inFlightMinor;
	if (input.amountMinor > available) {
		const remaining = formatMinor(Math.max(available, 0));
		const inFlight = input.inFlightMinor > 0 ? ` (after ${formatMinor(input.inFlightMinor)} still being processed)` : '';
		return refuse(
			'AMOUNT_EXCEEDS_REMAINING',
			`The amount ${formatMinor(input.amountMinor)} is more than the remaining ${remaining} on check ${check.checkId}${inFlight}.`,
			{ remaining },
		);
	}

	// 4. Pay.
	const body: IDataObject = {
		businessLocationId: input.businessLocationId,
		iKaccountIdentifier: check.checkId,
		thirdPartyPaymentReference: reference,
		endpointId: input.endpointId,
		paymentAmount: minorToJsonNumber(input.amountMinor),
		tipAmount: minorToJsonNumber(input.tipMinor),
		paymentMethod: input.paymentMethodCode,
		taskTtlInMs: input.taskTtlMs,
	};
	if (input.staffId !== undefined) body.staffId = input.staffId;
	if (input.deviceId !== undefined) body.deviceId = input.deviceId;

	try {
		await lightspeedApiRequest.call(this, 'POST', '/o/op/1/pay', { body, itemIndex });
	} catch (error) {
		const details = lightspeedErrorDetails(error);
		if (details?.errorCode === 'REFERENCE_ALREADY_USED') {
			// Lightspeed already has this reference: go and look, never send again.
			const reread = await fetchCheck.call(this, input.businessLocationId, check.checkId, itemIndex);
			const line = findPaymentLine(reread, [reference]);
			check = { ...reread, remaining: check.remaining };
			return line
				? result('applied', {
						alreadySent: true,
						message: `Lightspeed already had reference ${reference}; the payment is on check ${reread.checkId}.`,
					})
				: result('sent', {
						alreadySent: true,
						message: `Lightspeed already had reference ${reference}; the payment is not on the check yet (still being delivered to the register).`,
					});
		}
		if (details && REFUSAL_CODES.has(details.errorCode)) {
			return refuse(details.errorCode, `Lightspeed refused the payment: ${details.lightspeedMessage}`, {
				httpStatus: details.httpStatus,
			});
		}
		throw asNodeError(this.getNode(), error, itemIndex);
	}

	return result('sent', {
		message: `Sent to Lightspeed; the register confirms it by webhook (reference ${reference}).`,
	});
}
