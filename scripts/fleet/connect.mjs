// Test/demo helper — plays the operator's click on "Connect" in the Lightspeed credential, the way
// n8n's editor does it: with the owner's session cookie, ask n8n for the authorization URL, follow
// it to the authorization server (the sandbox approves at once and redirects to n8n's callback
// with a code), and call that callback with the cookie so n8n exchanges the code for tokens.
// Real operators press the button in the editor; the merchant command never calls this.
//
//   await connectCredential({ n8nUrl, cookie, credentialId });   // → { connected: true }
//
// Against a real Lightspeed the authorization URL shows a login page instead of redirecting,
// so this only works with an authorization server that approves without a person (the sandbox).

async function call(url, { cookie, what }) {
	const res = await fetch(url, { redirect: 'manual', headers: cookie ? { cookie } : {}, signal: AbortSignal.timeout(30_000) });
	const text = await res.text();
	return { status: res.status, location: res.headers.get('location'), text, what };
}

/**
 * @param {object} o
 * @param {string} o.n8nUrl         n8n's URL
 * @param {string} o.cookie         the owner's session cookie ("n8n-auth=…")
 * @param {string} o.credentialId   an OAuth2 credential (authorization code grant)
 * @returns {Promise<{connected: true, callbackStatus: number}>} (throws when the credential is not connected afterwards)
 */
export async function connectCredential({ n8nUrl, cookie, credentialId }) {
	const base = n8nUrl.replace(/\/+$/, '');
	// 1. what the editor asks when Connect is pressed
	const start = await call(`${base}/rest/oauth2-credential/auth?id=${encodeURIComponent(credentialId)}`, { cookie, what: 'authorization URL' });
	if (start.status !== 200) throw new Error(`GET /rest/oauth2-credential/auth → HTTP ${start.status}: ${start.text.slice(0, 300)}`);
	let authUrl;
	try {
		const body = JSON.parse(start.text);
		authUrl = typeof body.data === 'string' ? body.data : body.data?.url ?? body.url;
	} catch {
		/* below */
	}
	if (!authUrl) throw new Error(`GET /rest/oauth2-credential/auth answered no URL: ${start.text.slice(0, 300)}`);

	// 2. the browser at the authorization server: it approves and redirects to n8n's callback
	let hop = await call(authUrl, { what: 'authorization server' });
	for (let i = 0; i < 5 && hop.status >= 300 && hop.status < 400 && hop.location && !hop.location.startsWith(`${base}/rest/oauth2-credential/callback`); i++) {
		hop = await call(new URL(hop.location, authUrl).toString(), { what: 'authorization server redirect' });
	}
	if (!(hop.status >= 300 && hop.status < 400) || !hop.location) {
		throw new Error(`the authorization server did not redirect back (HTTP ${hop.status}): ${hop.text.slice(0, 300)} — a real Lightspeed shows its login page here; press Connect in the editor instead`);
	}
	const callback = new URL(hop.location, authUrl);
	if (callback.searchParams.get('error')) throw new Error(`the authorization server refused: ${callback.searchParams.get('error')} ${callback.searchParams.get('error_description') ?? ''}`);

	// 3. the browser back at n8n, with the session cookie: n8n exchanges the code and stores the tokens
	const done = await call(callback.toString(), { cookie, what: 'OAuth callback' });
	if (done.status >= 400) throw new Error(`n8n's OAuth callback → HTTP ${done.status}: ${done.text.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').slice(0, 300)}`);
	// the editor's "Account connected": the credential's data shows oauthTokenData (as `true`, the tokens redacted)
	const check = await call(`${base}/rest/credentials/${encodeURIComponent(credentialId)}?includeData=true`, { cookie, what: 'credential' });
	let connected = false;
	try {
		connected = Boolean(JSON.parse(check.text).data?.data?.oauthTokenData);
	} catch {
		/* not connected */
	}
	if (!connected) throw new Error(`n8n's OAuth callback answered HTTP ${done.status}, but the credential holds no token: ${done.text.replace(/<style[\s\S]*?<\/style>/g, ' ').replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 300)}`);
	return { connected, callbackStatus: done.status };
}
