import { publicPageUrl } from '../../common/http/public-address.js';
import { createHash, randomBytes } from 'node:crypto';

/** Where a survey link points, under the public base URL. */
export const SURVEY_PAGE_PATH = 'survey';

/** 32 random bytes, base64url: 43 characters that are safe in a path and cannot be guessed. */
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/u;

export function newSurveyToken(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * What is kept of a token: its SHA-256. A token is a long random secret, so a fast hash is enough, and whoever reads
 * the database cannot rebuild a link from it.
 */
export function surveyTokenHash(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** Whether a path segment could be a token at all: anything else is not looked up. */
export function looksLikeSurveyToken(value: string): boolean {
  return TOKEN_SHAPE.test(value);
}

/** The customer's link to their survey page, under the public base URL (which may carry a path prefix). */
export function surveyPageUrl(publicUrl: string, token: string): string {
  return publicPageUrl(publicUrl, `${SURVEY_PAGE_PATH}/${token}`);
}

/**
 * Where a customer stops all further surveys: the page's own address and `/stop`. Mail programs offer it as
 * "unsubscribe" (List-Unsubscribe, with RFC 8058's one-click POST).
 */
export function surveyStopUrl(pageUrl: string): string {
  return `${pageUrl}/stop`;
}
