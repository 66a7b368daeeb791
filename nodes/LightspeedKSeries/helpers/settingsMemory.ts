import type { IDataObject } from 'n8n-workflow';

/**
 * The restaurants' settings rows this n8n process has read or saved lately, so a live payment
 * need not read the restaurants Data table every time (with 16 payments at once, each Data table
 * read waits about half a second behind the other executions' writes).
 * Bound: keyed by integration id; at most 5,000 restaurants (the oldest kept is dropped first);
 * a row counts as fresh for 30 s. Settings → Check keeps a merchant's published change at once,
 * so in one n8n process the next payment uses it; other queue-mode workers within 30 s.
 */
export const SETTINGS_FRESH_MS = 30_000;
export const SETTINGS_MAX_RESTAURANTS = 5_000;

const kept = new Map<string, { row: IDataObject; keptAtMs: number }>();

/** Keeps a restaurant's row ({} = none saved yet, which is also worth knowing). */
export function keepSettings(integrationId: string, row: IDataObject, nowMs = Date.now()): void {
	kept.delete(integrationId); // re-inserted last: the Map's order is the order kept
	kept.set(integrationId, { row, keptAtMs: nowMs });
	while (kept.size > SETTINGS_MAX_RESTAURANTS) {
		const oldest = kept.keys().next().value as string;
		kept.delete(oldest);
	}
}

/** The row kept less than SETTINGS_FRESH_MS ago, or undefined: then read it again. */
export function freshSettings(integrationId: string, nowMs = Date.now()): IDataObject | undefined {
	const entry = kept.get(integrationId);
	return entry && nowMs - entry.keptAtMs < SETTINGS_FRESH_MS ? entry.row : undefined;
}

/**
 * The row kept, however old: a payment that found it fresh a moment ago uses it even if the
 * 30 s ran out in between (what decides freshness is the check before, not this read).
 */
export function keptSettings(integrationId: string): IDataObject | undefined {
	return kept.get(integrationId)?.row;
}

/** For tests: forget every restaurant. */
export function forgetAllSettings(): void {
	kept.clear();
}
