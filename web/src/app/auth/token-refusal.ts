import type { HttpErrorResponse } from '@angular/common/http';
import { TokenRefusal, type ApiError } from '@app/contracts';
import type { SignInProblem } from './sign-in-problem';

const askAdmin = () => $localize`Tell your administrator: the app server’s log names the setting and shows what the token carried.`;

/**
 * Why the app's server refused the access token the IdP just issued, when it said (`reason` in its
 * `invalid_token` answer), as a problem whose fix names the server setting. Right after a sign-in,
 * such a refusal is never the user's doing: the app server and the IdP disagree. `undefined` when
 * the failure was not such a refusal.
 */
export function describeTokenRefusal(error: unknown): SignInProblem | undefined {
  if (!isRefusal(error)) return undefined;
  const reason = (error.error as Partial<ApiError> | null)?.reason;
  const words = reason === undefined ? undefined : refusals()[reason];
  return words === undefined ? undefined : { code: `api_refused_${reason}`, title: $localize`Signed in, but the app’s server refused your access token`, ...words };
}

type Words = Pick<SignInProblem, 'detail' | 'fix'>;

/** Made when asked, not when this module loads: `$localize` needs the translations first. */
const refusals = (): Readonly<Partial<Record<TokenRefusal, Words>>> => ({
  [TokenRefusal.TokenType]: {
    detail: $localize`The identity provider types its access tokens “JWT” (or not at all), and the app’s server accepts only RFC 9068 access tokens (“at+jwt”).`,
    fix: $localize`Set OIDC_PROVIDER to your identity provider’s vendor on the app server, or OIDC_ACCESS_TOKEN_TYP=dangerously-accept-JWT. ${askAdmin()}:askAdmin:`,
  },
  [TokenRefusal.Audience]: {
    detail: $localize`The access token is not meant for this app’s API: its audience (aud) does not name the API the server is set up as.`,
    fix: $localize`Set OIDC_AUDIENCE on the app server to the API’s audience, or have the identity provider add it to the access token. ${askAdmin()}:askAdmin:`,
  },
  [TokenRefusal.Issuer]: {
    detail: $localize`The access token comes from another issuer (iss) than the one the app’s server trusts.`,
    fix: $localize`Set OIDC_ISSUER (or OIDC_ACCESS_TOKEN_ISSUER, when access tokens name another issuer than ID tokens) to the token’s issuer, exactly. ${askAdmin()}:askAdmin:`,
  },
  [TokenRefusal.IdToken]: {
    detail: $localize`The app’s server took the access token for an ID token: it carries a claim only ID tokens carry, or none that marks an access token.`,
    fix: $localize`Set OIDC_PROVIDER to your identity provider’s vendor on the app server, or adjust OIDC_ACCESS_TOKEN_CLAIMS and OIDC_ID_TOKEN_CLAIMS. ${askAdmin()}:askAdmin:`,
  },
  [TokenRefusal.Signature]: {
    detail: $localize`The app’s server cannot verify the access token’s signature with the identity provider’s keys.`,
    fix: $localize`Check OIDC_ISSUER, and OIDC_JWKS_URI or OIDC_JWKS_FILE, on the app server: they must give the keys of the identity provider that signed you in. ${askAdmin()}:askAdmin:`,
  },
  [TokenRefusal.UnknownKey]: {
    detail: $localize`The access token names a signing key (kid) the app’s server does not have: its keys are another identity provider’s, or older than the key that signed the token.`,
    fix: $localize`Check OIDC_ISSUER and OIDC_JWKS_URI on the app server; with OIDC_JWKS_FILE, install the identity provider’s current keys (it rotated them). ${askAdmin()}:askAdmin:`,
  },
  [TokenRefusal.CriticalHeader]: {
    detail: $localize`The identity provider marks an extension of its access tokens as critical (crit), and the app’s server does not understand it.`,
    fix: $localize`Turn that extension off for this client at the identity provider. ${askAdmin()}:askAdmin:`,
  },
  [TokenRefusal.Algorithm]: {
    detail: $localize`The identity provider signs its access tokens with an algorithm the app’s server does not accept (a shared secret, or none).`,
    fix: $localize`The identity provider must sign access tokens with an asymmetric key (RS256, ES256…). ${askAdmin()}:askAdmin:`,
  },
  [TokenRefusal.TooOld]: {
    detail: $localize`The identity provider issues access tokens that live longer than the app’s server accepts.`,
    fix: $localize`Raise OIDC_ACCESS_TOKEN_MAX_AGE on the app server, or shorten the access-token lifetime at the identity provider. ${askAdmin()}:askAdmin:`,
  },
  [TokenRefusal.Expired]: {
    detail: $localize`The app’s server found the brand-new access token already expired: its clock and the identity provider’s disagree.`,
    fix: $localize`Tell your administrator to check the app server’s clock (it must be set automatically).`,
  },
  [TokenRefusal.NotYetValid]: {
    detail: $localize`The app’s server found the brand-new access token not valid yet: its clock and the identity provider’s disagree.`,
    fix: $localize`Tell your administrator to check the app server’s clock (it must be set automatically).`,
  },
  [TokenRefusal.SenderConstrained]: {
    detail: $localize`The identity provider binds its access tokens to a key in a way the app’s server does not accept: DPoP while OIDC_DPOP is off, or a client certificate (mTLS).`,
    fix: $localize`Set OIDC_DPOP=allowed on the app server (the default), or turn certificate-bound tokens off for this client at the identity provider. ${askAdmin()}:askAdmin:`,
  },
  [TokenRefusal.DpopRequired]: {
    detail: $localize`The app’s server accepts only tokens bound to this browser’s key (OIDC_DPOP=required), and the identity provider issued a bearer token: it does not do DPoP for this app.`,
    fix: $localize`Enable DPoP for this client at the identity provider, or set OIDC_DPOP=allowed on the app server. ${askAdmin()}:askAdmin:`,
  },
  [TokenRefusal.DpopProof]: {
    detail: $localize`The app’s server refused this browser’s proof that it holds the key the access token is bound to (DPoP).`,
    fix: $localize`Check that this computer’s clock is right (proofs are dated), then sign in again. If it goes on, tell your administrator: APP_ORIGIN on the app server must be exactly the address in your browser’s address bar (proofs name it).`,
  },
  [TokenRefusal.DpopReplay]: {
    detail: $localize`The app’s server saw this browser’s proof of possession (DPoP) twice, as if a request had been replayed.`,
    fix: $localize`Sign in again. If it goes on, something between your browser and the app (a proxy) may be sending requests twice.`,
  },
  [TokenRefusal.DpopBinding]: {
    detail: $localize`The access token is bound to another key than the one this browser signed its request with (DPoP).`,
    fix: $localize`Sign in again: this browser’s key changed (you signed out in another tab, or cleared the site’s data).`,
  },
});

/**
 * The API's 401 (RFC 6750 §3.1), told by its fields: an `instanceof HttpErrorResponse` here would
 * import `@angular/common/http` into this lazy chunk, which makes the build split the initial script.
 */
function isRefusal(error: unknown): error is HttpErrorResponse {
  const response = error as Partial<HttpErrorResponse> | null;
  return typeof response === 'object' && response !== null && response.name === 'HttpErrorResponse' && response.status === 401;
}
