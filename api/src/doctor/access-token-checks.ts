/**
 * Check group 6, the access token: would the API take the sample the IdP issued, and whom would it
 * see? Each rule is the token guard's own function (`verify-access-token.ts`), run on the sample's
 * claims, so the doctor and the API cannot disagree; then the guard as a whole, as the API runs it.
 * Only claim names and the IdP's public values are shown, never the token.
 */
import { createLocalJWKSet, type JWTHeaderParameters, type JWTPayload } from 'jose';
import { quoted } from '../auth/quoted.ts';
import { assertAccessTokenType, assertAudienceIsStringOrStrings, assertBindingVerifiable, assertIdentifierClaimsAreStrings, assertMarkedAsAccessToken, assertNotAnIdToken, assertNumericDatesAreFinite, assertSubjectIsString, dpopThumbprintOf } from '../auth/access-token-rules.ts';
import { assertBearerAllowed } from '../auth/dpop/sender-constraint.ts';
import { CLOCK_TOLERANCE_SECONDS, REQUIRED_CLAIMS, createAccessTokenVerifier } from '../auth/verify-access-token.ts';
import type { AppConfig } from '../config.ts';
import { audiencesOf, decodeToken } from './decoded-token.ts';
import { fail, pass, warn, type Finding } from './finding.ts';
import { isTypedAccessToken, refusal, refusalLines } from './guard-refusal.ts';
import { checkDisplayName, checkRoles } from './roles-and-name-checks.ts';
import { checkSignature, type KeysForTokens } from './token-signature.ts';
import type { VendorWords } from './vendor-words.ts';

export interface TokenCheckContext {
  readonly config: AppConfig;
  readonly keys: KeysForTokens;
  readonly words: VendorWords;
  /** Seconds since the epoch. */
  readonly now: number;
}

const LABEL = 'Access token';

export async function checkAccessToken(token: string, idTokenPayload: JWTPayload | undefined, context: TokenCheckContext): Promise<Finding[]> {
  const decoded = decodeToken(token);
  if (decoded.kind !== 'jws') return [checkNotOpaque(decoded.kind, context)];
  const { header, payload } = decoded;
  if (header['nonce'] !== undefined) return [graphToken()];
  const { config } = context;
  const rules = [
    await checkSignature(LABEL, token, header, context.keys),
    checkRequiredClaims(payload),
    checkType(header, config),
    checkIssuer(payload, config),
    checkAudience(payload, config, context.words),
    ...checkLifetime(payload, config, context.now),
    checkNotAnIdToken(payload, config),
    ...(isTypedAccessToken(header) ? [] : [checkMarkedAsAccessToken(payload, config)]),
    checkClaimShapes(payload),
    checkBinding(payload, config),
  ];
  const verdict = rules.every((finding) => finding.status === 'pass') ? [await checkGuardAccepts(token, context)] : [];
  return [...rules, checkRoles(payload, config, context.words), checkDisplayName(payload, idTokenPayload), ...verdict];
}

/** The API verifies JWTs by itself; looking up an opaque token is introspection (RFC 7662), a POST to the IdP. */
export function checkNotOpaque(kind: 'jwe' | 'opaque', { config, words }: TokenCheckContext): Finding {
  return fail(
    kind === 'jwe' ? 'The access token is encrypted (JWE): the API cannot read it' : 'The access token is opaque (not a JWT): the API cannot verify it',
    'the API verifies JWT access tokens itself (RFC 9068); looking an opaque token up would be introspection, a POST to the IdP, which it may not make',
    `ask the IdP team for signed JWT access tokens for the API's audience ${config.oidc.audience}: ${words.audience}`,
  );
}

/** Entra ID: a `nonce` in the JOSE header marks a Microsoft Graph token, which only Graph can verify. */
export function graphToken(): Finding {
  return fail(
    'The access token is for Microsoft Graph, not for the API',
    "its header carries a nonce, as Graph's tokens do: no one but Graph can verify them",
    "add your API's scope to OIDC_SCOPES (api://<application-id>/access_as_user): Entra ID then issues the access token for the API",
  );
}

