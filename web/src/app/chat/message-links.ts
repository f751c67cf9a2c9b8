/** A piece of a message's text: plain text, or a web address to show as a link. */
export type MessagePart =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'link'; readonly text: string; readonly href: string };

/** Candidates: `http://` or `https://` up to whitespace or a character that cannot end an address in prose. */
const WEB_ADDRESS = /\bhttps?:\/\/[^\s<>"'`]+/gi;

/** Punctuation that ends a sentence rather than an address ("see https://x.example/a."). */
const TRAILING_PUNCTUATION = /[.,;:!?'"*_~]+$/;

/**
 * Splits a message into text and links. Only `http:` and `https:` addresses become links, checked by
 * parsing them (never by prefix): `javascript:`, `data:` and every other scheme stay text. The
 * parts are shown with interpolation (text, never HTML), so markup in a message stays as typed.
 */
export function splitLinks(text: string): MessagePart[] {
  const parts: MessagePart[] = [];
  let plainFrom = 0;
  for (const match of text.matchAll(WEB_ADDRESS)) {
    const candidate = trimAddress(match[0]);
    const href = webHref(candidate);
    if (href === null) continue;
    const start = match.index;
    if (start > plainFrom) parts.push({ kind: 'text', text: text.slice(plainFrom, start) });
    parts.push({ kind: 'link', text: candidate, href });
    plainFrom = start + candidate.length;
  }
  if (plainFrom < text.length) parts.push({ kind: 'text', text: text.slice(plainFrom) });
  return parts;
}

/** Drops trailing punctuation, and a closing bracket the address did not open ("(see https://x.example)"). */
function trimAddress(address: string): string {
  let trimmed = address.replace(TRAILING_PUNCTUATION, '');
  for (const [open, close] of [['(', ')'], ['[', ']'], ['{', '}']] as const) {
    while (trimmed.endsWith(close) && count(trimmed, close) > count(trimmed, open)) {
      trimmed = trimmed.slice(0, -1).replace(TRAILING_PUNCTUATION, '');
    }
  }
  return trimmed;
}

function count(text: string, character: string): number {
  return text.split(character).length - 1;
}

/** The address as a link target, if it parses as an `http:` or `https:` URL with a host. */
function webHref(candidate: string): string | null {
  if (!URL.canParse(candidate)) return null;
  const url = new URL(candidate);
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.hostname === '') return null;
  return url.href;
}
