import { describe, expect, it } from '@jest/globals';
import { commentSentiment } from './comment-sentiment.js';

describe(commentSentiment.name, () => {
  it.each([
    ['The service was terrible and nobody helped me. Awful.', 'en', 'negative'],
    ['Thank you, very helpful and quick.', 'en', 'positive'],
    ['Fue horrible, nadie me ayudó. Un servicio pésimo y malo.', 'es', 'negative'],
    ['Muchas gracias, todo perfecto y rápido.', 'es', 'positive'],
    ['I got my refund on Tuesday.', 'en', 'neutral'],
    ['Das war schrecklich.', 'de', 'not_analysed'],
  ])('%s (%s) reads %s', (text, language, sentiment) => {
    expect(commentSentiment(text, language)).toBe(sentiment);
  });
});
