// A real OpenID provider (the certified `oidc-provider` package) for the OIDC tests only.
//
// Started by tests/oidc/conftest.py as `node server.mjs CONFIG.json`; listens on 127.0.0.1 at
// a free port and prints `READY <issuer>` once it serves. CONFIG holds the clients and the
// test accounts: {"clients": [...], "acrValues": [...], "accounts": {login: {password,
// claims, amr?, acr?}}}. The log-in form is this file's own, so that a test account can
// assert `amr`/`acr` (a second factor at the provider) in its ID token.
import http from 'node:http';
import { readFileSync } from 'node:fs';
import Provider from 'oidc-provider';

const config = JSON.parse(readFileSync(process.argv[2], 'utf8'));

function escapeHtml(value) {
  return String(value).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function readBody(req) {
  return new Promise((resolve, reject) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk) => {
      body += chunk;
      if (body.length > 65536) reject(new Error('body too large'));
    });
    req.on('end', () => resolve(body));
    req.on('error', reject);
  });
}

async function interaction(provider, req, res, submitted) {
  const details = await provider.interactionDetails(req, res);
  if (!submitted) {
    res.setHeader('content-type', 'text/html; charset=utf-8');
    res.end(`<!doctype html><html lang="en"><title>Test provider</title>
<form method="post" action="/interaction/${escapeHtml(details.uid)}/login">
<label>Login <input name="login"></label>
<label>Password <input name="password" type="password"></label>
<button type="submit">Sign in</button></form></html>`);
    return;
  }
  const form = new URLSearchParams(await readBody(req));
  const accountId = form.get('login') || '';
  const account = config.accounts[accountId];
  if (!account || account.password !== form.get('password')) {
    res.statusCode = 403;
    res.end('wrong login or password');
    return;
  }
  const login = { accountId };
  if (account.amr) login.amr = account.amr;
  if (account.acr) login.acr = account.acr;
  const grant = new provider.Grant({ accountId, clientId: details.params.client_id });
  grant.addOIDCScope(String(details.params.scope));
  const grantId = await grant.save();
  await provider.interactionFinished(
    req,
    res,
    { login, consent: { grantId } },
    { mergeWithLastSubmission: false },
  );
}

const server = http.createServer();
server.listen(0, '127.0.0.1', () => {
  const { port } = server.address();
  const issuer = `http://127.0.0.1:${port}`;
  const provider = new Provider(issuer, {
    clients: config.clients,
    acrValues: config.acrValues || [],
    findAccount: async (ctx, id) => {
      const account = config.accounts[id];
      if (!account) return undefined;
      return { accountId: id, claims: async () => ({ sub: id, ...account.claims }) };
    },
    claims: {
      acr: null,
      amr: null,
      auth_time: null,
      iss: null,
      sid: null,
      // As Entra ID and Keycloak do: acr, amr and auth_time always in the ID token.
      openid: ['sub', 'acr', 'amr', 'auth_time'],
      email: ['email', 'email_verified'],
      profile: ['name'],
      groups: ['groups'],
    },
    features: { devInteractions: { enabled: false } },
    interactions: { url: (ctx, details) => `/interaction/${details.uid}` },
    pkce: { required: () => true },
    cookies: { keys: ['weerbaar-test-provider-only'] },
  });
  const callback = provider.callback();
  server.on('request', (req, res) => {
    const match = /^\/interaction\/([^/?]+)(\/login)?(?:\?.*)?$/.exec(req.url);
    if (!match) {
      callback(req, res);
      return;
    }
    interaction(provider, req, res, Boolean(match[2])).catch((err) => {
      res.statusCode = 400;
      res.end(`interaction failed: ${err.message}`);
    });
  });
  process.stdout.write(`READY ${issuer}\n`);
});

process.on('SIGTERM', () => server.close(() => process.exit(0)));
