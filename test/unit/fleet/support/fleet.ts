import { execFileSync } from 'child_process';
import path from 'path';

/** One call of a scripts/fleet function (see call.mjs). */
export interface Call {
	module: string;
	fn: string;
	args?: unknown[];
}

export type Result<T = unknown> = { value: T; error?: undefined } | { value?: undefined; error: string };

/** Runs the calls in one node process (the fleet scripts are ES modules; jest runs CommonJS). */
export function callFleet(calls: Call[]): Result[] {
	const out = execFileSync(process.execPath, [path.join(__dirname, 'call.mjs')], {
		input: JSON.stringify(calls),
		encoding: 'utf8',
		maxBuffer: 256 * 1024 * 1024,
	});
	return JSON.parse(out) as Result[];
}

/** The value of one call; throws with the script's error. */
export function value<T>(result: Result): T {
	if (result.error !== undefined) throw new Error(result.error);
	return result.value as T;
}
