// A real OpenID Connect provider for the tests (the oidc-provider package) on a free 127.0.0.1
// port: discovery, the authorization endpoint with its own login and consent pages (its
// development interactions: any password), token, userinfo and signed ID tokens. The accounts
// are a school district's; a test may change their claims between sign-ins.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';

export type TestAccount = {
  email: string;
  email_verified: boolean;
  name: string;
  department?: string;
  groups?: string[];
};

/** The district's people, by login (their subject at the provider). */
export const districtAccounts = (): Record<string, TestAccount> => ({
  teacher: {
    email: 'teacher@district.test',
    email_verified: true,
    name: 'Tess Teacher',
    department: 'Science',
    groups: ['teachers', 'science-dept'],
  },
  itadmin: { email: 'it-admin@district.test', email_verified: true, name: 'Ida Admin' },
  unverified: { email: 'unverified@district.test', email_verified: false, name: 'Una Verified' },
  outsider: { email: 'someone@elsewhere.test', email_verified: true, name: 'Otto Outsider' },
  newcomer: {
    email: 'newcomer@district.test',
    email_verified: true,
    name: 'Nora Newcomer',
    groups: ['teachers'],
  },
});

export const TEST_CLIENT = { id: 'portico-test', secret: 'portico-test-secret-0123456789' };

export type TestOidcProvider = {
  issuer: string;
  /** Edit to change what the provider says at the next sign-in. */
  accounts: Record<string, TestAccount>;
  close(): Promise<void>;
};

export async function startOidcProvider(
  redirectUris: string[],
  accounts: Record<string, TestAccount> = districtAccounts(),
): Promise<TestOidcProvider> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: TEST_CLIENT.id,
        client_secret: TEST_CLIENT.secret,
        redirect_uris: redirectUris,
        token_endpoint_auth_method: 'client_secret_post',
        grant_types: ['authorization_code'],
        response_types: ['code'],
      },
    ],
    claims: {
      openid: ['sub'],
      email: ['email', 'email_verified'],
      profile: ['name', 'department', 'groups'],
    },
    pkce: { required: () => true },
    cookies: { keys: ['test-cookie-key-not-secret'] },
    features: { devInteractions: { enabled: true } },
    findAccount: (_ctx: unknown, id: string) => {
      const account = accounts[id];
      return account && { accountId: id, claims: async () => ({ sub: id, ...accounts[id] }) };
    },
  });
  // Its own errors are the test's answer (a refusal), not noise on the console.
  provider.on('server_error', () => undefined);
  server.on('request', provider.callback());
  return {
    issuer,
    accounts,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
