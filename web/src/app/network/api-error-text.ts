import { ErrorCode } from '@app/contracts';

/**
 * The SPA's own words for each `error` code of the API, as a sentence a person can act on. The
 * API's `message` stays English, for developers and logs; the page never shows it. `undefined` for
 * a code this build does not know (a proxy's, or a newer API's).
 */
export function describeErrorCode(code: string): string | undefined {
  switch (code as ErrorCode) {
    case ErrorCode.Unauthorized:
      return $localize`:API error:You are not signed in.`;
    case ErrorCode.InvalidToken:
      return $localize`:API error:The server no longer accepts your session.`;
    case ErrorCode.InvalidDpopProof:
      return $localize`:API error:The server refused the proof that this browser holds its key (DPoP).`;
    case ErrorCode.InsufficientScope:
      return $localize`:API error:Your account lacks the role this needs.`;
    case ErrorCode.InvalidRequest:
      return $localize`:API error:The server found the request invalid.`;
    case ErrorCode.Forbidden:
      return $localize`:API error:This is not yours to change.`;
    case ErrorCode.NotFound:
      return $localize`:API error:It no longer exists.`;
    case ErrorCode.MethodNotAllowed:
      return $localize`:API error:The server does not allow this request.`;
    case ErrorCode.Conflict:
      return $localize`:API error:It clashes with what is there already.`;
    case ErrorCode.PayloadTooLarge:
      return $localize`:API error:It is too large for the server.`;
    case ErrorCode.HeaderFieldsTooLarge:
      return $localize`:API error:The request is too large for the server.`;
    case ErrorCode.RequestTimeout:
      return $localize`:API error:The request took too long to reach the server.`;
    case ErrorCode.UnsupportedMediaType:
      return $localize`:API error:The server does not accept this kind of content.`;
    case ErrorCode.IdempotencyKeyReused:
      return $localize`:API error:The server took this retry for another message.`;
    case ErrorCode.TooManyRequests:
      return $localize`:API error:Too many requests: wait a moment.`;
    case ErrorCode.TooManyStreams:
      return $localize`:API error:Too many live connections from your network: close some tabs, or wait a moment.`;
    case ErrorCode.StreamsFull:
      return $localize`:API error:The server is busy. Try again in a moment.`;
    case ErrorCode.AnalyticsTimeout:
      return $localize`:API error:The figures took too long to compute: ask for a shorter period, or try again later.`;
    case ErrorCode.ServiceUnavailable:
      return $localize`:API error:The server is not ready. Try again in a moment.`;
    case ErrorCode.DatabaseUnavailable:
      return $localize`:API error:The server cannot reach its database. Try again in a moment.`;
    case ErrorCode.Internal:
      return $localize`:API error:The server failed to answer.`;
    default:
      return undefined;
  }
}

/** Words for a failure with no known code: by its HTTP status (0: no answer at all). */
export function describeHttpStatus(status: number): string {
  if (status === 0) return $localize`:API error:The server cannot be reached.`;
  if (status === 429) return $localize`:API error:Too many requests: wait a moment.`;
  if (status >= 500) return $localize`:API error:The server could not answer (HTTP ${status}:status:).`;
  return $localize`:API error:The server refused the request (HTTP ${status}:status:).`;
}
