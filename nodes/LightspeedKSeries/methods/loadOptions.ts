import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { fetchBusinesses, fetchPaymentMethods, fetchStaff } from '../helpers/api';
import { parseId } from '../helpers/params';
import { lightspeedErrorDetails } from '../transport';

/** Dropdowns load from Lightspeed and show Lightspeed's error when the call fails. */

function loadError(context: ILoadOptionsFunctions, what: string, error: unknown): NodeOperationError {
	const details = lightspeedErrorDetails(error);
	const message = error instanceof Error ? error.message : String(error);
	const description = (error as { description?: unknown } | null)?.description;
	return new NodeOperationError(context.getNode(), `Could not load ${what} from Lightspeed: ${message}`, {
		description: [
			typeof description === 'string' ? description : '',
			details ? `(${details.errorCode}${details.httpStatus ? `, HTTP ${details.httpStatus}` : ''})` : '',
		]
			.filter(Boolean)
			.join(' '),
	});
}

function currentLocationId(context: ILoadOptionsFunctions, what: string): number {
	const value = context.getCurrentNodeParameter('businessLocationId', { extractValue: true });
	const id = parseId(value);
	if (id === undefined) {
		throw new NodeOperationError(context.getNode(), `Choose a business location first to load ${what}`);
	}
	return id;
}

export async function getBusinesses(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	try {
		const businesses = await fetchBusinesses.call(this);
		return businesses.map((business) => ({ name: business.name, value: business.businessId }));
	} catch (error) {
		throw loadError(this, 'the businesses', error);
	}
}

export async function getBusinessLocations(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	try {
		const businesses = await fetchBusinesses.call(this);
		return businesses.flatMap((business) =>
			business.locations.map((location) => ({
				name: businesses.length > 1 ? `${business.name} — ${location.name}` : location.name,
				value: location.businessLocationId,
				description: `ID ${location.businessLocationId}`,
			})),
		);
	} catch (error) {
		throw loadError(this, 'the business locations', error);
	}
}

export async function getPaymentMethods(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const businessLocationId = currentLocationId(this, 'the payment methods');
	try {
		const methods = await fetchPaymentMethods.call(this, businessLocationId);
		return methods.map((method) => ({
			name: `${method.name} (${method.code})`,
			value: method.code,
		}));
	} catch (error) {
		throw loadError(this, 'the payment methods', error);
	}
}

export async function getStaff(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const businessLocationId = currentLocationId(this, 'the staff');
	try {
		const staff = await fetchStaff.call(this, businessLocationId);
		return staff.map((member) => ({
			name: member.active ? member.name : `${member.name} (deactivated)`,
			value: member.staffId,
			description: `ID ${member.staffId}`,
		}));
	} catch (error) {
		const details = lightspeedErrorDetails(error);
		const hint =
			details?.httpStatus === 403 || details?.httpStatus === 401
				? ' Listing staff needs the staff-api scope: tick "Include Staff Scope" on the credential and reconnect.'
				: '';
		const wrapped = loadError(this, 'the staff', error);
		wrapped.description = `${wrapped.description ?? ''}${hint}`.trim();
		throw wrapped;
	}
}
