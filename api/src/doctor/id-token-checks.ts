/**
 * Check group 6, the ID token: is it the IdP's, for the SPA (OIDC Core §3.1.3.7), and would the API
 * refuse it as an access token? An ID token is proof of sign-in for the SPA, never a credential for
 * the API (OIDC Core §2; RFC 9068 §4 via `typ`), so something must tell the two apart: its `typ`,
 * a claim only ID tokens carry, or the lack of one only access tokens carry.
 */
import type { JWTHeaderParameters, JWTPayload } from 'jose';
import { quoted } from '../auth/quoted.ts';
import { assertAccessTokenType, assertMarkedAsAccessToken, assertNotAnIdToken } from '../auth/access-token-rules.ts';
import type { AppConfig } from '../config.ts';
import type { TokenCheckContext } from './access-token-checks.ts';
import { audiencesOf, decodeToken } from './decoded-token.ts';
import { fail, pass, type Finding } from './finding.ts';
import { isTypedAccessToken, refusal } from './guard-refusal.ts';
import { checkSignature } from './token-signature.ts';

const LABEL = 'ID token';

export async function checkIdToken(token: string, accessTokenPayload: JWTPayload | undefined, context: TokenCheckContext): Promise<Finding[]> {
  const decoded = decodeToken(token);
  if (decoded.kind !== 'jws') return [fail(`${LABEL}: not a signed JWT`, 'an ID token is always a JWT (OIDC Core section 2): is this the id_token the app received?')];
  const { header, payload } = decoded;
  return [
    await checkSignature(LABEL, token, header, context.keys),
    checkIdTokenIssuer(payload, context.config),
    checkIdTokenAudience(payload, context.config),
    checkRefusedAsAccessToken(header, payload, accessTokenPayload, context.config),
  ];
}

export function checkIdTokenIssuer(payload: JWTPayload, config: AppConfig): Finding {
  if (payload.iss === config.oidc.issuer) return pass(`${LABEL}: iss is OIDC_ISSUER`);
  return fail(
    `${LABEL}: iss differs from OIDC_ISSUER`,
    `the ID token's iss is ${quoted(payload.iss)}; OIDC_ISSUER is ${quoted(config.oidc.issuer)}, and the app compares them exactly`,
    typeof payload.iss === 'string' ? `set OIDC_ISSUER=${payload.iss}, or copy the tokens from this IdP` : 'copy the tokens from this IdP',
  );
}

export function checkIdTokenAudience(payload: JWTPayload, config: AppConfig): Finding {
  const audiences = audiencesOf(payload);
  if (audiences.includes(config.oidc.clientId)) return pass(`${LABEL}: aud contains OIDC_CLIENT_ID`);
  return fail(
    `${LABEL}: aud does not contain OIDC_CLIENT_ID`,
    `the ID token's aud is ${quoted(payload.aud)}; OIDC_CLIENT_ID is ${quoted(config.oidc.clientId)}: the app would refuse this sign-in`,
    audiences.length === 1 ? `set OIDC_CLIENT_ID=${audiences[0]}` : 'set OIDC_CLIENT_ID to the SPA\'s client id',
  );
}

/** Runs the guard's rules that tell an ID token from an access token, and says which one gives it away. */
export function checkRefusedAsAccessToken(
  header: JWTHeaderParameters,
  payload: JWTPayload,
  accessTokenPayload: JWTPayload | undefined,
  config: AppConfig,
): Finding {
  const { typ, idTokenClaims, accessTokenClaims } = config.oidc.accessToken;
  const byType = refusal(() => assertAccessTokenType(header, typ));
  if (byType !== undefined) return pass(`${LABEL}: the API would refuse it as an access token: its typ ${quoted(header.typ)} gives it away`);
  const byIdClaims = refusal(() => assertNotAnIdToken(payload, idTokenClaims));
  if (byIdClaims !== undefined) {
    const found = idTokenClaims.filter((claim) => Object.hasOwn(payload, claim));
    return pass(`${LABEL}: the API would refuse it as an access token: it carries ${found.join(', ')} (OIDC_ID_TOKEN_CLAIMS)`);
  }
  if (!isTypedAccessToken(header) && refusal(() => assertMarkedAsAccessToken(payload, accessTokenClaims)) !== undefined) {
    return pass(`${LABEL}: the API would refuse it as an access token: it carries none of ${accessTokenClaims.join(', ')} (OIDC_ACCESS_TOKEN_CLAIMS)`);
  }
  return fail(
    `${LABEL}: nothing tells it apart from an access token`,
    `its typ is ${quoted(header.typ)}, it carries none of OIDC_ID_TOKEN_CLAIMS (${idTokenClaims.join(', ')}) and carries ${accessTokenClaims.filter((claim) => Object.hasOwn(payload, claim)).join(', ') || 'an at+jwt typ'} (OIDC_ACCESS_TOKEN_CLAIMS)`,
    ...claimDifferences(payload, accessTokenPayload),
    'set OIDC_ID_TOKEN_CLAIMS to a claim only ID tokens carry, or OIDC_ACCESS_TOKEN_CLAIMS to one only access tokens carry',
  );
}

/** Claim names only one of the two tokens carries: candidates for the two settings. */
function claimDifferences(idToken: JWTPayload, accessToken: JWTPayload | undefined): string[] {
  if (accessToken === undefined) return ['give --tokens the access token too, to see which claims only one of them carries'];
  const onlyIn = (a: JWTPayload, b: JWTPayload) => Object.keys(a).filter((claim) => !Object.hasOwn(b, claim)).join(', ') || 'none';
  return [`claims only the ID token carries: ${onlyIn(idToken, accessToken)}`, `claims only the access token carries: ${onlyIn(accessToken, idToken)}`];
}
