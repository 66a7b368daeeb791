'use strict';
// The sandbox tests exercise real sockets. If an earlier test file in this jest worker left
// nock's interception on Node's shared http module, fail loudly here rather than with stray
// ECONNRESET errors halfway through a test.
const http = require('http');

beforeAll(() => {
	if (http.ClientRequest.name !== 'ClientRequest') {
		throw new Error(`http.ClientRequest is patched (${http.ClientRequest.name}): a test file in this worker left nock active`);
	}
});
