/**
 * The app against a corporate-shaped IdP: a real oidc-provider run Keycloak-style (issuer with a
 * path, access tokens typed JWT with the client id in aud and no name, company groups under
 * realm_access.roles), configured by environment only, as a team would.
 */
import { expect, signIn, submitIdpLogin, test } from './fixtures.ts';
import type { OwnSystemOptions } from './own-system.ts';

/** The dev IdP's Keycloak shape names the app's roles by these company groups. */
const ROLE_MAP = 'chat:APP-TEAMSPACE-CHAT,analytics:APP-TEAMSPACE-BI';

const keycloakShaped = (appEnv: Record<string, string>): OwnSystemOptions => ({
  slot: 6,
  accessTokenTtl: 300,
  idpShape: 'keycloak',
  idpPath: '/realms/dev',
  appEnv,
});

test.describe('a Keycloak-shaped IdP', () => {
  test('with OIDC_PROVIDER=keycloak and a role map, alice sees the name from her ID token and lands on /chat through her company group', async ({ page, ownSystems }) => {
    const system = await ownSystems.start(keycloakShaped({ OIDC_PROVIDER: 'keycloak', OIDC_ROLE_MAP: ROLE_MAP }));
    await signIn(page, 'alice', system);
    // Her access token has no name claim (only preferred_username "alice"): the name is the ID token's.
    await expect(page.getByTestId('user-name')).toHaveText('Alice Martin');
    await expect(page).toHaveURL(`${system.appOrigin}/chat`);
    await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link')).toHaveText(['Chat']);
  });

  test('bob, in both company groups, opens analytics too; a reload keeps him signed in', async ({ page, ownSystems }) => {
    const system = await ownSystems.start(keycloakShaped({ OIDC_PROVIDER: 'keycloak', OIDC_ROLE_MAP: ROLE_MAP }));
    await signIn(page, 'bob', system);
    await page.getByRole('link', { name: 'Analytics' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Analytics' })).toBeVisible();
    await page.reload();
    await expect(page.getByTestId('user-name')).toHaveText('Bob Dupont');
    await expect(page.getByRole('heading', { level: 1, name: 'Analytics' })).toBeVisible();
  });

  test('on the ordinary settings (no preset), sign-in stops with an error that names the token type and OIDC_PROVIDER', async ({ page, ownSystems }) => {
    const system = await ownSystems.start(keycloakShaped({}));
    await page.goto(`${system.appOrigin}/chat`);
    await submitIdpLogin(page, 'alice', 'alice', system);
    await expect(page).toHaveURL(`${system.appOrigin}/auth/error`);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Signed in, but the app’s server refused your access token');
    await expect(page.getByText('at+jwt')).toBeVisible();
    await expect(page.getByText(/Set OIDC_PROVIDER to your identity provider’s vendor/)).toBeVisible();
    await expect(page.getByText('api_refused_token_type')).toBeVisible();
  });

  test('with a roles claim that is not there, the forbidden page says it may be the app’s settings and names the claim', async ({ page, ownSystems }) => {
    const system = await ownSystems.start(keycloakShaped({ OIDC_PROVIDER: 'keycloak', OIDC_ROLES_CLAIM: 'groups' }));
    await page.goto(`${system.appOrigin}/chat`);
    await submitIdpLogin(page, 'alice', 'alice', system);
    await expect(page).toHaveURL(new RegExp(`^${system.appOrigin}/forbidden`));
    const note = page.getByTestId('roles-setup-problem');
    await expect(note).toContainText('Your sign-in carried no roles where this app looks for them.');
    await expect(note.locator('code', { hasText: 'groups' })).toBeVisible();
  });

  test('with company groups but no role map, the forbidden page hints that none is recognised, without alarming', async ({ page, ownSystems }) => {
    const system = await ownSystems.start(keycloakShaped({ OIDC_PROVIDER: 'keycloak' }));
    await page.goto(`${system.appOrigin}/chat`);
    await submitIdpLogin(page, 'alice', 'alice', system);
    await expect(page.getByTestId('roles-unrecognised')).toContainText('none that this app is set to recognise');
    await expect(page.getByTestId('roles-setup-problem')).toHaveCount(0);
  });
});
