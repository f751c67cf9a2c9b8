/**
 * An IdP for the token worker's unit tests: its metadata, a sign-in's redemption, real ES256
 * signing keys for real ID tokens, and JSON answers.
 */
import type * as oauth from 'oauth4webapi';
import type { CodeRedemption } from '../token-keeper-protocol';

export const ISSUER = 'https://idp.example.com';

export const as: oauth.AuthorizationServer = {
  issuer: ISSUER,
  authorization_endpoint: `${ISSUER}/auth`,
  token_endpoint: `${ISSUER}/token`,
  revocation_endpoint: `${ISSUER}/token/revocation`,
  jwks_uri: `${ISSUER}/jwks`,
  id_token_signing_alg_values_supported: ['ES256'],
  authorization_response_iss_parameter_supported: true,
};

export const redemption: CodeRedemption = {
  idp: { as, clientId: 'web' },
  callbackUrl: `https://app.example.com/auth/callback?code=the-code&state=s1&iss=${encodeURIComponent(ISSUER)}`,
  expectedState: 's1',
  codeVerifier: 'the-verifier',
  expectedNonce: 'n1',
  redirectUri: 'https://app.example.com/auth/callback',
  dpopKeyPair: undefined,
};

function base64url(bytes: Uint8Array | string): string {
  const binary = typeof bytes === 'string' ? bytes : String.fromCharCode(...bytes);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** A real ES256 key pair, as the IdP's, to sign real ID tokens. */
export async function idpKeys() {
  const pair = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify']);
  const jwk = await crypto.subtle.exportKey('jwk', pair.publicKey);
  const kid = 'k1';
  return {
    jwks: { keys: [{ kty: jwk.kty, crv: jwk.crv, x: jwk.x, y: jwk.y, kid, alg: 'ES256', use: 'sig' }] },
    async idToken(claims: Record<string, unknown> = {}): Promise<string> {
      const now = Math.floor(Date.now() / 1000);
      const input = `${base64url(JSON.stringify({ alg: 'ES256', kid, typ: 'JWT' }))}.${base64url(
        JSON.stringify({ iss: ISSUER, aud: 'web', sub: 'bob', iat: now, exp: now + 3600, nonce: 'n1', ...claims }),
      )}`;
      const signature = await crypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, pair.privateKey, new TextEncoder().encode(input));
      return `${input}.${base64url(new Uint8Array(signature))}`;
    },
  };
}

export function json(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}
