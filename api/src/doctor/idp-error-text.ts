/**
 * Reading an IdP's error page the way a person would: its visible text, and the first error in it
 * that the doctor knows (a vendor's code from `vendor-words.ts`, or an OAuth error code).
 */
import type { VendorWords } from './vendor-words.ts';

/** How much of a page the doctor repeats. */
const EXCERPT_CHARS = 200;

/** What an error on the page is about, so the fix can name the right setting. */
export type IdpErrorTopic = 'client' | 'redirect_uri' | 'grant' | 'scope' | 'other';

export interface IdpErrorFound {
  /** Where the text says it, cut short. */
  readonly excerpt: string;
  readonly topic: IdpErrorTopic;
  /** The vendor's explanation, when it is a code the vendor documents. */
  readonly meaning?: string;
  readonly fix?: string;
}

/**
 * Words that give an error away: OAuth's error codes first (RFC 6749 §4.1.2.1, §5.2; RFC 8707 §2),
 * then the phrases vendors use in their pages (Keycloak's "Client not found", Okta's "'redirect_uri'
 * parameter", Entra's "Application with identifier").
 */
const ERROR_PATTERNS: readonly (readonly [RegExp, IdpErrorTopic])[] = [
  [/invalid_redirect_uri|redirect_uri_mismatch/i, 'redirect_uri'],
  [/invalid_client/i, 'client'],
  [/unauthorized_client|unsupported_response_type/i, 'grant'],
  [/invalid_scope/i, 'scope'],
  [/invalid_request|invalid_target|access_denied|server_error|temporarily_unavailable/i, 'other'],
  [/redirect[_ ]ur[il]/i, 'redirect_uri'],
  [/unknown client|client not found|client_id|application with identifier/i, 'client'],
];

/** The visible text of an HTML page (or the text itself): no tags, scripts or styles, spaces collapsed. */
export function pageText(body: string): string {
  return body
    .replace(/<(script|style|head)\b[\s\S]*?<\/\1\s*>/gi, ' ')
    .replace(/<[^>]*>/g, ' ')
    .replace(/&(amp|lt|gt|quot|#39|#x27|nbsp);/g, (_, entity: string) => ENTITIES[entity] ?? ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

const ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'", '#x27': "'", nbsp: ' ' };

/** The first error the text shows: a vendor's documented code first, then OAuth's words. */
export function findIdpError(text: string, words: VendorWords): IdpErrorFound | undefined {
  for (const known of words.knownErrors) {
    const at = text.toLowerCase().indexOf(known.code.toLowerCase());
    if (at >= 0) return { excerpt: excerptAt(text, at), topic: topicOf(`${known.code} ${known.meaning}`), meaning: known.meaning, fix: known.fix };
  }
  for (const [pattern, topic] of ERROR_PATTERNS) {
    const match = pattern.exec(text);
    if (match !== null) return { excerpt: excerptAt(text, match.index), topic };
  }
  return undefined;
}

function topicOf(description: string): IdpErrorTopic {
  return ERROR_PATTERNS.find(([pattern]) => pattern.test(description))?.[1] ?? 'other';
}

/** The text around `at`, cut at {@link EXCERPT_CHARS}. */
export function excerptAt(text: string, at: number): string {
  const start = Math.max(0, at - EXCERPT_CHARS / 4);
  const excerpt = text.slice(start, start + EXCERPT_CHARS);
  return `${start > 0 ? '…' : ''}${excerpt}${start + EXCERPT_CHARS < text.length ? '…' : ''}`;
}
