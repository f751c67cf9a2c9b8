import * as oauth from 'oauth4webapi';

/** What a proven request needs of the API's answer: its status and two headers. */
export interface ApiAnswer {
  readonly status: number;
  readonly headers: { get(name: string): string | null };
}

/** `use_dpop_nonce`: the API wants its nonce in the proof; the request may be made once more (RFC 9449 §9). */
export type ProofOutcome = 'done' | 'use_dpop_nonce';

/** A request's credentials (`Authorization`, and `DPoP` for a bound token), and what to do with its answer. */
export interface PreparedRequest {
  readonly headers: Readonly<Record<string, string>>;
  /** Hands over the API's answer: oauth4webapi keeps its `DPoP-Nonce`, and says whether to retry with it. */
  answered(answer: ApiAnswer): Promise<ProofOutcome>;
}

/*
 * DPoP with oauth4webapi, a lazy chunk: most of oauth4webapi's code in the page is here (the proof's
 * JWT, the request it belongs to, the `WWW-Authenticate` parser), and it is needed only once a
 * DPoP-bound session calls the API, not to show a page. `DpopKey` and `ApiAuthorization` import it
 * when they first need it; it comes from the app's own origin, like the API it signs requests for.
 */

/**
 * Makes the DPoP proof of one request to the app's own API with oauth4webapi's DPoP handle, while
 * the app's own HTTP client (Angular's, or `fetch` for the live stream) sends it.
 *
 * oauth4webapi makes a proof as part of a request it sends (`protectedResourceRequest`): the proof
 * with `htm`, `htu`, `iat`, `jti`, `ath` and the API's latest nonce, and `Authorization: DPoP`. Its
 * `customFetch` hook hands us those headers instead of sending anything, and waits for the answer
 * the app's client gets, which it then reads as its own: it keeps the answer's `DPoP-Nonce` for the
 * next proof (RFC 9449 §9), and a `use_dpop_nonce` challenge shows as {@link oauth.isDPoPNonceError}.
 *
 * @see [RFC 9449 §7 - Protected Resource Access](https://www.rfc-editor.org/rfc/rfc9449.html#section-7)
 */
export async function proveRequest(handle: oauth.DPoPHandle, accessToken: string, method: string, url: URL): Promise<PreparedRequest> {
  let send!: (headers: Record<string, string>) => void;
  const sending = new Promise<Record<string, string>>((resolve) => (send = resolve));
  let answer!: (response: Response) => void;
  const answered = new Promise<Response>((resolve) => (answer = resolve));

  const outcome = oauth
    .protectedResourceRequest(accessToken, method, url, undefined, null, {
      DPoP: handle,
      // Our own origin: plain http on a developer's loopback, https anywhere else.
      [oauth.allowInsecureRequests]: url.protocol === 'http:' && isLoopback(url.hostname),
      [oauth.customFetch]: (_url, init) => {
        send(init.headers);
        return answered;
      },
    })
    .then(
      (): ProofOutcome => 'done',
      (error: unknown): ProofOutcome => (oauth.isDPoPNonceError(error) ? 'use_dpop_nonce' : 'done'),
    );
  const headers = await Promise.race([sending, outcome.then(() => Promise.reject(new Error('The DPoP proof could not be made')))]);
  return {
    headers: { Authorization: headers['authorization'] ?? '', DPoP: headers['dpop'] ?? '' },
    answered: ({ status, headers: answerHeaders }) => {
      // A network failure has no status: nothing to learn from it.
      if (status < 200 || status > 599) return Promise.resolve('done');
      answer(new Response(null, { status, headers: copied(answerHeaders, ['dpop-nonce', 'www-authenticate']) }));
      return outcome;
    },
  };
}

/** oauth4webapi's proof maker for this browser's key pair (it keeps the API's latest nonce). */
export function makeDpopHandle(keyPair: CryptoKeyPair): oauth.DPoPHandle {
  return oauth.DPoP({}, keyPair);
}

function copied(headers: ApiAnswer['headers'], names: readonly string[]): Headers {
  const copy = new Headers();
  for (const name of names) {
    const value = headers.get(name);
    if (value !== null) copy.set(name, value);
  }
  return copy;
}

function isLoopback(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '127.0.0.1' || hostname === '[::1]';
}
