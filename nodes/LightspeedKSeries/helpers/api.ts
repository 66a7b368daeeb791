import type { IDataObject } from 'n8n-workflow';

import { lightspeedApiRequest, LIGHTSPEED_CREDENTIAL } from '../transport';
import type { LightspeedContext } from '../transport';
import { isRecord, normaliseCheck } from './checks';
import type { NormalisedCheck } from './checks';

/** Lightspeed reads shared by operations, load-options methods and diagnose. */

export interface Business extends IDataObject {
	businessId: number;
	name: string;
	locations: Array<{ businessLocationId: number; name: string }>;
}

export interface PaymentMethod extends IDataObject {
	name: string;
	code: string;
	pmId: number | null;
	accountingReference: string | null;
}

export interface StaffMember extends IDataObject {
	staffId: number;
	name: string;
	username: string | null;
	firstName: string | null;
	lastName: string | null;
	active: boolean;
}

export interface Floorplan extends IDataObject {
	floorplanId: string;
	name: string;
	tables: FloorTable[];
}

export interface FloorTable extends IDataObject {
	tableNumber: number;
	name: string | null;
	id: string | null;
	reference: string | null;
	active: boolean;
	defaultClientCount: number | null;
}

export interface Readiness extends IDataObject {
	status: string | null;
	ready: boolean;
	lastUpdatedAt: string | null;
	paymentApiEnabled: boolean;
	orderProfileId: number | null;
	staffId: number | null;
	salesPeriod: string | null;
	acceptingOnlineOrders: boolean;
	availableDevices: boolean;
	raw: IDataObject;
}

function toNumber(value: unknown): number | null {
	if (value === undefined || value === null || value === '') return null;
	const number = Number(value);
	return Number.isFinite(number) ? number : null;
}

function toText(value: unknown): string | null {
	if (value === undefined || value === null) return null;
	return String(value);
}

export async function fetchBusinesses(this: LightspeedContext, itemIndex?: number): Promise<Business[]> {
	const response = await lightspeedApiRequest.call(this, 'GET', '/o/op/data/businesses', { itemIndex });
	const list = Array.isArray(response) ? response : [];
	return list.filter(isRecord).map((business) => ({
		businessId: Number(business.id),
		name: String(business.name ?? ''),
		locations: (Array.isArray(business.businessLocations) ? business.businessLocations : [])
			.filter(isRecord)
			.map((location) => ({ businessLocationId: Number(location.id), name: String(location.name ?? '') })),
	}));
}

export async function fetchPaymentMethods(
	this: LightspeedContext,
	businessLocationId: number,
	itemIndex?: number,
): Promise<PaymentMethod[]> {
	const response = await lightspeedApiRequest.call(this, 'GET', `/f/finance/${businessLocationId}/paymentMethods`, {
		itemIndex,
	});
	let list: unknown[] = [];
	if (isRecord(response) && isRecord(response._embedded) && Array.isArray(response._embedded.paymentMethodList)) {
		list = response._embedded.paymentMethodList;
	} else if (Array.isArray(response)) {
		list = response;
	}
	return list.filter(isRecord).map((method) => ({
		name: String(method.name ?? ''),
		code: String(method.code ?? ''),
		pmId: toNumber(method.pmId),
		accountingReference: toText(method.accountingReference),
	}));
}

const STAFF_PAGE_SIZE = 100;
const STAFF_MAX_PAGES = 50;

export async function fetchStaff(
	this: LightspeedContext,
	businessLocationId: number,
	itemIndex?: number,
): Promise<StaffMember[]> {
	const staff: StaffMember[] = [];
	for (let page = 1; page <= STAFF_MAX_PAGES; page++) {
		const response = await lightspeedApiRequest.call(
			this,
			'GET',
			`/staff/v1/businessLocations/${businessLocationId}/userTypes/POS`,
			{ qs: { page, size: STAFF_PAGE_SIZE }, itemIndex },
		);
		const data = isRecord(response) && isRecord(response.data) ? response.data : {};
		const list = Array.isArray(data.staff) ? data.staff : [];
		for (const member of list.filter(isRecord)) {
			const firstName = toText(member.firstName);
			const lastName = toText(member.lastName);
			const username = toText(member.username);
			const fullName = [firstName, lastName].filter(Boolean).join(' ');
			staff.push({
				staffId: Number(member.staffId),
				name: fullName || username || String(member.staffId),
				username,
				firstName,
				lastName,
				active: member.active !== false,
			});
		}
		const pageInfo = isRecord(response) && isRecord(response.page) ? response.page : {};
		const totalPages = toNumber(pageInfo.totalPages);
		if (totalPages === null || page >= totalPages || list.length === 0) break;
	}
	return staff;
}

