import { HttpErrorResponse } from '@angular/common/http';
import { clearTranslations } from '@angular/localize';
import { ErrorCode, TokenRefusal } from '@app/contracts';
import { useAppLocale } from '../locale/app-locale';
import { startLocale } from '../locale/start-locale';
import { describeTokenRefusal } from './token-refusal';

/** The API's 401 right after a sign-in, with the reason it gives. */
const refusal = (reason: TokenRefusal) =>
  new HttpErrorResponse({ status: 401, error: { error: ErrorCode.InvalidToken, message: 'refused', reason } });

/** The refusals DPoP brought (RFC 9449), and the one whose words it changed. */
const DPOP_REASONS = [TokenRefusal.SenderConstrained, TokenRefusal.DpopRequired, TokenRefusal.DpopProof, TokenRefusal.DpopReplay, TokenRefusal.DpopBinding];

describe('describeTokenRefusal', () => {
  it('names the setting to change for a token bound to a key while OIDC_DPOP is off', () => {
    const problem = describeTokenRefusal(refusal(TokenRefusal.SenderConstrained));
    expect(problem?.code).toBe('api_refused_sender_constrained');
    expect(problem?.fix).toContain('OIDC_DPOP=allowed');
  });

  it('has its own words for each DPoP refusal', () => {
    const details = DPOP_REASONS.map((reason) => describeTokenRefusal(refusal(reason))?.detail);
    expect(details.every((detail) => detail !== undefined)).toBe(true);
    expect(new Set(details).size).toBe(DPOP_REASONS.length);
  });

  describe('in French', () => {
    let english: Map<TokenRefusal, string>;
    beforeAll(async () => {
      english = new Map(DPOP_REASONS.map((reason) => [reason, `${describeTokenRefusal(refusal(reason))?.detail} ${describeTokenRefusal(refusal(reason))?.fix}`]));
      const window = { navigator: { languages: ['fr-FR'], language: 'fr-FR' }, localStorage: { getItem: () => null }, document } as unknown as Window;
      await startLocale(window);
    });
    afterAll(() => {
      clearTranslations();
      useAppLocale({ language: 'en', formatting: 'en-GB' });
      document.documentElement.lang = 'en';
    });

    it('words a replayed proof in French, built after the translations loaded', () => {
      const problem = describeTokenRefusal(refusal(TokenRefusal.DpopReplay));
      expect(problem?.title).toBe('Connecté, mais le serveur de l’application a refusé votre jeton d’accès');
      expect(problem?.detail).toBe('Le serveur de l’application a reçu deux fois la même preuve de possession (DPoP) de ce navigateur, comme si une requête avait été rejouée.');
    });

    it('leaves no DPoP refusal in English', () => {
      for (const reason of DPOP_REASONS) {
        const problem = describeTokenRefusal(refusal(reason));
        expect(`${problem?.detail} ${problem?.fix}`, reason).not.toBe(english.get(reason));
        expect(problem?.fix, reason).not.toContain('Tell your administrator');
      }
    });
  });
});
