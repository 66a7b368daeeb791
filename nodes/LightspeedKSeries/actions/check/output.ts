import type { IDataObject } from 'n8n-workflow';

import { formatMinor, parseLightspeedAmount, sumMinor } from '../../../shared/money';
import type { NormalisedCheck } from '../../helpers/checks';

/** One item per check, or one `{checks, count, remaining}` item. */
export function checksOutput(
	checks: NormalisedCheck[],
	output: string,
	extra: IDataObject,
): IDataObject | IDataObject[] {
	if (output !== 'single') return checks;
	const remaining = sumMinor(checks.map((check) => parseLightspeedAmount(check.remaining)));
	return { ...extra, count: checks.length, remaining: formatMinor(remaining), checks };
}
