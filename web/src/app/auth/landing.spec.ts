import { landingPath } from './landing';

describe('landingPath', () => {
  it('goes to the page first asked for', () => {
    expect(landingPath(['chat'], '/analytics')).toBe('/analytics');
  });

  it('goes to chat for a chat user with no preference', () => {
    expect(landingPath(['chat'], null)).toBe('/chat');
  });

  it('goes to analytics for an analytics-only user', () => {
    expect(landingPath(['analytics'], null)).toBe('/analytics');
  });

  it('goes to the forbidden page for a user with no known role', () => {
    expect(landingPath([], null)).toBe('/forbidden');
    expect(landingPath(['admin'], null)).toBe('/forbidden');
  });
});