function normaliseFloorplans(response: unknown): Floorplan[] {
	const list = Array.isArray(response) ? response : [];
	return list.filter(isRecord).map((floorplan) => ({
		floorplanId: String(floorplan.id ?? ''),
		name: String(floorplan.name ?? ''),
		tables: (Array.isArray(floorplan.tables) ? floorplan.tables : []).filter(isRecord).map((table) => ({
			tableNumber: Number(table.number),
			name: toText(table.description),
			id: toText(table.id),
			reference: toText(table.reference),
			active: table.active !== false,
			defaultClientCount: toNumber(table.defaultClientCount),
		})),
	}));
}

export async function fetchFloorplans(
	this: LightspeedContext,
	businessLocationId: number,
	itemIndex?: number,
): Promise<Floorplan[]> {
	const response = await lightspeedApiRequest.call(this, 'GET', `/o/op/data/${businessLocationId}/floorplans`, {
		qs: { expandTables: true },
		itemIndex,
	});
	return normaliseFloorplans(response);
}

/** Floorplans rarely change: kept in module memory per credential + location, for the cache time, at most 2000 entries (oldest out). */
const floorplanCache = new Map<string, { expiresAt: number; floorplans: Floorplan[] }>();
const FLOORPLAN_CACHE_MAX = 2000;
// Reads under way, so that lookups arriving together after an expiry share one read.
const floorplanReads = new Map<string, Promise<Floorplan[]>>();

export function clearFloorplanCache(): void {
	floorplanCache.clear();
	floorplanReads.clear();
}

function credentialKey(context: LightspeedContext): string {
	const credential = context.getNode().credentials?.[LIGHTSPEED_CREDENTIAL];
	return credential?.id ?? credential?.name ?? 'default';
}

export async function fetchFloorplansCached(
	this: LightspeedContext,
	businessLocationId: number,
	cacheSeconds: number,
	itemIndex?: number,
): Promise<{ floorplans: Floorplan[]; fromCache: boolean }> {
	const key = `${credentialKey(this)}:${businessLocationId}`;
	if (cacheSeconds <= 0) {
		floorplanCache.delete(key);
		return { floorplans: await fetchFloorplans.call(this, businessLocationId, itemIndex), fromCache: false };
	}
	const hit = floorplanCache.get(key);
	if (hit && hit.expiresAt > Date.now()) return { floorplans: hit.floorplans, fromCache: true };
	const pending = floorplanReads.get(key);
	if (pending) return { floorplans: await pending, fromCache: true };
	const read = fetchFloorplans.call(this, businessLocationId, itemIndex);
	floorplanReads.set(key, read);
	try {
		const floorplans = await read;
		floorplanCache.delete(key);
		floorplanCache.set(key, { expiresAt: Date.now() + cacheSeconds * 1000, floorplans });
		if (floorplanCache.size > FLOORPLAN_CACHE_MAX) floorplanCache.delete(floorplanCache.keys().next().value as string);
		return { floorplans, fromCache: false };
	} finally {
		// A failed read is not shared beyond the lookups already waiting: the next one tries again.
		if (floorplanReads.get(key) === read) floorplanReads.delete(key);
	}
}

