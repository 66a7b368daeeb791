/**
 * The merchant file and the fleet settings file of `npm run merchant` (scripts/fleet/merchantFile.mjs):
 * every bad field is named, all at once, before anything touches n8n.
 */
import fs from 'fs';
import os from 'os';
import path from 'path';

import { callFleet, value } from './support/fleet';

type Problem = { field: string; message: string };
type Validation = { merchant?: Record<string, unknown>; errors: Problem[] };

const GOOD = Object.freeze({
	integrationId: 'pizza-roma-centre',
	name: 'Pizza Roma Centre',
	lightspeed: { environment: 'production', clientId: 'client-1', clientSecret: 'secret-1' },
	businessLocationId: 45454565682155,
	cardPaymentMethod: 'QDCARD',
	voucherPaymentMethod: 'QDVOUCHER',
	staffId: '42',
	notificationEmails: 'manager@pizzaroma.example; Owner@PizzaRoma.example',
	qodeup: { callbackUrl: 'https://api.qodeup.example/callback' },
	retentionDays: 30,
	timezone: 'Europe/Rome',
	currency: 'EUR',
	smtpCredential: 'SMTP (Mailgun)',
});

const CUSTOM = {
	environment: 'custom',
	clientId: 'sandbox-client',
	clientSecret: 'sandbox-secret',
	apiBaseUrl: 'http://127.0.0.1:7070/',
	authUrl: 'http://127.0.0.1:7070/realms/k-series/protocol/openid-connect/auth',
	tokenUrl: 'http://127.0.0.1:7070/realms/k-series/protocol/openid-connect/token',
};

const without = (key: string) => Object.fromEntries(Object.entries(GOOD).filter(([k]) => k !== key));
const withField = (patch: Record<string, unknown>) => ({ ...GOOD, ...patch });

/** [what, file content, the field that must be named, a word of the message] */
const BAD: Array<[string, Record<string, unknown>, string, RegExp]> = [
	['integrationId missing', without('integrationId'), 'integrationId', /required/],
	['integrationId with spaces', withField({ integrationId: 'pizza roma' }), 'integrationId', /letters, digits or dashes/],
	['integrationId of 41 characters', withField({ integrationId: 'a'.repeat(41) }), 'integrationId', /1-40/],
	['name missing', without('name'), 'name', /required/],
	['name too long', withField({ name: 'N'.repeat(81) }), 'name', /at most 80/],
	['name not text', withField({ name: 12 }), 'name', /text/],
	['lightspeed missing', without('lightspeed'), 'lightspeed', /required/],
	['lightspeed not an object', withField({ lightspeed: 'production' }), 'lightspeed', /object/],
	['environment unknown', withField({ lightspeed: { ...GOOD.lightspeed, environment: 'staging' } }), 'lightspeed.environment', /production, trial, custom/],
	['clientId missing', withField({ lightspeed: { environment: 'trial', clientSecret: 's' } }), 'lightspeed.clientId', /required/],
	['clientSecret missing', withField({ lightspeed: { environment: 'trial', clientId: 'c' } }), 'lightspeed.clientSecret', /required/],
	['custom without apiBaseUrl', withField({ lightspeed: { ...CUSTOM, apiBaseUrl: undefined } }), 'lightspeed.apiBaseUrl', /required for environment custom/],
	['custom without authUrl', withField({ lightspeed: { ...CUSTOM, authUrl: '' } }), 'lightspeed.authUrl', /required for environment custom/],
	['custom with a bad tokenUrl', withField({ lightspeed: { ...CUSTOM, tokenUrl: 'ftp://x/token' } }), 'lightspeed.tokenUrl', /http\(s\) URL/],
	['production with apiBaseUrl', withField({ lightspeed: { ...GOOD.lightspeed, apiBaseUrl: 'http://x' } }), 'lightspeed.apiBaseUrl', /only used with environment custom/],
	['includeStaffScope not boolean', withField({ lightspeed: { ...GOOD.lightspeed, includeStaffScope: 'yes' } }), 'lightspeed.includeStaffScope', /true or false/],
	['rtnPassword too short', withField({ lightspeed: { ...GOOD.lightspeed, rtnPassword: 'short' } }), 'lightspeed.rtnPassword', /16/],
	['unknown lightspeed field', withField({ lightspeed: { ...GOOD.lightspeed, secret: 'x' } }), 'lightspeed.secret', /not a known field/],
	['businessLocationId missing', without('businessLocationId'), 'businessLocationId', /required/],
	['businessLocationId not a number', withField({ businessLocationId: 'centre' }), 'businessLocationId', /whole number/],
	['businessLocationId zero', withField({ businessLocationId: 0 }), 'businessLocationId', /whole number/],
	['businessLocationId fractional', withField({ businessLocationId: 4.5 }), 'businessLocationId', /whole number/],
	['cardPaymentMethod missing', without('cardPaymentMethod'), 'cardPaymentMethod', /required/],
	['cardPaymentMethod not text', withField({ cardPaymentMethod: 7 }), 'cardPaymentMethod', /payment method code/],
	['voucherPaymentMethod too long', withField({ voucherPaymentMethod: 'V'.repeat(101) }), 'voucherPaymentMethod', /100/],
	['staffId not a number', withField({ staffId: 'ana' }), 'staffId', /whole number/],
	['notificationEmails missing', without('notificationEmails'), 'notificationEmails', /at least one/],
	['notificationEmails with a bad address', withField({ notificationEmails: 'ok@x.example, not-an-email' }), 'notificationEmails', /not-an-email/],
	['notificationEmails only separators', withField({ notificationEmails: ' , ; ' }), 'notificationEmails', /at least one valid/],
	['qodeup not an object', withField({ qodeup: 'https://x' }), 'qodeup', /object/],
	['qodeup.callbackUrl not http', withField({ qodeup: { callbackUrl: 'mailto:x@y.z' } }), 'qodeup.callbackUrl', /http\(s\) URL/],
	['unknown qodeup field', withField({ qodeup: { signingSecret: 'x' } }), 'qodeup.signingSecret', /not a known field/],
	['retentionDays negative', withField({ retentionDays: -1 }), 'retentionDays', /0 .* to 3650/],
	['retentionDays fractional', withField({ retentionDays: 1.5 }), 'retentionDays', /whole number/],
	['retentionDays boolean', withField({ retentionDays: true }), 'retentionDays', /whole number/],
	['timezone unknown', withField({ timezone: 'Mars/Olympus' }), 'timezone', /IANA/],
	['currency lower case', withField({ currency: 'eur' }), 'currency', /3-letter/],
	['smtpCredential missing', without('smtpCredential'), 'smtpCredential', /SMTP credential/],
	['a misspelt field', withField({ cardPaymentMetod: 'QDCARD' }), 'cardPaymentMetod', /not a known field/],
];

