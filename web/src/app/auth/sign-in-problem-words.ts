import { IdpRequestError } from './idp-failure';
import { SignInError } from './sign-in-error';
import type { SignInProblem } from './sign-in-problem';

/**
 * The words for every failure (describe-sign-in-error.ts) and the page that shows them
 * (sign-in-failed.ts) are lazy chunks: most visits never fail, and they were a quarter of the
 * initial script's sign-in code. A failure often comes with the network gone, though, when a chunk
 * can no longer be fetched. So `preloadSignInProblem` fetches both once the app is idle after its
 * first page: from then on `import()` finds them in the browser's module map, with no request. The
 * chunks are content-hashed and cached for good, so a later visit has them even offline. Should a
 * chunk still fail to load, `loadSignInProblem` says so in a few words kept here, with the code.
 */
const loadWords = () => import('./describe-sign-in-error');

/** The sign-in error page's component, for its route's `loadComponent`. */
export const loadSignInFailedPage = () => import('./sign-in-failed').then((page) => page.SignInFailed);

/** Fetches the words and the error page in the background, so a failure needs no network to be shown. */
export function preloadSignInProblem(): void {
  void loadWords().catch(() => undefined);
  void loadSignInFailedPage().catch(() => undefined);
}

/** `describeSignInError` from its lazy chunk; if the chunk cannot be loaded, fewer words, the same code. */
export async function loadSignInProblem(error: unknown, appOrigin: string): Promise<SignInProblem> {
  try {
    const { describeSignInError } = await loadWords();
    return describeSignInError(error, appOrigin);
  } catch {
    return describeWithoutWords(error);
  }
}

/** What `loadSignInProblem` says when the words cannot be loaded: fewer words, the same code. */
export function describeWithoutWords(error: unknown): SignInProblem {
  const code = error instanceof SignInError ? error.code : error instanceof IdpRequestError ? describeIdpFailureCode(error) : 'unexpected';
  return {
    code,
    title: $localize`Sign-in failed`,
    detail: $localize`The app could not load the description of this error: your connection may be down.`,
    fix: $localize`Check your connection, then reload the page.`,
  };
}

/** The IdP's own error code when it gave one (`access_denied`), else what kind of failure it was. */
function describeIdpFailureCode({ failure }: IdpRequestError): string {
  return failure.kind === 'refused' || failure.kind === 'authorization_error' ? failure.error : `idp_${failure.kind}`;
}
