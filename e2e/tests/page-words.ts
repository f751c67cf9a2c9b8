/**
 * What the end-to-end tests expect to read, in each language the app speaks, and a check that a
 * French page has no English left in it.
 */
import type { Page } from '@playwright/test';
import { expect } from './fixtures.ts';

export type Language = 'en' | 'fr';

/** The browser's locale for each language: navigator.languages and Accept-Language. */
export const BROWSER_LOCALE: Readonly<Record<Language, string>> = { en: 'en-GB', fr: 'fr-FR' };

export const WORDS = {
  en: {
    welcome: 'Welcome to Teamspace',
    signInLink: 'Sign in',
    idpUserName: 'User name',
    idpPassword: 'Password',
    idpSignIn: 'Sign in',
    idpCancel: 'Cancel',
    chatHeading: 'Chat',
    chatTitle: 'Chat · Teamspace',
    roomsEmpty: 'No rooms yet: create the first one.',
    newRoomName: 'Name',
    newRoomTopic: 'Topic',
    createRoom: 'Create room',
    roomEmpty: (room: string) => `No messages in #${room} yet.`,
    composer: (room: string) => `Message #${room}`,
    today: 'Today',
    analyticsHeading: 'Analytics',
    analyticsTitle: 'Analytics · Teamspace',
    totalMessages: 'Messages',
    timeZoneLine: 'Days and hours in Europe/Paris.',
    messagesChart: /^Line chart of messages per day/,
    downloadPerDay: 'Download messages per day as CSV',
    downloadHours: 'Download busiest hours as CSV',
    csvPerDayHeader: ['Date', 'Messages'],
    csvHoursHeader: ['Weekday', 'Hour', 'Messages'],
    monday: 'Monday',
    forbiddenHeading: 'You don’t have access yet',
    whomToAsk: 'Whom to ask:',
    cancelledHeading: 'Sign-in was cancelled',
    errorCode: 'Error code: access_denied',
    tryAgain: 'Try again',
    signOut: 'Sign out',
    boundToBrowser: /^Yes \(DPoP\): every request is signed with a key this browser keeps/,
  },
  fr: {
    welcome: 'Bienvenue dans Teamspace',
    signInLink: 'Se connecter',
    idpUserName: 'Nom d’utilisateur',
    idpPassword: 'Mot de passe',
    idpSignIn: 'Se connecter',
    idpCancel: 'Annuler',
    chatHeading: 'Discussions',
    chatTitle: 'Discussions · Teamspace',
    roomsEmpty: 'Pas encore de salon\u00a0: créez le premier.',
    newRoomName: 'Nom',
    newRoomTopic: 'Sujet',
    createRoom: 'Créer le salon',
    roomEmpty: (room: string) => `Pas encore de message dans #${room}.`,
    composer: (room: string) => `Message dans #${room}`,
    today: 'Aujourd’hui',
    analyticsHeading: 'Statistiques',
    analyticsTitle: 'Statistiques · Teamspace',
    totalMessages: 'Messages',
    timeZoneLine: 'Jours et heures selon le fuseau Europe/Paris.',
    messagesChart: /^Courbe des messages par jour/,
    downloadPerDay: 'Télécharger « messages par jour » au format CSV',
    downloadHours: 'Télécharger « heures les plus actives » au format CSV',
    csvPerDayHeader: ['Date', 'Messages'],
    csvHoursHeader: ['Jour', 'Heure', 'Messages'],
    monday: 'lundi',
    forbiddenHeading: 'Vous n’avez pas encore accès',
    whomToAsk: 'À qui s’adresser\u00a0:',
    cancelledHeading: 'Connexion annulée',
    errorCode: 'Code d’erreur\u00a0: access_denied',
    tryAgain: 'Réessayer',
    signOut: 'Se déconnecter',
    boundToBrowser: /^Oui \(DPoP\)\u00a0: chaque requête est signée avec une clé que ce navigateur conserve/,
  },
} as const satisfies Record<Language, unknown>;

/**
 * Words a French page would only hold if some text were left in English. Each is common in the
 * app's English and is no French word (`page`, `date`, `message`, `active`, `table` are both).
 */
const ENGLISH_ONLY = new Set([
  'the', 'and', 'you', 'your', 'with', 'this', 'that', 'of', 'to', 'is', 'are', 'not', 'yet', 'sign', 'signed', 'out',
  'in', 'at', 'by', 'for', 'from', 'day', 'days', 'room', 'rooms', 'loading', 'try', 'again', 'error', 'users', 'hours',
  'busiest', 'per', 'new', 'send', 'edit', 'delete', 'cancel', 'save', 'show', 'more', 'fewer', 'share', 'name', 'period',
  'custom', 'all', 'none', 'today', 'yesterday', 'access', 'what', 'whom', 'ask', 'can', 'open', 'chat', 'analytics',
  'totals', 'download', 'language', 'main', 'welcome', 'home', 'unread', 'live',
]);

/**
 * The English-only words a person could read or hear on the page: its text (screen-reader-only
 * text included), the attributes people read, and the document's title. People's own content is
 * left out: messages, names, room names and topics, code, the dev IdP's list of its users, and
 * the IdP's own words quoted on the sign-in error page (in its language, for whoever debugs).
 */
export async function englishWordsOn(page: Page): Promise<string[]> {
  const texts = await page.evaluate(() => {
    const own = '[data-testid="message-body"], .message-author, [data-testid="user-name"], .room-link-name, .room-title, .room-topic, code, script, style, noscript, main > .hint, [data-testid="idp-said"], [data-testid="contributors"] tbody th';
    const body = document.body.cloneNode(true) as HTMLElement;
    body.querySelectorAll(own).forEach((element) => element.remove());
    const attributes = [...document.querySelectorAll('[aria-label], [title], [placeholder], [alt]')]
      .filter((element) => !element.closest('.room-link, [data-testid="message-list"] .message-card'))
      .flatMap((element) => ['aria-label', 'title', 'placeholder', 'alt'].map((name) => element.getAttribute(name) ?? ''));
    return [document.title, body.textContent ?? '', ...attributes];
  });
  const words = texts.join(' ').replace(/#[\w-]+/g, ' ').replace(/https?:\/\/\S+/g, ' ').match(/[\p{L}’']+/gu) ?? [];
  return [...new Set(words.map((word) => word.toLowerCase()).filter((word) => ENGLISH_ONLY.has(word)))];
}

/** The page is in French: `<html lang="fr">`, and no English a person would read. */
export async function expectFrench(page: Page): Promise<void> {
  await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
  expect(await englishWordsOn(page), `English words on ${page.url()}`).toEqual([]);
}
