import { forbiddenPageRedirect, landingPath } from './landing';

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

describe('forbiddenPageRedirect', () => {
  it('shows the page to a user who lacks the role it names', () => {
    expect(forbiddenPageRedirect(['chat'], 'analytics')).toBeNull();
  });

  it('sends a user who has the role it names to that role’s page', () => {
    expect(forbiddenPageRedirect(['chat', 'analytics'], 'analytics')).toBe('/analytics');
  });

  it('shows the page, naming no role, to a user with no known role', () => {
    expect(forbiddenPageRedirect([], null)).toBeNull();
    expect(forbiddenPageRedirect(['admin'], 'admin')).toBeNull();
  });

  it('sends a user with a role to their landing page when it names none, rather than say they have none', () => {
    expect(forbiddenPageRedirect(['analytics'], null)).toBe('/analytics');
    expect(forbiddenPageRedirect(['chat', 'analytics'], 'unknown')).toBe('/chat');
  });
});
