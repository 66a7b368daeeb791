import nock from 'nock';
import { NodeOperationError } from 'n8n-workflow';

import { TEST_BASE_URL, TEST_TOKEN } from '../../helpers/n8nContext';
import { businesses, LOCATION_ID, paymentMethods, springError, staffPage } from '../../helpers/lightspeedFixtures';
import { lightspeedNode, loadOptionsContext } from '../../helpers/lightspeedNode';

jest.mock('n8n-workflow', () => {
	const actual = jest.requireActual<typeof import('n8n-workflow')>('n8n-workflow');
	return { ...actual, sleep: jest.fn(async () => undefined) };
});

const api = () => nock(TEST_BASE_URL, { reqheaders: { authorization: `Bearer ${TEST_TOKEN}` } });
const { loadOptions } = lightspeedNode.methods;

beforeAll(() => nock.disableNetConnect());
afterEach(() => {
	const pending = nock.pendingMocks();
	nock.cleanAll();
	expect(pending).toEqual([]);
});
afterAll(() => nock.enableNetConnect());

describe('load options', () => {
	it('businesses and locations load from GET /o/op/data/businesses', async () => {
		api().get('/o/op/data/businesses').twice().reply(200, businesses);
		const { context } = loadOptionsContext();
		await expect(loadOptions.getBusinesses.call(context)).resolves.toEqual([{ name: 'Qodeup Demo Bistro', value: 454335871 }]);
		await expect(loadOptions.getBusinessLocations.call(context)).resolves.toEqual([
			{ name: 'Centre', value: LOCATION_ID, description: `ID ${LOCATION_ID}` },
			{ name: 'Harbour', value: 45454565682156, description: 'ID 45454565682156' },
		]);
	});

	it('payment methods load for the chosen location, value = code', async () => {
		api().get(`/f/finance/${LOCATION_ID}/paymentMethods`).reply(200, paymentMethods);
		const { context } = loadOptionsContext({ businessLocationId: String(LOCATION_ID) });
		const options = await loadOptions.getPaymentMethods.call(context);
		expect(options[0]).toEqual({ name: 'Qodeup card (QDCARD)', value: 'QDCARD' });
		expect(options).toHaveLength(3);
	});

	it('staff load for the chosen location, deactivated ones marked', async () => {
		api()
			.get(`/staff/v1/businessLocations/${LOCATION_ID}/userTypes/POS`)
			.query({ page: '1', size: '100' })
			.reply(200, staffPage([{ staffId: 42, active: true, firstName: 'Api' }, { staffId: 43, active: false, firstName: 'Former' }]));
		const { context } = loadOptionsContext({ businessLocationId: LOCATION_ID });
		await expect(loadOptions.getStaff.call(context)).resolves.toEqual([
			{ name: 'Api Test', value: 42, description: 'ID 42' },
			{ name: 'Former Test (deactivated)', value: 43, description: 'ID 43' },
		]);
	});

	it('a failing call shows the API error, never an empty list', async () => {
		api()
			.get('/o/op/data/businesses')
			.reply(403, springError(403, 'Forbidden', 'Access is denied for this client', '/o/op/data/businesses'));
		const { context } = loadOptionsContext();
		const error = await loadOptions.getBusinessLocations.call(context).catch((caught: unknown) => caught);
		expect(error).toBeInstanceOf(NodeOperationError);
		expect((error as Error).message).toMatch(/Could not load the business locations from Lightspeed: Lightspeed denied access/);
		expect((error as NodeOperationError).description).toMatch(/Access is denied for this client/);
		expect((error as NodeOperationError).description).toMatch(/ACCESS_DENIED, HTTP 403/);
	});

	it('staff without the staff scope: the error says how to fix it', async () => {
		api().get(`/staff/v1/businessLocations/${LOCATION_ID}/userTypes/POS`).query(true).reply(403, { message: 'Access Denied.' });
		const { context } = loadOptionsContext({ businessLocationId: LOCATION_ID });
		await expect(loadOptions.getStaff.call(context)).rejects.toMatchObject({
			message: expect.stringMatching(/Could not load the staff/),
			description: expect.stringMatching(/Include Staff Scope/),
		});
	});

	it('payment methods need a location first', async () => {
		const { context } = loadOptionsContext({ businessLocationId: '' });
		await expect(loadOptions.getPaymentMethods.call(context)).rejects.toThrow(/Choose a business location first/);
	});

	it('payment methods: a 5xx is retried, then surfaced', async () => {
		api().get(`/f/finance/${LOCATION_ID}/paymentMethods`).times(4).reply(503, 'down');
		const { context } = loadOptionsContext({ businessLocationId: LOCATION_ID });
		await expect(loadOptions.getPaymentMethods.call(context)).rejects.toThrow(/Lightspeed could not be reached/);
	});
});
