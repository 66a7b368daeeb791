/**
 * The restaurant settings a live payment uses without a Data table read: Settings → Recall routes
 * by whether this process knows them (fresh for 30 s), Settings → Remember keeps the row just
 * read, Settings → Check keeps what the merchant published, and Payment → Apply "from memory"
 * sends with the kept row.
 */
import type { IDataObject } from 'n8n-workflow';
import nock from 'nock';

import {
	forgetAllSettings,
	freshSettings,
	keepSettings,
	keptSettings,
	SETTINGS_FRESH_MS,
	SETTINGS_MAX_RESTAURANTS,
} from '../../../nodes/LightspeedKSeries/helpers/settingsMemory';
import { TEST_BASE_URL, TEST_TOKEN } from '../../helpers/n8nContext';
import { LOCATION_ID, snapshot } from '../../helpers/lightspeedFixtures';
import { runLightspeedNodeOutputs } from '../../helpers/lightspeedNode';
import { asItems, INTEGRATION_ID, paymentRow, restaurantRow } from '../../helpers/ledgerRows';

const api = () => nock(TEST_BASE_URL, { reqheaders: { authorization: `Bearer ${TEST_TOKEN}` } });

beforeAll(() => nock.disableNetConnect());
beforeEach(() => forgetAllSettings());
afterEach(() => {
	const pending = nock.pendingMocks();
	nock.cleanAll();
	expect(pending).toEqual([]);
});
afterAll(() => nock.enableNetConnect());

describe('settings memory', () => {
	it('a row is fresh for 30 s, then asks to be read again; the kept row stays usable', () => {
		keepSettings('a', { cardPaymentMethod: 'CARD' }, 1_000);
		expect(freshSettings('a', 1_000 + SETTINGS_FRESH_MS - 1)).toEqual({ cardPaymentMethod: 'CARD' });
		expect(freshSettings('a', 1_000 + SETTINGS_FRESH_MS)).toBeUndefined();
		expect(keptSettings('a')).toEqual({ cardPaymentMethod: 'CARD' });
		expect(freshSettings('b', 1_000)).toBeUndefined();
	});

	it('"no settings saved" ({}) is remembered too', () => {
		keepSettings('a', {}, 1_000);
		expect(freshSettings('a', 1_001)).toEqual({});
	});

	it(`holds at most ${SETTINGS_MAX_RESTAURANTS} restaurants, dropping the one kept longest ago`, () => {
		for (let i = 0; i < SETTINGS_MAX_RESTAURANTS; i++) keepSettings(`r${i}`, { i }, 1_000);
		keepSettings('r0', { i: 0, again: true }, 1_001); // kept again: now the newest
		keepSettings('new', { i: -1 }, 1_002);
		expect(keptSettings('r1')).toBeUndefined();
		expect(keptSettings('r0')).toEqual({ i: 0, again: true });
		expect(keptSettings('new')).toEqual({ i: -1 });
		expect(keptSettings(`r${SETTINGS_MAX_RESTAURANTS - 1}`)).toEqual({ i: SETTINGS_MAX_RESTAURANTS - 1 });
	});
});