const FLEET_BAD: Array<[string, Record<string, unknown>, string]> = [
	['sweepSeconds zero', { sweepSeconds: 0 }, 'sweepSeconds'],
	['retentionDays text', { retentionDays: 'ninety' }, 'retentionDays'],
	['claimedGraceSeconds not above the request timeout', { claimedGraceSeconds: 60 }, 'claimedGraceSeconds'],
	['senderEmail not an address', { senderEmail: 'payments' }, 'senderEmail'],
	['operatorEmails with a bad address', { operatorEmails: 'a@b.example, nope' }, 'operatorEmails'],
	['webhookBaseUrl not a URL', { webhookBaseUrl: 'n8n/webhook' }, 'webhookBaseUrl'],
	['unknown field', { sweepEvery: 10 }, 'sweepEvery'],
];

describe('merchant file validation', () => {
	let good: Validation;
	let custom: Validation;
	let fromFleet: Validation;
	let bad: Validation[];
	let allAtOnce: Validation;
	let fleetGood: { fleet?: Record<string, unknown>; errors: Problem[] };
	let fleetBad: Array<{ errors: Problem[] }>;

	beforeAll(() => {
		const results = callFleet([
			{ module: 'merchantFile', fn: 'validateMerchant', args: [GOOD] },
			{ module: 'merchantFile', fn: 'validateMerchant', args: [{ ...GOOD, lightspeed: CUSTOM }] },
			{ module: 'merchantFile', fn: 'validateMerchant', args: [without('smtpCredential'), { fleet: { smtpCredential: 'SMTP (fleet)' } }] },
			...BAD.map(([, input]) => ({ module: 'merchantFile', fn: 'validateMerchant', args: [input] })),
			{ module: 'merchantFile', fn: 'validateMerchant', args: [{ integrationId: 'x y', name: '', businessLocationId: 'a', notificationEmails: 'nope', extra: 1 }] },
			{ module: 'merchantFile', fn: 'validateFleet', args: [{ name: 'Fleet', sweepSeconds: 20, claimedGraceSeconds: 150, operatorEmails: 'ops@x.example', smtpCredential: 'SMTP' }] },
			...FLEET_BAD.map(([, input]) => ({ module: 'merchantFile', fn: 'validateFleet', args: [input] })),
		]);
		[good, custom, fromFleet] = results.slice(0, 3).map((r) => value<Validation>(r));
		bad = results.slice(3, 3 + BAD.length).map((r) => value<Validation>(r));
		allAtOnce = value<Validation>(results[3 + BAD.length]);
		fleetGood = value(results[4 + BAD.length]);
		fleetBad = results.slice(5 + BAD.length).map((r) => value(r));
	});

	it('accepts a good file and normalises it', () => {
		expect(good.errors).toEqual([]);
		expect(good.merchant).toMatchObject({
			integrationId: 'pizza-roma-centre',
			businessLocationId: '45454565682155',
			staffId: '42',
			notificationEmails: 'manager@pizzaroma.example, Owner@PizzaRoma.example',
			lightspeed: { environment: 'production', includeStaffScope: false },
			qodeup: { callbackUrl: 'https://api.qodeup.example/callback' },
		});
	});

	it('accepts the custom environment with its three URLs (trailing slash dropped)', () => {
		expect(custom.errors).toEqual([]);
		expect((custom.merchant?.lightspeed as Record<string, string>).apiBaseUrl).toBe('http://127.0.0.1:7070');
	});

	it('takes the SMTP credential from the fleet settings when the file has none', () => {
		expect(fromFleet.errors).toEqual([]);
		expect(fromFleet.merchant?.smtpCredential).toBe('SMTP (fleet)');
	});

	it.each(BAD.map(([what, , field, message], index) => [what, field, message, index] as const))('names the bad field: %s', (_what, field, message, index) => {
		const { merchant, errors } = bad[index];
		expect(merchant).toBeUndefined();
		const named = errors.filter((e) => e.field === field);
		expect(named).toHaveLength(1);
		expect(named[0].message).toMatch(message);
	});

	it('names every bad field at once', () => {
		expect(allAtOnce.errors.map((e) => e.field).sort()).toEqual(
			['businessLocationId', 'cardPaymentMethod', 'extra', 'integrationId', 'lightspeed', 'name', 'notificationEmails', 'smtpCredential'].sort(),
		);
	});

	it('accepts a good fleet settings file', () => {
		expect(fleetGood.errors).toEqual([]);
		expect(fleetGood.fleet).toEqual({ name: 'Fleet', sweepSeconds: 20, claimedGraceSeconds: 150, operatorEmails: 'ops@x.example', smtpCredential: 'SMTP' });
	});

	it.each(FLEET_BAD.map(([what, , field], index) => [what, field, index] as const))('fleet settings: names the bad field: %s', (_what, field, index) => {
		expect(fleetBad[index].errors.map((e) => e.field)).toEqual([field]);
	});
});

