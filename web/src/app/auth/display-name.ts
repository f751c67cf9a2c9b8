import type { Me } from '@app/contracts';
import type { IdTokenProfile } from './token-keeper-protocol';

/**
 * The user as the app shows them: the API's view (`GET /api/me`, from the access token), with the
 * display name taken from the validated ID token when the access token had no `name` claim. Many
 * IdPs keep profile claims out of access tokens; the ID token, meant for the app, carries them.
 * Identity and roles stay the API's.
 *
 * Order: the access token's `name`, the ID token's `name`, the access token's `preferred_username`,
 * the ID token's `preferred_username`, then `sub`.
 */
export function withDisplayName(me: Me, profile: IdTokenProfile | undefined): Me {
  if (me.nameSource === 'name') return me;
  const name = profile?.name ?? (me.nameSource === 'preferred_username' ? me.name : profile?.preferredUsername);
  return name === undefined ? me : { ...me, name };
}
