import { describe, expect, it } from '@jest/globals';
import { surveyAnswersMessage } from './survey-posts.js';

describe(surveyAnswersMessage.name, () => {
  it('shows a long comment whole, escaped and masked, in sections within Slack’s limits', () => {
    const comment = `Call me on 07911 123456 <!here> & soon. ${'It took far too long to hear back. '.repeat(120)}`.trim();
    const message = surveyAnswersMessage(
      '7K4M-9P2Q',
      { low: false, channel: 'sms', handling: 4, outcomeScore: 5, effort: null, datesKept: 'yes', comment, sentiment: 'negative' },
      [],
    );
    const quotes = message.blocks.flatMap((block) => (block.type === 'section' && block.text?.text.startsWith('>') ? [block.text.text] : []));
    expect(quotes.every((text) => text.length <= 3000)).toBe(true);
    const shown = quotes.map((text) => text.replace(/^>/gm, '')).join('');
    expect(shown).toBe(comment.replace('07911 123456', '+44 •••• ••• 456').replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;'));
  });
});
