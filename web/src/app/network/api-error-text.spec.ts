import { ErrorCode } from '@app/contracts';
import { describeErrorCode, describeHttpStatus } from './api-error-text';

describe('the app’s words for the API’s error codes', () => {
  it('has its own sentence for every code the API sends', () => {
    for (const code of Object.values(ErrorCode)) {
      expect(describeErrorCode(code), code).toMatch(/^[A-Z].*\.$/);
    }
  });

  it('has none for a code it does not know, and words for its status instead', () => {
    expect(describeErrorCode('teapot')).toBeUndefined();
    expect(describeHttpStatus(418)).toBe('The server refused the request (HTTP 418).');
    expect(describeHttpStatus(0)).toBe('The server cannot be reached.');
  });
});
