import type { PlannedEmail } from './sweep';

/**
 * Emails a sweep of this n8n process handed to the mail node, by what they are about (table, row,
 * kind), for `leaseMs`. The sweeper fires every few seconds whatever the previous sweep is
 * doing; until that sweep has sent its emails and written that it did, the rows still say an
 * email is owed, and a sweep on top of it would send the same email again (with a new retry
 * link, making the first one dead). An email whose send failed is planned again after the lease.
 * Bound: at most 2000 entries (oldest dropped first), each kept `leaseMs`.
 */
const MAX_ENTRIES = 2000;
const plannedAt = new Map<string, number>();

function keysOf(email: PlannedEmail): string[] {
	return email.marks.map((mark) => `${email.integrationId}\n${mark.table}\n${String(mark.columns.id ?? mark.columns.integrationId ?? '')}\n${email.kind}`);
}

/** The emails that no sweep of this process planned in the last `leaseMs`; notes them as planned. */
export function emailsDue(emails: PlannedEmail[], now: number, leaseMs: number): PlannedEmail[] {
	const due: PlannedEmail[] = [];
	for (const email of emails) {
		const keys = keysOf(email);
		const taken = keys.some((key) => {
			const at = plannedAt.get(key);
			return at !== undefined && now - at < leaseMs && now >= at;
		});
		if (taken) continue;
		for (const key of keys) {
			plannedAt.delete(key);
			plannedAt.set(key, now);
			if (plannedAt.size > MAX_ENTRIES) plannedAt.delete(plannedAt.keys().next().value as string);
		}
		due.push(email);
	}
	return due;
}
