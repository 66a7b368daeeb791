// Values the benchmark's parts must agree on (fixtures, load generator, runner).

/** Ports of the benchmark's own stack, away from `npm start` (5678…) and the e2e suite (5688…). */
export const BENCH_PORTS = Object.freeze({ n8n: 5741, broker: 5742, sandbox: 7141, smtp: 2641, mail: 2642 });

/** The Lightspeed API base the core-nodes fixtures are committed with (the runner rewrites it if the port differs). */
export const FIXTURE_API_BASE = `http://127.0.0.1:${BENCH_PORTS.sandbox}`;

/**
 * Signing secret of the core-nodes flows (b). An operator without this package keeps the Qodeup
 * secret inside the Code node (a Code node cannot read n8n credentials); it is a benchmark
 * constant, not a real secret. The templates (a) use the secret of the Qodeup credential the
 * harness imports.
 */
export const CORE_SIGNING_SECRET = 'bench-core-signing-secret-0123456789abcdef';

export const LOCATION_ID = 45454565682155; // the sandbox's "Centre", the templates' location
export const INTEGRATION_ID = 'demo-bistro';

/** Paths below <n8n>/webhook/ (and the signed `path` of the Qodeup signature). */
export const PATHS = Object.freeze({
	templateTables: `qodeup/${INTEGRATION_ID}/tables`,
	templatePayments: `qodeup/${INTEGRATION_ID}/payments`,
	coreTables: `bench-core/${INTEGRATION_ID}/tables`,
	corePayments: `bench-core/${INTEGRATION_ID}/payments`,
	coreLiteTables: `bench-core-lite/${INTEGRATION_ID}/tables`,
	coreLitePayments: `bench-core-lite/${INTEGRATION_ID}/payments`,
	routeAlonePayments: `bench-y/${INTEGRATION_ID}/payments`,
});

/** Order & Pay endpoint of the template "Payment outcome" trigger; (a) and (b) both pay with it. */
export const OUTCOME_ENDPOINT = `qodeup-${INTEGRATION_ID}`;
/** The floor (c) pays with an endpoint nobody listens on: its webhooks are recorded as undeliverable. */
export const FLOOR_ENDPOINT = 'bench-floor';

export const CORE_WORKFLOW_IDS = Object.freeze({ tables: 'BenchCoreTables001', payments: 'BenchCorePay000001', tablesLite: 'BenchCoreTabLite01', paymentsLite: 'BenchCorePayLite01' });
/** The demo restaurant's Lightspeed credential (scripts/templates/build.mjs DEMO_CREDENTIALS): b uses it too. */
export const LIGHTSPEED_CREDENTIAL = Object.freeze({ id: 'LskSandboxOAuth01', name: 'Lightspeed K-Series (Demo Bistro)' });
export const LEDGER_TABLE = 'qodeupLskPaymentLedger';

/**
 * The templates are imported as `workflows/` ships them: the demo restaurant's six workflows and
 * the fleet's three (data tables on start, the sweeper every 15 s, retention), so what runs next
 * to the measured requests in production (outcome notifications, the sweeper reading the
 * ledgers) costs its CPU during the run too. Ids and paths are the demo's (docs/templates.md).
 */
export const TEMPLATE_IDS = Object.freeze({ requests: 'QdDemoRequests0001', notifications: 'QdDemoNotify00001', sweeper: 'QdFleetSweeper001' });