/** RFC 9068 §2.2: `iss`, `sub`, `aud`, `exp`, `iat`. */
export function checkRequiredClaims(payload: JWTPayload): Finding {
  const missing = REQUIRED_CLAIMS.filter((claim) => payload[claim] === undefined);
  if (missing.length === 0) return pass(`${LABEL}: has ${REQUIRED_CLAIMS.join(', ')} (RFC 9068 section 2.2)`);
  return fail(`${LABEL}: lacks ${missing.join(', ')}`, 'the API requires every one of them (RFC 9068 section 2.2): ask the IdP team for RFC 9068 access tokens');
}

export function checkType(header: JWTHeaderParameters, config: AppConfig): Finding {
  const { typ } = config.oidc.accessToken;
  const refused = refusal(() => assertAccessTokenType(header, typ));
  const title = `${LABEL}: typ ${quoted(header.typ)}`;
  return refused === undefined ? pass(`${title} is accepted (OIDC_ACCESS_TOKEN_TYP=${typ})`) : fail(`${title} is refused`, ...refused);
}

/** Entra ID's v1.0 access tokens name `https://sts.windows.net/<tenant>/`, not the v2.0 issuer. */
const ENTRA_V1_ISSUER = /^https:\/\/sts\.windows\.net\/[^/]+\/$/;

export function checkIssuer(payload: JWTPayload, config: AppConfig): Finding {
  const expected = config.oidc.accessToken.issuer;
  if (payload.iss === expected) return pass(`${LABEL}: iss is ${quoted(expected)}`);
  const seen = `the token's iss is ${quoted(payload.iss)}; the API expects ${quoted(expected)} (RFC 9068 section 4: exactly)`;
  if (typeof payload.iss === 'string' && ENTRA_V1_ISSUER.test(payload.iss)) {
    return fail(
      `${LABEL}: an Entra ID v1.0 token (iss ${payload.iss})`,
      seen,
      'in the API\'s app registration, Manifest: set "requestedAccessTokenVersion": 2 (accessTokenAcceptedVersion) to get v2.0 tokens, whose iss is OIDC_ISSUER',
      `or accept v1.0 tokens: set OIDC_ACCESS_TOKEN_ISSUER=${payload.iss}`,
    );
  }
  return fail(
    `${LABEL}: iss differs`,
    seen,
    typeof payload.iss === 'string'
      ? `if the IdP gives access tokens this issuer, set OIDC_ACCESS_TOKEN_ISSUER=${payload.iss}; otherwise the token comes from another IdP`
      : 'the token names no issuer: it is not one the API can accept',
  );
}

export function checkAudience(payload: JWTPayload, config: AppConfig, words: VendorWords): Finding {
  const { audience } = config.oidc;
  if (audiencesOf(payload).includes(audience)) return pass(`${LABEL}: aud ${quoted(payload.aud)} contains OIDC_AUDIENCE`);
  return fail(
    `${LABEL}: aud does not contain OIDC_AUDIENCE`,
    `the token's aud is ${quoted(payload.aud)}; OIDC_AUDIENCE is ${quoted(audience)}`,
    `set OIDC_AUDIENCE to the value the IdP gives the API, or get it into the token: ${words.audience}`,
  );
}

/**
 * The API refuses tokens older than `OIDC_ACCESS_TOKEN_MAX_AGE`, whatever their `exp`; a sample that
 * has expired since it was copied still has claims worth checking.
 */
export function checkLifetime(payload: JWTPayload, config: AppConfig, now: number): Finding[] {
  const { exp, iat } = payload;
  if (typeof exp !== 'number' || typeof iat !== 'number') return [];
  const lifetime = exp - iat;
  const maxAge = config.oidc.accessToken.maxAgeSeconds;
  const findings = [
    lifetime > maxAge
      ? fail(
          `${LABEL}: lives ${lifetime} s, more than OIDC_ACCESS_TOKEN_MAX_AGE (${maxAge} s)`,
          `the API refuses it from ${maxAge} s after it was issued, before it expires`,
          `raise OIDC_ACCESS_TOKEN_MAX_AGE to ${lifetime}, or shorten the access-token lifetime at the IdP (short-lived tokens are safer: RFC 10017)`,
        )
      : pass(`${LABEL}: lives ${lifetime} s (OIDC_ACCESS_TOKEN_MAX_AGE allows ${maxAge} s)`),
  ];
  if (exp + CLOCK_TOLERANCE_SECONDS < now) {
    findings.push(warn(`${LABEL}: this sample expired at ${new Date(exp * 1000).toISOString()}`, 'copy a fresh one to run the API\'s guard on it; the other checks ran on its claims'));
  } else if (iat - CLOCK_TOLERANCE_SECONDS > now) {
    findings.push(warn(`${LABEL}: issued ${iat - now} s in the future`, "this machine's clock or the IdP's is off: the API refuses tokens issued in the future"));
  }
  return findings;
}

