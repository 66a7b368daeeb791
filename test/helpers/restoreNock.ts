/**
 * Jest runs many test files in one worker process, and core modules (http, https) are shared
 * between them. nock patches those modules when it is loaded and each file loads its own copy,
 * so without this the patches pile up and outlive the file: later files in the same worker —
 * the sandbox tests, which talk real HTTP — then went through nock's socket emulation and saw
 * stray ECONNRESET errors. Every file hands the modules back when it ends (requiring nock here
 * returns the file's own copy, or loads and at once restores a fresh one).
 */
import nock from 'nock';

afterAll(() => {
	nock.cleanAll();
	nock.restore();
});