/** Every open check of the location (today, last 15 h — a Lightspeed limit). */
export async function fetchOpenChecks(
	this: LightspeedContext,
	businessLocationId: number,
	itemIndex?: number,
): Promise<NormalisedCheck[]> {
	const response = await lightspeedApiRequest.call(this, 'GET', '/o/op/1/order/table/getCheck', {
		qs: { businessLocationId },
		itemIndex,
	});
	const list = Array.isArray(response) ? response : [];
	return list.filter(isRecord).map(normaliseCheck).filter((check) => !check.closed);
}

/** Every open check on one table, from the all-checks call (the per-table call returns only the oldest). */
export async function fetchOpenChecksOnTable(
	this: LightspeedContext,
	businessLocationId: number,
	tableNumber: number,
	itemIndex?: number,
): Promise<NormalisedCheck[]> {
	const checks = await fetchOpenChecks.call(this, businessLocationId, itemIndex);
	return checks.filter((check) => check.tableNumber === tableNumber);
}

export async function fetchCheck(
	this: LightspeedContext,
	businessLocationId: number,
	checkId: string,
	itemIndex?: number,
): Promise<NormalisedCheck> {
	const response = await lightspeedApiRequest.call(
		this,
		'GET',
		`/o/op/1/order/accounts/${encodeURIComponent(checkId)}`,
		{ qs: { businessLocationId }, itemIndex },
	);
	return normaliseCheck(response);
}

export async function fetchReadiness(
	this: LightspeedContext,
	businessLocationId: number,
	itemIndex?: number,
): Promise<Readiness> {
	const response = await lightspeedApiRequest.call(this, 'GET', '/o/op/1/onlineOrderReadiness', {
		qs: { businessLocationId },
		itemIndex,
	});
	const raw: IDataObject = isRecord(response) ? (response as IDataObject) : {};
	const config = isRecord(raw.onlineOrderingApiConfiguration) ? raw.onlineOrderingApiConfiguration : {};
	const pos = isRecord(raw.posStatus) ? raw.posStatus : {};
	const status = toText(raw.status);
	return {
		status,
		ready: status === 'READY',
		lastUpdatedAt: toText(raw.lastUpdatedAt),
		paymentApiEnabled: config.enabled === true,
		orderProfileId: toNumber(config.orderProfileId),
		staffId: toNumber(config.staffId),
		salesPeriod: toText(pos.salesPeriod),
		acceptingOnlineOrders: pos.acceptingOnlineOrders === true,
		availableDevices: pos.availableDevices === true,
		raw,
	};
}

export interface LocationFacts extends IDataObject {
	businessLocationId: number;
	name: string | null;
	timezone: string | null;
	currency: string | null;
	country: string | null;
}

/** Time zone, currency and country of a location (financial API: `/f/data/businesses`). */
export async function fetchLocationFacts(
	this: LightspeedContext,
	businessLocationId: number,
	itemIndex?: number,
): Promise<LocationFacts | undefined> {
	const response = await lightspeedApiRequest.call(this, 'GET', '/f/data/businesses', { qs: { page: 0, size: 1000 }, itemIndex });
	const embedded = isRecord(response) && isRecord(response._embedded) ? response._embedded : {};
	const businesses = Array.isArray(embedded.businessList) ? embedded.businessList.filter(isRecord) : [];
	for (const business of businesses) {
		const locations = Array.isArray(business.businessLocations) ? business.businessLocations.filter(isRecord) : [];
		const location = locations.find((entry) => Number(entry.blID) === businessLocationId);
		if (location) {
			return {
				businessLocationId,
				name: toText(location.blName),
				timezone: toText(location.timezone),
				currency: toText(business.currencyCode),
				country: toText(location.country),
			};
		}
	}
	return undefined;
}

/** The business locations a webhook endpoint is linked to. */
export async function fetchEndpointLocations(
	this: LightspeedContext,
	endpointId: string,
	itemIndex?: number,
): Promise<number[]> {
	const response = await lightspeedApiRequest.call(
		this,
		'GET',
		`/o/wh/1/webhook/${encodeURIComponent(endpointId)}/business-locations`,
		{ itemIndex },
	);
	const list = Array.isArray(response) ? response.filter(isRecord) : [];
	return list.map((link) => Number(link.businessLocationId ?? link.id)).filter((id) => Number.isFinite(id));
}
