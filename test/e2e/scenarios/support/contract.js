'use strict';
// Assertions on an answer's status; the body's conformance to the Qodeup contract is checked by
// helpers/qodeup.js on every request already.
const { contractProblems } = require('../../helpers/contract');

/** `route` is the OpenAPI template below qodeup/{integrationId}/ (e.g. 'payments/{paymentId}'). */
function expectAnswer(method, route, response, status) {
	expect({ route, status: response.status, body: response.json }).toEqual({ route, status, body: response.json });
	const path = `qodeup/x/${route.replace(/\{[^}]+\}/g, 'v')}`;
	expect(contractProblems(method, path, response)).toEqual([]);
}

module.exports = { expectAnswer };
