/**
 * Lightspeed notification payloads, copied from the official examples in the API reference
 * (../shared/docs/lightspeed-kseries-api.md §7.1, §7.2, §8.3). RTN UPDATE/CLOSE are the OPEN
 * example with the changes the reference describes (negative amounts, TRANSITORY, closed).
 */

export const paymentSuccess = {
	thirdPartyReference: 'REF11',
	businessLocationId: 247158188015618,
	status: 'SUCCESS',
	ikentooAccountId: '2114502594134196',
	ikentooAccountIdentifier: 'A123080.14',
	type: 'PAYMENT',
};

export const paymentFailureAmountTooHigh = {
	reason: 'the payment amount is greater than the amount due',
	thirdPartyReference: 'REF12212',
	businessLocationId: 141948669832802,
	status: 'FAILURE',
	ikentooAccountIdentifier: 'A78094.73',
	type: 'PAYMENT',
};

export const paymentFailureAccount = {
	reason: 'Account not found',
	thirdPartyReference: 'REF12213',
	businessLocationId: 141948669832802,
	status: 'FAILURE',
	errors: { account: { type: 'ACCOUNT_NOT_FOUND' } },
	type: 'PAYMENT',
};

export const paymentFailureTimeout = {
	thirdPartyReference: 'QD-p1-1',
	businessLocationId: 141948669832802,
	status: 'FAILURE',
	ikentooAccountIdentifier: 'A78094.74',
	errors: { timeout: { errorKey: 'errors.payment.pos.task_timeout', message: 'Not processed before validity ended' } },
	type: 'PAYMENT',
};

export const orderSuccess = {
	status: 'SUCCESS',
	ikentooAccountId: '2114502594134196',
	ikentooAccountIdentifier: 'A123080.14',
	thirdPartyReference: 'REF11',
	type: 'ORDER',
};

export const orderFailure = {
	status: 'FAILURE',
	reason: 'A consumer already exists for this email address with a different external reference.',
	thirdPartyReference: 'REF12212',
};

export function checkWasUpdated(status: 'CHECK_WAS_UPDATED' | 'CLOSED' = 'CHECK_WAS_UPDATED') {
	return {
		thirdPartyReference: 'order-wFUBVgHNGPAJsryIrSaE',
		businessLocationId: 247158188015618,
		status,
		account: {
			clientCount: 2,
			uuid: '5a81c7f4-9e2f-4db2-965d-6946a4f9c25b',
			openDate: '2021-12-21T13:24:49.265+0000',
			paidAmount: '4.00',
			serviceCharge: '0.00',
			name: 'Order NZVV',
			currentAmount: '4.00',
			staffName: 'Manager',
			staffId: 31930,
			salesEntries: [
				{
					id: 304087979524125,
					itemName: 'Appetizer 2',
					itemSku: '21',
					unitAmount: '4.00',
					quantity: 1,
					modifiers: [],
					amountWithTax: '4.00',
					amountLessTax: '3.33',
					discountedAmount: '0.00',
					grossUnitAmount: '4.00',
					active: true,
					taxIncluded: true,
				},
			],
			paymentEntries: [
				{
					paymentMethodDescription: 'API Payment',
					externalReference: '1234567890',
					paymentMethodCode: 'APM',
					amountPaid: '4.00',
					paymentDate: '2021-12-21T13:25:25.082+0000',
					active: true,
				},
			],
			ikaccountId: 'A17700.3',
			tableNumber: 3,
			posId: 17700,
		},
		ikentooAccountId: 304087979524124,
		ikentooAccountIdentifier: 'A17700.3',
		type: 'ORDER',
	};
}

export function rtn(notificationType: 'OPEN' | 'UPDATE' | 'CLOSE') {
	const reversal = notificationType !== 'OPEN';
	const sign = reversal ? -1 : 1;
	return {
		notificationType,
		account: {
			id: 379610684457353,
			uuid: null,
			businessLocationId: 40570261078018,
			name: 'floor plan test, Table 2',
			accountNumber: 'A22096.23',
			currencyCode: 'GBP',
			deviceId: 22096,
			deviceName: 'iPad10',
			staffId: 12025,
			staffName: 'Online Order',
			openDate: 1638473552051,
			closeDate: reversal ? 1638473600000 : null,
			paidAmount: 0,
			totalAmount: 10 * sign,
			coverCount: 2,
			gratuityAmount: 0,
			receiptNumber: null,
			cancelled: false,
			accountProfileCode: 'AAP',
			transactionLines: [
				{
					id: 379610684457354,
					parentLineId: null,
					accountId: 379610684457353,
					amount: 10 * sign,
					unitAmount: 10,
					quantity: sign,
					staffId: 12025,
					itemDescription: 'burger',
					itemId: 40570261078206,
					itemSku: '19',
					accountingGroupId: '40570261078059',
					accountingGroupName: 'Food',
					date: 1638473552052,
					active: true,
					deviceId: 22096,
					activeTax: { code: 'VAT20', description: 'VAT 20%', rate: 1.2, taxIncluded: true },
					subLines: [],
					discounts: [],
					tags: '',
					phase: 0,
					categories: [{ category: 'default', value: '' }],
				},
			],
			paymentLines: [],
			discounts: [],
			externalReferences: [{ prefix: 'TASK', reference: 'OO-40570261078018-TESTtfLreaxzh' }],
			deliveryInformation: {
				deliveryMode: 'LOCAL',
				deliveryState: 'IN_PRODUCTION',
				deliveryOrigin: 'API',
				prepaid: false,
				collectionCode: '',
			},
			consumerRecord: {
				id: 76943,
				consumer: { emailAddress: 'test@email.com' },
				contactInformation: { firstName: 'John', lastName: 'Doe' },
			},
			currentProductionPhase: 0,
			accountObjectId: 40570261078218,
			paymentInProgress: false,
			latestExternalReferences: [{ prefix: 'TASK', reference: 'OO-40570261078018-TESTtfLreaxzh' }],
			taxAmount: 1.6667 * sign,
			preTaxAmount: 8.3333 * sign,
			serviceCharge: 0,
			orderMode: 'DIRECT',
			tableName: 'Table 2',
			accountProfileName: 'API Account Profile',
			accountProfileId: '40570261078214',
			originAccountId: 379610684457348,
			originAccountNumber: 'A22096.22',
			type: reversal ? 'TRANSITORY' : 'SALE',
			updateDate: reversal ? 1638473600001 : 1638473552053,
			offset: -300,
			totalDiscount: 0,
			status: reversal ? 'closed' : 'open',
		},
		event: null,
		retryCounter: 0,
		businessLocationId: 40570261078018,
	};
}
