// A real OpenID Connect provider (panva's `oidc-provider`) for the single sign-on tests.
//
// Test infrastructure only: it accepts ANY login name without a password. Never expose it
// beyond loopback.
//
//   node provider.js PORT        (or OIDC_PORT=PORT node provider.js)
//
// Environment:
//   OIDC_PORT               port on 127.0.0.1 (when not given as the first argument)
//   OIDC_CLIENT_ID          the one confidential client (default "ceremony")
//   OIDC_CLIENT_SECRET      its secret (required)
//   OIDC_REDIRECT_URIS      comma-separated redirect URIs (default
//                           http://127.0.0.1/auth/sso/callback); loopback http URIs match
//                           on any port (RFC 8252 section 7.3), so one provider serves apps
//                           started on free ports
//   OIDC_TOKEN_AUTH_METHOD  client_secret_basic (default) or client_secret_post
//   OIDC_ACCOUNTS           JSON map login -> e-mail, or login -> {email, email_verified,
//                           name, tid, oid, preferred_username}; an e-mail of null leaves
//                           the claim out; email_verified is sent as given (true when not
//                           given, left out when null: Entra ID sends none). Any other
//                           login gets <login>@example.org, verified, with the login as name.
//   OIDC_CONFORM_ID_TOKEN   "1": the ID token holds only `sub` and the protocol claims; the
//                           scope's claims (e-mail, name, ...) come from userinfo only
//
// The subject (`sub`) is stable: hex SHA-256 of "ceremony-test-sub:" + login, first 32
// characters (tests/oidc_provider.py computes the same).
//
// Interactions: GET /interaction/:uid shows a login form (one field, `login`); consent is
// granted automatically, so a browser or a plain HTTP client completes a login with one
// form post.

import { createHash, generateKeyPairSync, randomBytes } from 'node:crypto';
import { parse as parseQuery } from 'node:querystring';

import Provider from 'oidc-provider';

const port = Number(process.argv[2] || process.env.OIDC_PORT);
if (!Number.isInteger(port) || port <= 0) {
  console.error('usage: node provider.js PORT (or OIDC_PORT)');
  process.exit(2);
}
const issuer = `http://127.0.0.1:${port}`;
const clientId = process.env.OIDC_CLIENT_ID || 'ceremony';
const clientSecret = process.env.OIDC_CLIENT_SECRET;
if (!clientSecret) {
  console.error('OIDC_CLIENT_SECRET is required');
  process.exit(2);
}
const redirectUris = (process.env.OIDC_REDIRECT_URIS || 'http://127.0.0.1/auth/sso/callback')
  .split(',').map((uri) => uri.trim()).filter(Boolean);
const authMethod = process.env.OIDC_TOKEN_AUTH_METHOD || 'client_secret_basic';
const accountMap = JSON.parse(process.env.OIDC_ACCOUNTS || '{}');

function subFor(login) {
  return createHash('sha256').update(`ceremony-test-sub:${login}`).digest('hex').slice(0, 32);
}

function claimsFor(login) {
  let entry = Object.hasOwn(accountMap, login) ? accountMap[login] : `${login}@example.org`;
  if (entry === null || typeof entry === 'string') {
    entry = { email: entry };
  }
  const claims = { sub: subFor(login), name: entry.name ?? login };
  if (entry.email) {
    claims.email = entry.email;
    const verified = Object.hasOwn(entry, 'email_verified') ? entry.email_verified : true;
    if (verified !== null) {
      claims.email_verified = verified; // as given: also the string "false" of a sloppy provider
    }
  }
  for (const key of ['tid', 'oid', 'preferred_username']) {
    if (entry[key] !== undefined) {
      claims[key] = entry[key]; // Entra ID's tenant, object id and sign-in name
    }
  }
  return claims;
}

const logins = new Map(); // accountId (sub) -> login name, filled at login

const signingKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey
  .export({ format: 'jwk' });

