/**
 * What the financial API's `GET /f/data/businesses` answers (time zone, currency and country of
 * each location), as Diagnose and Settings → Check read it. Only the Lightspeed unit and
 * contract tests use it.
 */
import { BUSINESS_ID, LOCATION_ID } from './lightspeedFixtures';

export function financialBusinesses(overrides: { timezone?: string; currencyCode?: string; locationId?: number } = {}) {
	return {
		_embedded: {
			businessList: [
				{
					businessId: BUSINESS_ID,
					businessName: 'Qodeup Demo Bistro',
					currencyCode: overrides.currencyCode ?? 'EUR',
					businessLocations: [
						{ blID: overrides.locationId ?? LOCATION_ID, blName: 'Centre', country: 'FR', timezone: overrides.timezone ?? 'Europe/Paris' },
						{ blID: 45454565682156, blName: 'Harbour', country: 'FR', timezone: 'Europe/Paris' },
					],
				},
			],
		},
		page: { size: 1000, totalElements: 1, totalPages: 1, number: 0 },
	};
}