describe('settings.recall and settings.remember', () => {
	const recall = (items = [{ paymentId: 'p1', status: 'received' }]) =>
		runLightspeedNodeOutputs({ resource: 'settings', operation: 'recall', integrationId: INTEGRATION_ID }, { items: asItems(items) });
	const remember = (items: IDataObject[]) =>
		runLightspeedNodeOutputs({ resource: 'settings', operation: 'remember', integrationId: INTEGRATION_ID }, { items: asItems(items) });

	it('unknown restaurant: the items go on unchanged to "To Read"; known: to "In Memory"', async () => {
		const first = await recall();
		expect(first.outputs.map((output) => output.length)).toEqual([0, 1]);
		expect(first.outputs[1][0]).toEqual({ json: { paymentId: 'p1', status: 'received' }, pairedItem: { item: 0 } });
		keepSettings(INTEGRATION_ID, (restaurantRow() as IDataObject));
		const second = await recall();
		expect(second.outputs.map((output) => output.length)).toEqual([1, 0]);
		expect(second.outputs[0][0].json).toEqual({ paymentId: 'p1', status: 'received' });
		expect(first.state.requests).toHaveLength(0); // no Lightspeed call
	});

	it('another restaurant known does not count', async () => {
		keepSettings('other-place', (restaurantRow() as IDataObject));
		const { outputs } = await recall();
		expect(outputs.map((output) => output.length)).toEqual([0, 1]);
	});

	it('remember keeps the row read and passes it on; the next recall finds it', async () => {
		const row = restaurantRow({ cardPaymentMethod: 'NEWCARD' }) as IDataObject;
		const { outputs } = await remember([row]);
		expect(outputs).toHaveLength(1);
		expect(outputs[0].map((item) => item.json)).toEqual([row]);
		expect(keptSettings(INTEGRATION_ID)).toEqual(row);
		expect((await recall()).outputs.map((output) => output.length)).toEqual([1, 0]);
	});

	it('remember with no row (settings never published) keeps {}', async () => {
		await remember([{}]);
		expect(keptSettings(INTEGRATION_ID)).toEqual({});
	});

	it("remember refuses another restaurant's row", async () => {
		await expect(remember([restaurantRow({ integrationId: 'other-place' }) as IDataObject])).rejects.toThrow('The row given is restaurant "other-place", not "demo-bistro"');
		expect(keptSettings(INTEGRATION_ID)).toBeUndefined();
	});
});

describe('payment.apply with settings from memory', () => {
	const CHECK = 'A65315.21';
	const params = {
		resource: 'payment',
		operation: 'apply',
		businessLocationId: LOCATION_ID,
		paymentId: 'p1',
		settingsFrom: 'memory',
		restaurant: restaurantRow({ cardPaymentMethod: 'IGNORED' }),
		endpointId: 'QODEUP-DEMO',
	};

	it("pays with the kept row's payment method (the field is not used)", async () => {
		keepSettings(INTEGRATION_ID, (restaurantRow({ cardPaymentMethod: 'KEPTCARD' }) as IDataObject));
		api().get(`/o/op/1/order/accounts/${CHECK}`).query(true).reply(200, snapshot({ currentAmount: '25.00', paidAmount: '0.00' }));
		api()
			.post('/o/op/1/pay', (body) => body.paymentMethod === 'KEPTCARD')
			.reply(200, { status: 'ok' });
		const { outputs } = await runLightspeedNodeOutputs(params, { items: asItems([paymentRow({ amount: '20.00' })]) });
		expect(outputs[0].map((item) => item.json.paymentMethodCode)).toEqual(['KEPTCARD']);
	});

	it('a kept "no settings" refuses as an unsaved restaurant does, without a Lightspeed call', async () => {
		keepSettings(INTEGRATION_ID, {});
		const viaField = await runLightspeedNodeOutputs({ ...params, settingsFrom: 'field', restaurant: {} }, { items: asItems([paymentRow()]) });
		const viaMemory = await runLightspeedNodeOutputs(params, { items: asItems([paymentRow()]) });
		expect(viaMemory.outputs.map((output) => output.length)).toEqual(viaField.outputs.map((output) => output.length));
		const pick = (outputs: typeof viaMemory.outputs) => outputs.flat().map((item) => [item.json.status, item.json.errorCode]);
		expect(pick(viaMemory.outputs)).toEqual(pick(viaField.outputs));
		expect(viaMemory.state.requests).toEqual(viaField.state.requests);
	});

	it('nothing kept: a clear error that says how to wire it, nothing sent', async () => {
		await expect(runLightspeedNodeOutputs(params, { items: asItems([paymentRow()]) })).rejects.toThrow(
			'No settings of restaurant "demo-bistro" in this n8n process\'s memory',
		);
	});
});
