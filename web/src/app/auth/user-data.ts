/**
 * This tab's `sessionStorage` keys that start with this hold the signed-in user's own data (the
 * chat's messages not sent yet): a feature keeps its data under it, and every sign-out forgets
 * it, here or in another tab (session-end.ts). The sign-in's own entries are not under it.
 */
export const USER_DATA_PREFIX = 'teamspace.user.';

/** Removes every key under {@link USER_DATA_PREFIX}, and nothing else of the tab's. */
export function forgetUserData(storage: Storage | null): void {
  try {
    const keys = Array.from({ length: storage?.length ?? 0 }, (_, i) => storage?.key(i));
    for (const key of keys) if (key?.startsWith(USER_DATA_PREFIX)) storage?.removeItem(key);
  } catch {
    // A storage that cannot be read holds nothing of ours.
  }
}
