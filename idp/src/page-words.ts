/**
 * Every word of the dev IdP's pages, in each language it speaks: one place to read and translate
 * them. Each language has every entry (the type says so). Values that need data are functions;
 * their results are plain text, escaped by the page that shows them.
 */
import type { PageLanguage } from './page-language.ts';

const en = {
  pageTitle: (title: string) => `${title} · Dev IdP`,
  signInTitle: (clientId: string) => `Sign in to ${clientId}`,
  signInHeading: 'Sign in',
  /** HTML around the client and origin, which the caller escapes. */
  continueTo: (client: string, origin: string) => `to continue to <strong>${client}</strong> at ${origin}`,
  userName: 'User name',
  password: 'Password',
  signInButton: 'Sign in',
  cancel: 'Cancel',
  wrongCredentials: 'Wrong user name or password.',
  devUsersHint: (users: string) => `Dev users: ${users}. Password = user name.`,
  noRoles: 'no roles',
  expiredTitle: 'Sign-in expired',
  expiredHeading: 'This sign-in has expired',
  expiredText: 'The sign-in link is unknown or too old, or it was already used.',
  /** HTML around the link to the app. */
  goBackAndSignIn: (link: string) => `<a href="${link}">Go back to the app</a> and sign in again.`,
  goBack: 'Go back to the app',
  signedOutTitle: 'Signed out',
  signedOutHeading: 'You are signed out',
  signingOutTitle: 'Signing out',
  signingOutHeading: 'Signing you out…',
  noScript: 'JavaScript is off: press the button to finish signing out.',
  signOutButton: 'Sign out',
  signOutTitle: 'Sign out',
  signOutHeading: 'Sign out?',
  signOutQuestion: 'Do you want to sign out of the dev identity provider?',
  signOutYes: 'Yes, sign me out',
  signOutNo: 'No, stay signed in',
  errorTitle: 'Sign-in error',
  errorHeading: 'Something went wrong',
  errorText: 'The identity provider could not complete this request.',
  errorCode: 'Error:',
  badRequest: 'Bad request',
};

export type PageWords = typeof en;

// French typography: a no-break space (U+00A0) before ":", a narrow one (U+202F) before "?".
const fr: PageWords = {
  pageTitle: (title) => `${title} · IdP de développement`,
  signInTitle: (clientId) => `Connexion à ${clientId}`,
  signInHeading: 'Connexion',
  continueTo: (client, origin) => `pour continuer vers <strong>${client}</strong> sur ${origin}`,
  userName: 'Nom d’utilisateur',
  password: 'Mot de passe',
  signInButton: 'Se connecter',
  cancel: 'Annuler',
  wrongCredentials: 'Nom d’utilisateur ou mot de passe incorrect.',
  devUsersHint: (users) => `Utilisateurs de développement\u00a0: ${users}. Mot de passe = nom d’utilisateur.`,
  noRoles: 'aucun rôle',
  expiredTitle: 'Connexion expirée',
  expiredHeading: 'Cette connexion a expiré',
  expiredText: 'Le lien de connexion est inconnu, trop ancien, ou a déjà servi.',
  goBackAndSignIn: (link) => `<a href="${link}">Revenez à l’application</a> et reconnectez-vous.`,
  goBack: 'Revenir à l’application',
  signedOutTitle: 'Déconnecté',
  signedOutHeading: 'Vous êtes déconnecté',
  signingOutTitle: 'Déconnexion',
  signingOutHeading: 'Déconnexion en cours…',
  noScript: 'JavaScript est désactivé\u00a0: appuyez sur le bouton pour terminer la déconnexion.',
  signOutButton: 'Se déconnecter',
  signOutTitle: 'Déconnexion',
  signOutHeading: 'Se déconnecter\u202f?',
  signOutQuestion: 'Voulez-vous vous déconnecter du fournisseur d’identité de développement\u202f?',
  signOutYes: 'Oui, me déconnecter',
  signOutNo: 'Non, rester connecté',
  errorTitle: 'Erreur de connexion',
  errorHeading: 'Un problème est survenu',
  errorText: 'Le fournisseur d’identité n’a pas pu traiter cette requête.',
  errorCode: 'Erreur\u00a0:',
  badRequest: 'Requête incorrecte',
};

const WORDS: Readonly<Record<PageLanguage, PageWords>> = { en, fr };

export function wordsFor(language: PageLanguage): PageWords {
  return WORDS[language];
}