export function checkNotAnIdToken(payload: JWTPayload, config: AppConfig): Finding {
  const claims = config.oidc.accessToken.idTokenClaims;
  const refused = refusal(() => assertNotAnIdToken(payload, claims));
  return refused === undefined
    ? pass(`${LABEL}: carries none of ${claims.join(', ')} (OIDC_ID_TOKEN_CLAIMS): not an ID token`)
    : fail(`${LABEL}: looks like an ID token`, ...refused);
}

export function checkMarkedAsAccessToken(payload: JWTPayload, config: AppConfig): Finding {
  const claims = config.oidc.accessToken.accessTokenClaims;
  const refused = refusal(() => assertMarkedAsAccessToken(payload, claims));
  const found = claims.filter((claim) => Object.hasOwn(payload, claim));
  return refused === undefined
    ? pass(`${LABEL}: carries ${found.join(', ')} (OIDC_ACCESS_TOKEN_CLAIMS): marked as an access token`)
    : fail(`${LABEL}: nothing marks it as an access token`, ...refused, `its claims: ${Object.keys(payload).join(', ')}`);
}

/** RFC 7519 and RFC 9068 §2.2 value types. */
export function checkClaimShapes(payload: JWTPayload): Finding {
  const rules = [assertNumericDatesAreFinite, assertAudienceIsStringOrStrings, assertSubjectIsString, assertIdentifierClaimsAreStrings];
  const refused = rules.flatMap((rule) => refusal(() => rule(payload)) ?? []);
  return refused.length === 0 ? pass(`${LABEL}: claim values are well-formed`) : fail(`${LABEL}: malformed claims`, ...refused);
}

/**
 * RFC 9449 §6.1, §7: a DPoP-bound token (`cnf.jkt`) is accepted with the proof the app signs with
 * its key on every request, which a copied sample does not have: the doctor checks everything
 * else, and says so. A bearer token is refused with `OIDC_DPOP=required`; a binding the API cannot
 * check (mTLS), or any binding with `OIDC_DPOP=off`, is refused.
 */
export function checkBinding(payload: JWTPayload, config: AppConfig): Finding {
  const { dpop } = config.oidc.accessToken;
  const refused = refusal(() => assertBindingVerifiable(payload, dpop)) ?? refusal(() => assertBearerAllowed(dpop, dpopThumbprintOf(payload)));
  if (refused !== undefined) return fail(`${LABEL}: its key binding is refused (OIDC_DPOP=${dpop})`, ...refused);
  const jkt = dpopThumbprintOf(payload);
  if (jkt === undefined) return pass(`${LABEL}: a bearer token (no cnf): whoever holds a copy can use it until it expires (OIDC_DPOP=${dpop})`);
  return pass(
    `${LABEL}: DPoP-bound to the browser's key (cnf.jkt ${jkt})`,
    'the API accepts it only with a DPoP proof signed by that key, which the app makes for each request (RFC 9449): this sample alone, or any copy of it, is refused',
    'the other checks here are the guard\'s own, run without the proof',
  );
}

/** The guard as a whole, as the API runs it: the last word, once every rule above passed. */
export async function checkGuardAccepts(token: string, { config, keys }: TokenCheckContext): Promise<Finding> {
  if (keys.jwks === undefined) return warn('The API\'s guard was not run: no keys');
  const policy = { ...config.oidc.accessToken, audience: config.oidc.audience, roles: config.oidc.roles };
  const verify = createAccessTokenVerifier(policy, createLocalJWKSet(keys.jwks));
  try {
    const principal = await verify(token);
    const accepted = `(sub ${quoted(principal.sub)}, roles: ${principal.roles.join(', ') || 'none'})`;
    return principal.dpopJkt === undefined
      ? pass(`The API accepts this access token ${accepted}`)
      : pass(`The API's guard accepts this access token ${accepted}, with a DPoP proof of its key`, 'every rule but the proof ran on the sample: the API will need the proof the app signs with each request');
  } catch (error) {
    return fail('The API refuses this access token', ...refusalLines(error));
  }
}
