/**
 * One recovery at a time per restaurant, in this n8n process. The sweeper fires every few
 * seconds whatever the previous sweep is doing; when n8n is busy a recovery can outlast several
 * sweeps, and recoveries started on top of it would read the same rows and the same checks
 * again, making n8n busier still. So:
 *   - a recover operation that finds another one of the same node running skips its turn;
 *   - the sweep asks for a restaurant's recovery only when none of it is running and it did not
 *     ask in the last `spacingMs` (the time a started recovery needs to reach its recover nodes).
 * Bound: one entry per recovery workflow in each map, at most 2000 (oldest dropped first).
 */
const MAX_ENTRIES = 2000;

/**
 * At most this many stuck rows are worked on per recover node run (oldest first); the next sweep
 * takes the rest. A backlog (notifications late under load) then costs each run a bounded time,
 * instead of one run taking minutes of Lightspeed reads and ledger writes while more pile up.
 */
export const RECOVERY_BATCH = 25;
const running = new Map<string, number>();
const askedAt = new Map<string, number>();

function remember(map: Map<string, number>, key: string, value: number): void {
	map.delete(key);
	map.set(key, value);
	if (map.size > MAX_ENTRIES) map.delete(map.keys().next().value as string);
}

/** Runs `work` unless the same recovery node of this workflow is already running here; then `busy`. */
export async function recoveryTurn<T>(workflowId: string, nodeName: string, work: () => Promise<T>, busy: T): Promise<T> {
	const key = `${workflowId}\n${nodeName}`;
	if (running.has(key)) return busy;
	remember(running, key, Date.now());
	try {
		return await work();
	} finally {
		running.delete(key);
	}
}

/** Whether the sweep should start this recovery workflow now (and, if so, notes that it did). */
export function mayStartRecovery(workflowId: string, now: number, spacingMs: number): boolean {
	for (const key of running.keys()) if (key.startsWith(`${workflowId}\n`)) return false;
	const last = askedAt.get(workflowId);
	if (last !== undefined && now - last < spacingMs && now >= last) return false;
	remember(askedAt, workflowId, now);
	return true;
}
