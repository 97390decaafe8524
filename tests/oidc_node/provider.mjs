// The certified OpenID Connect provider (npm "oidc-provider") on loopback, for aluehaku's browser
// sign-in test only (tests/test_oidc_browser.py starts it). Configured by the environment:
//   PORT, CLIENT_ID, CLIENT_SECRET, REDIRECT_URI (aluehaku's /auth/callback),
//   ACCOUNTS  JSON {login: claims}; the claims carry "roles" (aluehaku's roles claim) and "groups".
// People sign in on the package's own development login page (devInteractions); it takes any
// password, so only the listed logins get an account.
import Provider from 'oidc-provider';

const { PORT, CLIENT_ID, CLIENT_SECRET, REDIRECT_URI, ACCOUNTS } = process.env;
const accounts = JSON.parse(ACCOUNTS ?? '{}');

const configuration = {
  clients: [{
    client_id: CLIENT_ID,
    client_secret: CLIENT_SECRET,
    redirect_uris: [REDIRECT_URI],
    grant_types: ['authorization_code'],
    response_types: ['code'],
    token_endpoint_auth_method: 'client_secret_basic',
  }],
  // Code flow with PKCE (S256) required, as aluehaku uses it.
  pkce: { required: () => true },
  // The roles and groups claims come with the "profile" scope aluehaku asks for.
  claims: { openid: ['sub'], profile: ['name', 'roles', 'groups'], email: ['email'] },
  // aluehaku reads the claims from the ID token, so they go there and not only to userinfo.
  conformIdTokenClaims: false,
  async findAccount(ctx, id) {
    const claims = accounts[id];
    if (!claims) return undefined;
    return { accountId: id, claims: async () => ({ ...claims, sub: claims.sub ?? id }) };
  },
  // A first-party client: grant what it asks without a consent screen (the package's recipe).
  async loadExistingGrant(ctx) {
    const grantId = ctx.oidc.result?.consent?.grantId
      || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
    if (grantId) return ctx.oidc.provider.Grant.find(grantId);
    const grant = new ctx.oidc.provider.Grant({
      clientId: ctx.oidc.client.clientId,
      accountId: ctx.oidc.session.accountId,
    });
    grant.addOIDCScope('openid profile email');
    grant.addOIDCClaims(['name', 'roles', 'groups', 'email']);
    await grant.save();
    return grant;
  },
  cookies: { keys: ['aluehaku-test-only-cookie-key'] },
  features: { devInteractions: { enabled: true } },
};

const provider = new Provider(`http://127.0.0.1:${PORT}`, configuration);
provider.on('server_error', (ctx, err) => console.error('server_error', err));
provider.listen(Number(PORT), '127.0.0.1', () => console.log(`ready ${provider.issuer}`));
