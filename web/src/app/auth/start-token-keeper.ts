/**
 * Starts the token worker (token-keeper.worker.ts) under the app's CSP, which requires Trusted Types
 * for script URLs (`require-trusted-types-for 'script'`): `new Worker(url)` accepts only a
 * `TrustedScriptURL`, made by a policy the CSP's `trusted-types` directive names.
 */

/** The Trusted Types policy that vouches for the token worker's URL; the API's CSP allows this name. */
export const TOKEN_KEEPER_POLICY = 'token-keeper';

export function startTokenKeeper(): Worker {
  // Angular's build finds a worker by this exact shape, `new Worker(new URL('./…', import.meta.url))`,
  // bundles it and puts the bundle's URL in its place. The `Worker` called here is ours: it passes
  // that URL through the policy before the browser's Worker sees it.
  const Worker = trustedWorkerClass();
  return new Worker(new URL('./token-keeper.worker', import.meta.url), { type: 'module', name: 'token-keeper' });
}

interface TrustedTypesPolicyFactory {
  createPolicy(name: string, rules: { createScriptURL: (url: string) => string }): { createScriptURL(url: string): unknown };
}

let policy: ReturnType<TrustedTypesPolicyFactory['createPolicy']> | undefined;

function trustedWorkerClass() {
  const factory = (globalThis as { trustedTypes?: TrustedTypesPolicyFactory }).trustedTypes;
  // One policy per page: creating a second one with the same name is refused.
  policy ??= factory?.createPolicy(TOKEN_KEEPER_POLICY, { createScriptURL: sameOriginScriptUrl });
  const trusted = (url: URL) => (policy?.createScriptURL(url.href) ?? url.href) as string;
  return class extends globalThis.Worker {
    constructor(url: URL, options: WorkerOptions) {
      super(trusted(url), options);
    }
  };
}

/** The policy vouches for scripts of our own origin only: the bundled worker, nothing else. */
function sameOriginScriptUrl(url: string): string {
  if (new URL(url).origin !== globalThis.location.origin) {
    throw new TypeError(`The ${TOKEN_KEEPER_POLICY} policy refuses a script from another origin: ${url}`);
  }
  return url;
}