describe('merchant file loading', () => {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'merchant-file-'));
	afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

	it('reads YAML and JSON, and names a file that is neither', () => {
		const yamlFile = path.join(dir, 'm.yaml');
		fs.writeFileSync(yamlFile, 'integrationId: pizza-roma\nname: Pizza Roma\nlightspeed:\n  environment: trial\n  clientId: c\n  clientSecret: s\nbusinessLocationId: 1\n');
		const jsonFile = path.join(dir, 'm.json');
		fs.writeFileSync(jsonFile, JSON.stringify({ integrationId: 'x' }));
		const broken = path.join(dir, 'broken.json');
		fs.writeFileSync(broken, '{"integrationId": ');
		const list = path.join(dir, 'list.yaml');
		fs.writeFileSync(list, '- a\n- b\n');
		const [y, j, b, l, missing] = callFleet([
			{ module: 'merchantFile', fn: 'loadFile', args: [yamlFile, 'merchant file'] },
			{ module: 'merchantFile', fn: 'loadFile', args: [jsonFile, 'merchant file'] },
			{ module: 'merchantFile', fn: 'loadFile', args: [broken, 'merchant file'] },
			{ module: 'merchantFile', fn: 'loadFile', args: [list, 'merchant file'] },
			{ module: 'merchantFile', fn: 'loadFile', args: [path.join(dir, 'nope.yaml'), 'merchant file'] },
		]);
		expect(value(y)).toMatchObject({ integrationId: 'pizza-roma', lightspeed: { environment: 'trial' }, businessLocationId: 1 });
		expect(value(j)).toEqual({ integrationId: 'x' });
		expect(b.error).toMatch(/merchant file .*broken\.json is not valid JSON/);
		expect(l.error).toMatch(/one object/);
		expect(missing.error).toMatch(/cannot read the merchant file .*no such file/);
	});

	it('accepts the example files shipped with the command', () => {
		const examples = path.resolve(__dirname, '../../../scripts/fleet/examples');
		const [merchant, fleet] = callFleet([
			{ module: 'scenarios', fn: 'validateExample', args: [path.join(examples, 'merchant.example.yaml'), 'merchant'] },
			{ module: 'scenarios', fn: 'validateExample', args: [path.join(examples, 'fleet.example.yaml'), 'fleet'] },
		]).map((r) => value<{ errors: Problem[] }>(r));
		expect(merchant.errors).toEqual([]);
		expect(fleet.errors).toEqual([]);
	});
});
