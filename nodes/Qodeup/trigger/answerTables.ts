import type { IDataObject, IWebhookFunctions } from 'n8n-workflow';

import { errorItemJson } from '../../LightspeedKSeries/actions/router';
import { parseId } from '../../LightspeedKSeries/helpers/params';
import { oneTableAnswer, readTables, tableListAnswer } from '../../LightspeedKSeries/helpers/tables';
import { sendJsonResponse } from '../../shared/webhookResponse';
import { answerFromItem } from '../respond/buildResponse';

/**
 * "At Once, With Lightspeed's Tables": the trigger reads the tables and answers the request
 * itself, so a lookup — Qodeup's most frequent request — costs no workflow execution. The
 * answer is the one "Respond to Qodeup" gives for the same item (answerFromItem). Only a
 * failure goes on into the workflow, so it is recorded as an execution and answered there.
 */

/** What is wrong with the location setting, or undefined. */
export function locationProblem(value: unknown): string | undefined {
	return parseId(value) === undefined
		? `Business Location must be a Lightspeed business location id (a whole number), got ${JSON.stringify(value)}`
		: undefined;
}

export type TablesOutcome = { answered: true } | { answered: false; failure: IDataObject };

export async function answerTables(context: IWebhookFunctions, accepted: IDataObject): Promise<TablesOutcome> {
	const businessLocationId = parseId(context.getNodeParameter('businessLocationId', '')) as number;
	const cacheSeconds = Math.min(Math.max(Number(context.getNodeParameter('floorplanCacheSeconds', 300)) || 0, 0), 86400);
	const tableNumber = accepted.resource === 'table' ? Number(accepted.tableNumber) : undefined;
	let item: IDataObject;
	try {
		const tables = await readTables.call(context, { businessLocationId, tableNumber, cacheSeconds });
		item = tableNumber === undefined ? tableListAnswer(businessLocationId, tables) : oneTableAnswer(tableNumber, tables);
	} catch (error) {
		return { answered: false, failure: { ...accepted, ...errorItemJson(error) } };
	}
	const answer = answerFromItem(item, 200, 502, 'LIGHTSPEED_UNAVAILABLE');
	sendJsonResponse(context.getResponseObject(), Number(answer.statusCode), answer.body);
	return { answered: true };
}
