import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';

import * as retention from './actions/retention/Retention.resource';
import { NAMED_INPUTS, NAMED_OUTPUTS, router } from './actions/router';
import * as sweep from './actions/sweep/Sweep.resource';
import { namedConnections } from '../shared/namedConnections';


/**
 * The operator's side of the integration: what runs once for all the restaurants of an n8n —
 * the sweeper (recovery of stuck payments and orders, every email) and the retention of the
 * ledgers. It needs no restaurant credential; it works on the rows of the Data tables.
 */
export class QodeupFleet implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Qodeup Fleet',
		name: 'qodeupFleet',
		icon: { light: 'file:qodeupFleet.svg', dark: 'file:qodeupFleet.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{ $parameter["resource"] + ": " + $parameter["operation"] }}',
		description: 'Sweep and keep small the ledgers of all the Qodeup × Lightspeed restaurants of this n8n',
		defaults: { name: 'Qodeup Fleet' },
		inputs: namedConnections(NAMED_INPUTS),
		outputs: namedConnections(NAMED_OUTPUTS),
		// Declared and left unset: it plans work over whole ledgers for Data table, Email and Execute Workflow nodes, not a tool for an AI agent.
		usableAsTool: undefined,
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				default: 'sweep',
				options: [
					{ name: 'Retention', value: 'retention' },
					{ name: 'Sweep', value: 'sweep' },
				],
			},
			...sweep.description,
			...retention.description,
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