const configuration = {
  clients: [{
    client_id: clientId,
    client_secret: clientSecret,
    // "native" only so that loopback redirect URIs match on any port (RFC 8252); the
    // client is confidential all the same: it authenticates with its secret.
    application_type: 'native',
    redirect_uris: redirectUris,
    response_types: ['code'],
    grant_types: ['authorization_code'],
    token_endpoint_auth_method: authMethod,
  }],
  scopes: ['openid', 'email', 'profile'],
  claims: {
    openid: ['sub'],
    email: ['email', 'email_verified'],
    profile: ['name', 'preferred_username', 'tid', 'oid'],
  },
  // put the scope's claims in the ID token too, as Entra ID and Keycloak do (unless asked not to)
  conformIdTokenClaims: process.env.OIDC_CONFORM_ID_TOKEN === '1',
  pkce: { required: () => true },
  features: { devInteractions: { enabled: false } },
  interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
  cookies: { keys: [randomBytes(32).toString('hex')] },
  jwks: { keys: [{ ...signingKey, kid: 'test-key-1', use: 'sig', alg: 'RS256' }] },
  ttl: {
    AccessToken: 600,
    AuthorizationCode: 60,
    IdToken: 600,
    Interaction: 600,
    Session: 3600,
    Grant: 3600,
  },
  async findAccount(ctx, id) {
    const login = logins.get(id);
    if (login === undefined) {
      return undefined;
    }
    return { accountId: id, claims: async () => claimsFor(login) };
  },
};

const provider = new Provider(issuer, configuration);

const escape = (text) => String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function loginPage(uid) {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Test identity provider</title></head>
<body>
  <h1>Test identity provider</h1>
  <form method="post" action="/interaction/${escape(uid)}/login">
    <label for="login">Login</label>
    <input id="login" name="login" type="text" required autofocus autocomplete="off">
    <button type="submit">Sign in</button>
  </form>
</body></html>`;
}

async function readForm(req) {
  const chunks = [];
  let size = 0;
  for await (const chunk of req) {
    size += chunk.length;
    if (size > 64 * 1024) {
      throw new Error('form too large');
    }
    chunks.push(chunk);
  }
  return parseQuery(Buffer.concat(chunks).toString('utf8'));
}

async function grantConsent(ctx, details) {
  const { grantId, params, session, prompt } = details;
  const grant = grantId
    ? await provider.Grant.find(grantId)
    : new provider.Grant({ accountId: session.accountId, clientId: params.client_id });
  if (prompt.details.missingOIDCScope) {
    grant.addOIDCScope(prompt.details.missingOIDCScope.join(' '));
  }
  if (prompt.details.missingOIDCClaims) {
    grant.addOIDCClaims(prompt.details.missingOIDCClaims);
  }
  const result = { consent: { grantId: await grant.save() } };
  await provider.interactionFinished(ctx.req, ctx.res, result, { mergeWithLastSubmission: true });
}

// Interaction routes, ahead of the provider's own routes.
provider.use(async (ctx, next) => {
  const match = /^\/interaction\/([\w-]+)(\/login)?$/.exec(ctx.path);
  if (!match) {
    return next();
  }
  ctx.set('Cache-Control', 'no-store');
  const details = await provider.interactionDetails(ctx.req, ctx.res);
  if (details.uid !== match[1]) {
    ctx.throw(400, 'interaction mismatch');
  }
  if (ctx.method === 'GET' && !match[2]) {
    if (details.prompt.name === 'consent') {
      ctx.respond = false;
      return grantConsent(ctx, details);
    }
    ctx.type = 'html';
    ctx.body = loginPage(details.uid);
    return undefined;
  }
  if (ctx.method === 'POST' && match[2] && details.prompt.name === 'login') {
    const login = String((await readForm(ctx.req)).login || '').trim();
    if (!login) {
      ctx.status = 400;
      ctx.type = 'html';
      ctx.body = loginPage(details.uid);
      return undefined;
    }
    const accountId = subFor(login);
    logins.set(accountId, login);
    ctx.respond = false;
    return provider.interactionFinished(ctx.req, ctx.res, {
      login: { accountId },
    }, { mergeWithLastSubmission: false });
  }
  return ctx.throw(405);
});

provider.listen(port, '127.0.0.1', () => {
  console.log(`oidc test provider listening on ${issuer}`);
});
