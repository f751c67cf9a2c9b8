/**
 * The one page layout every IdP page shares, and HTML escaping. Every value that reaches a page goes
 * through {@link escapeHtml} or is a constant.
 */
import type { PageLanguage } from './page-language.ts';
import { wordsFor } from './page-words.ts';

export interface Page {
  /** The page's language (`<html lang>`), see page-language.ts. */
  readonly language: PageLanguage;
  readonly title: string;
  /** The response's CSP nonce (see security-headers.ts). */
  readonly nonce: string;
  /** Trusted HTML: build it with escapeHtml. */
  readonly body: string;
}

export function escapeHtml(value: string): string {
  return value
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

export function renderPage({ language, title, nonce, body }: Page): string {
  return `<!doctype html>
<html lang="${language}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(wordsFor(language).pageTitle(title))}</title>
<style nonce="${escapeHtml(nonce)}">${STYLE}</style>
</head>
<body>
<main>
${body}
</main>
</body>
</html>
`;
}

const STYLE = `
:root { color-scheme: light dark; font-family: system-ui, sans-serif; line-height: 1.5; }
body { margin: 0; min-height: 100vh; display: grid; place-items: center; background: Canvas; color: CanvasText; }
main { box-sizing: border-box; width: min(26rem, 100% - 2rem); padding: 2rem; border: 1px solid GrayText; border-radius: .75rem; overflow-wrap: anywhere; }
@media (max-width: 420px) { main { padding: 1.25rem; } }
h1 { font-size: 1.4rem; margin: 0 0 .25rem; }
p { margin: .5rem 0; }
label { display: block; margin-top: 1rem; font-weight: 600; }
input { display: block; box-sizing: border-box; width: 100%; margin-top: .25rem; padding: .5rem; font: inherit; }
.actions { display: flex; gap: .5rem; margin-top: 1.5rem; }
button { font: inherit; padding: .5rem 1rem; border-radius: .4rem; border: 1px solid GrayText; cursor: pointer; }
button.primary { background: #1f5fbf; border-color: #1f5fbf; color: #fff; }
:focus-visible { outline: 3px solid #f5a623; outline-offset: 2px; }
.error { padding: .5rem .75rem; border-left: 4px solid #c62828; background: color-mix(in srgb, #c62828 12%, Canvas); }
.hint { font-size: .9rem; color: GrayText; }
code { font-size: .95em; }
`;
