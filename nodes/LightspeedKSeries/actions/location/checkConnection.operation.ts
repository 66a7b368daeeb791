import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { fetchBusinesses } from '../../helpers/api';
import { asNodeError } from '../../helpers/errors';
import { isConnectionCode } from '../../../shared/failureReasons';
import { millis, text } from '../../../shared/ledgers';
import { lightspeedErrorDetails } from '../../transport';
import { readRestaurantRow } from '../payment/setup';

/**
 * Location → Check Connection: one cheap call, to learn whether the restaurant's Lightspeed
 * connection works. Outputs "Connected" and "Disconnected" carry the restaurant's connection
 * columns (when it was lost, when it was checked); only a refused renewal counts as lost —
 * Lightspeed being down is not a lost connection. While it stays refused, the transport
 * answers from memory without asking Lightspeed again.
 */

export const OUTPUTS = ['Connected', 'Disconnected'];

export const description = updateDisplayOptions({ show: { resource: ['location'], operation: ['checkConnection'] } }, [
	{
		displayName: 'Restaurant Settings',
		name: 'restaurant',
		type: 'json',
		default: '{}',
		description:
			"The restaurant's row of the restaurants Data table (its integration ID and current connection state). Left empty: the input item, e.g. the row straight from a Data table Get.",
	},
] as INodeProperties[]);

export async function executeBatch(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const given = readRestaurantRow(this);
	const restaurant = Object.keys(given).length ? given : ((this.getInputData()[0]?.json ?? {}) as IDataObject);
	const now = Date.now();
	const base = { integrationId: text(restaurant, 'integrationId'), connectionCheckedAtMs: now };
	try {
		await fetchBusinesses.call(this);
		return [[{ json: { ...base, connection: 'ok' }, pairedItem: { item: 0 } }], []];
	} catch (error) {
		if (!isConnectionCode(lightspeedErrorDetails(error)?.errorCode)) throw asNodeError(this.getNode(), error);
		const wasLost = text(restaurant, 'connection') === 'lost';
		const lostAt = wasLost ? millis(restaurant, 'connectionLostAtMs') || now : now;
		return [[], [{ json: { ...base, connection: 'lost', connectionLostAtMs: lostAt }, pairedItem: { item: 0 } }]];
	}
}
