/**
 * A moment as the restaurant reads it: in the location's own time zone (from Lightspeed), or,
 * when Lightspeed did not give one, in n8n's time zone — and the text says which.
 */
export function describeLocalTime(atMs: number, locationZone: string, instanceZone: string): string {
	const date = new Date(atMs);
	if (!Number.isFinite(atMs) || Number.isNaN(date.getTime())) return 'unknown time';
	const format = (zone: string) =>
		new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeStyle: 'short', timeZone: zone }).format(date);
	if (isTimeZone(locationZone)) return `${format(locationZone)} (${locationZone})`;
	const zone = isTimeZone(instanceZone) ? instanceZone : 'UTC';
	return `${format(zone)} (${zone}, n8n's time zone: Lightspeed did not give the location's)`;
}

export function isTimeZone(zone: string | undefined | null): zone is string {
	if (!zone) return false;
	try {
		new Intl.DateTimeFormat('en-GB', { timeZone: zone });
		return true;
	} catch {
		return false;
	}
}
