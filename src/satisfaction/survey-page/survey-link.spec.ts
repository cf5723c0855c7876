import { describe, expect, it } from '@jest/globals';
import { looksLikeSurveyToken, newSurveyToken, surveyPageUrl, surveyTokenHash } from './survey-link.js';

describe('survey links', () => {
  it('makes a different unguessable token each time, of the shape the page accepts', () => {
    const tokens = new Set(Array.from({ length: 50 }, () => newSurveyToken()));
    expect(tokens.size).toBe(50);
    for (const token of tokens) expect(looksLikeSurveyToken(token)).toBe(true);
  });

  it('keeps only a hash of the token, the same for the same token', () => {
    const token = newSurveyToken();
    expect(surveyTokenHash(token)).toMatch(/^[0-9a-f]{64}$/u);
    expect(surveyTokenHash(token)).toBe(surveyTokenHash(token));
    expect(surveyTokenHash(token)).not.toContain(token);
  });

  it('refuses path segments that are no token', () => {
    for (const value of ['', 'abc', '../../etc/passwd', `${'a'.repeat(42)}=`, 'a'.repeat(44)]) expect(looksLikeSurveyToken(value)).toBe(false);
  });

  it('puts the link under the public address, keeping its path prefix', () => {
    expect(surveyPageUrl('https://redress.example', 'T0K')).toBe('https://redress.example/survey/T0K');
    expect(surveyPageUrl('https://example.org/complaints/', 'T0K')).toBe('https://example.org/complaints/survey/T0K');
    expect(surveyPageUrl('https://example.org/complaints', 'T0K')).toBe('https://example.org/complaints/survey/T0K');
  });
});
