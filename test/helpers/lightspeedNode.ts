/** Runs the Lightspeed K-Series action node against a fake execute context (real HTTP → nock). */
import type { INodeExecutionData } from 'n8n-workflow';

import { LightspeedKSeries } from '../../nodes/LightspeedKSeries/LightspeedKSeries.node';
import { createExecuteFunctions, createLoadOptionsFunctions } from './n8nContext';
import type { FakeContextOptions, FakeState } from './n8nContext';

export const lightspeedNode = new LightspeedKSeries();

/** A prepared run: `state` is live (requests are recorded as they are sent), `run()` executes. */
export function prepareLightspeedNode(
	params: Record<string, unknown>,
	options: Omit<FakeContextOptions, 'params' | 'description'> = {},
): { state: FakeState; run: () => Promise<INodeExecutionData[]> } {
	const { context, state } = createExecuteFunctions({ ...options, params, description: lightspeedNode.description });
	return {
		state,
		run: async () => {
			const [output] = await lightspeedNode.execute.call(context);
			return output;
		},
	};
}

export async function runLightspeedNode(
	params: Record<string, unknown>,
	options: Omit<FakeContextOptions, 'params' | 'description'> = {},
): Promise<{ output: INodeExecutionData[]; state: FakeState }> {
	const { context, state } = createExecuteFunctions({
		...options,
		params,
		description: lightspeedNode.description,
	});
	const [output] = await lightspeedNode.execute.call(context);
	return { output, state };
}

/** Runs the node and returns every output (the ledger operations have several, by name). */
export async function runLightspeedNodeOutputs(
	params: Record<string, unknown>,
	options: Omit<FakeContextOptions, 'params' | 'description'> = {},
): Promise<{ outputs: INodeExecutionData[][]; state: FakeState }> {
	const { context, state } = createExecuteFunctions({ ...options, params, description: lightspeedNode.description });
	const outputs = await lightspeedNode.execute.call(context);
	return { outputs, state };
}

/** The json of every output item. */
export function jsonOf(output: INodeExecutionData[]): Array<Record<string, unknown>> {
	return output.map((item) => item.json as Record<string, unknown>);
}

export function loadOptionsContext(currentParameters: Record<string, unknown> = {}) {
	return createLoadOptionsFunctions({ currentParameters });
}
