import { splitLinks } from './message-links';

describe('splitLinks', () => {
  it('keeps text without an address as one text part', () => {
    expect(splitLinks('hello there')).toEqual([{ kind: 'text', text: 'hello there' }]);
  });

  it('makes http and https addresses links, with the text around them', () => {
    expect(splitLinks('see https://example.com/a?b=1#c and http://intranet.local:8080/x')).toEqual([
      { kind: 'text', text: 'see ' },
      { kind: 'link', text: 'https://example.com/a?b=1#c', href: 'https://example.com/a?b=1#c' },
      { kind: 'text', text: ' and ' },
      { kind: 'link', text: 'http://intranet.local:8080/x', href: 'http://intranet.local:8080/x' },
    ]);
  });

  it('never makes a javascript: (or data:, vbscript:) address a link', () => {
    for (const text of ['javascript:alert(1)', 'JaVaScRiPt:alert(document.cookie)', 'data:text/html,<script>alert(1)</script>', 'vbscript:msgbox(1)']) {
      const parts = splitLinks(text);
      expect(parts.filter((part) => part.kind === 'link')).toEqual([]);
      expect(parts.map((part) => part.text).join('')).toBe(text);
    }
  });

  it('links only the https address inside javascript:https://…, whose href is https', () => {
    const links = splitLinks('javascript:https://example.com').filter((part) => part.kind === 'link');
    expect(links.map((link) => link.href)).toEqual(['https://example.com/']);
  });

  it('leaves markup as text and ends an address at a quote or angle bracket', () => {
    const parts = splitLinks('<a href="https://evil.example/x">click</a>');
    expect(parts.map((part) => part.text).join('')).toBe('<a href="https://evil.example/x">click</a>');
    expect(parts.filter((part) => part.kind === 'link').map((part) => part.text)).toEqual(['https://evil.example/x']);
  });

  it('leaves sentence punctuation and an unopened closing bracket out of the address', () => {
    expect(splitLinks('(docs: https://example.com/a.)').filter((p) => p.kind === 'link').map((p) => p.text)).toEqual(['https://example.com/a']);
    expect(splitLinks('https://en.wikipedia.org/wiki/Foo_(bar), ok').filter((p) => p.kind === 'link').map((p) => p.text)).toEqual([
      'https://en.wikipedia.org/wiki/Foo_(bar)',
    ]);
  });

  it('keeps an address that does not parse as text', () => {
    expect(splitLinks('http://[bad')).toEqual([{ kind: 'text', text: 'http://[bad' }]);
  });
});
