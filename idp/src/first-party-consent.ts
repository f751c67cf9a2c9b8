/**
 * Consent for our own app is implied: the SPA is a first-party client, so asking "allow web to read your
 * profile?" would teach users to click through consent screens. Every scope, claim and API scope it asks
 * for is granted, and recorded in a Grant like an explicit consent would be.
 */
import type { Configuration, Grant, Interaction, KoaContextWithOIDC } from 'oidc-provider';
import type Provider from 'oidc-provider';

/**
 * oidc-provider's `loadExistingGrant`: for the first-party client, the session's grant (or a new one)
 * extended with what this request asks for, so the consent prompt never triggers.
 */
export function loadExistingGrant(firstPartyClientId: string): NonNullable<Configuration['loadExistingGrant']> {
  return async (ctx) => {
    const existing = await findSessionGrant(ctx);
    const { client, account } = ctx.oidc;
    if (client?.clientId !== firstPartyClientId || account === undefined) {
      return existing;
    }
    const grant = existing ?? new ctx.oidc.provider.Grant({ accountId: account.accountId, clientId: client.clientId });
    addScopes(grant, [...ctx.oidc.requestParamOIDCScopes]);
    grant.addOIDCClaims(ctx.oidc.requestParamClaims);
    for (const [indicator, resourceServer] of Object.entries(ctx.oidc.resourceServers ?? {})) {
      addScopes(grant, [...resourceServer.scopes], indicator);
    }
    await grant.save();
    return grant;
  };
}

/** The grant this session already holds for the client, if it still exists and is the same user's. */
async function findSessionGrant(ctx: KoaContextWithOIDC): Promise<Grant | undefined> {
  const { client, account, session, result } = ctx.oidc;
  if (client === undefined || account === undefined) {
    return undefined;
  }
  const grantId = result?.consent?.grantId ?? session?.grantIdFor(client.clientId);
  const grant = grantId === undefined ? undefined : await ctx.oidc.provider.Grant.find(grantId);
  return grant?.accountId === account.accountId && grant.clientId === client.clientId ? grant : undefined;
}

/**
 * Resolves a `consent` prompt that reached the interaction page anyway (belt and braces): grants what
 * the prompt says is missing and returns the interaction result.
 */
export async function grantMissingConsent(
  provider: Provider,
  interaction: Interaction,
): Promise<{ consent: { grantId?: string } }> {
  const { details } = interaction.prompt;
  const accountId = interaction.session?.accountId;
  const clientId = interaction.params['client_id'];
  if (accountId === undefined || typeof clientId !== 'string') {
    throw new Error('consent prompt without a signed-in user or client');
  }
  const existing = interaction.grantId === undefined ? undefined : await provider.Grant.find(interaction.grantId);
  const grant = existing ?? new provider.Grant({ accountId, clientId });
  addScopes(grant, stringsOf(details['missingOIDCScope']));
  grant.addOIDCClaims(stringsOf(details['missingOIDCClaims']));
  for (const [indicator, scopes] of Object.entries(recordOf(details['missingResourceScopes']))) {
    addScopes(grant, stringsOf(scopes), indicator);
  }
  const grantId = await grant.save();
  // A new grant must be named in the result; an existing one is already the interaction's.
  return { consent: existing === undefined ? { grantId } : {} };
}

/** Grant's add methods join with spaces: an empty list would leave an empty scope token behind. */
function addScopes(grant: Grant, scopes: string[], resourceIndicator?: string): void {
  const nonEmpty = scopes.filter((scope) => scope !== '');
  if (nonEmpty.length === 0) {
    return;
  }
  if (resourceIndicator === undefined) {
    grant.addOIDCScope(nonEmpty);
  } else {
    grant.addResourceScope(resourceIndicator, nonEmpty);
  }
}

function stringsOf(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

function recordOf(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
}
