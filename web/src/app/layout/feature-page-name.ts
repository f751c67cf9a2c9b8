import { Role } from '@app/contracts';

/** A feature page's name, as the menu and the forbidden page show it. */
export function featurePageName(role: Role): string {
  switch (role) {
    case Role.Chat:
      return $localize`:name of the chat page, in the menu:Chat`;
    case Role.Analytics:
      return $localize`:name of the analytics page, in the menu:Analytics`;
  }
}
