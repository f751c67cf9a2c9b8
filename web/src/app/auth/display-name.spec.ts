import type { Me } from '@app/contracts';
import { withDisplayName } from './display-name';

const me = (name: string, nameSource: Me['nameSource']): Me => ({ sub: 'dana', name, nameSource, roles: ['chat'], rolesClaim: 'granted' });

describe('withDisplayName', () => {
  it('keeps the access token name when it has one', () => {
    expect(withDisplayName(me('Dana C.', 'name'), { name: 'Dana Chat', preferredUsername: 'dana' }).name).toBe('Dana C.');
  });

  it('shows the ID token name when the access token has only a user name', () => {
    expect(withDisplayName(me('dana', 'preferred_username'), { name: 'Dana Chat', preferredUsername: 'dana' }).name).toBe('Dana Chat');
  });

  it('shows the ID token name when the access token has neither', () => {
    expect(withDisplayName(me('3f2a-sub', 'sub'), { name: 'Dana Chat', preferredUsername: undefined }).name).toBe('Dana Chat');
  });

  it('prefers the access token user name to the ID token user name', () => {
    expect(withDisplayName(me('dana', 'preferred_username'), { name: undefined, preferredUsername: 'dana.c' }).name).toBe('dana');
  });

  it('takes the ID token user name over a bare sub', () => {
    expect(withDisplayName(me('3f2a-sub', 'sub'), { name: undefined, preferredUsername: 'dana.c' }).name).toBe('dana.c');
  });

  it('keeps sub when there is no ID token profile', () => {
    expect(withDisplayName(me('3f2a-sub', 'sub'), undefined).name).toBe('3f2a-sub');
  });

  it('never changes identity or roles', () => {
    const shown = withDisplayName(me('dana', 'preferred_username'), { name: 'Someone Else', preferredUsername: 'root' });
    expect([shown.sub, shown.roles, shown.rolesClaim]).toEqual(['dana', ['chat'], 'granted']);
  });
});
