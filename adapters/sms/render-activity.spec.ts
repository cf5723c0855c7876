import { describe, expect, it } from '@jest/globals';
import { ActionTypes, CardFactory, MessageFactory } from 'botbuilder';
import type { Activity } from 'botbuilder';
import { renderReplyPart, replyPartOf } from './render-activity.js';

/** What the outbox keeps of an activity, worded as it is at send time. */
const renderActivity = (activity: Partial<Activity>) => {
  const part = replyPartOf(activity);
  return part ? renderReplyPart(part) : '';
};

describe(renderReplyPart.name, () => {
  it('lists suggested actions as numbered replies, in English by default', () => {
    const activity = MessageFactory.suggestedActions(['Delivery', 'Billing', 'Service'], 'What is your complaint about?');
    expect(renderActivity(activity)).toBe('What is your complaint about?\nReply 1 for Delivery, 2 for Billing or 3 for Service.');
  });

  it('words the list in the activity language', () => {
    const activity = { ...MessageFactory.suggestedActions(['Entrega', 'Facturación'], '¿De qué trata su queja?'), locale: 'es-ES' };
    expect(renderActivity(activity)).toBe('¿De qué trata su queja?\nResponda 1 para Entrega o 2 para Facturación.');
  });

  it('puts a list too long for one text one choice a line, so that it splits between choices', () => {
    const titles = ['Send it', 'Change what happened', 'Change the topic', 'Change the date', 'Change what would put it right', 'Change how we contact you', 'Cancel'];
    expect(renderActivity(MessageFactory.suggestedActions(titles, 'Shall I send it?'))).toBe(
      ['Shall I send it?', 'Reply with a number:', ...titles.map((title, i) => `${i + 1}: ${title}`)].join('\n'),
    );
    expect(renderActivity({ ...MessageFactory.suggestedActions(titles, '¿Lo envío?'), locale: 'es' })).toContain('Responda con un número:\n1: Send it\n');
  });

  it('falls back to English for a language it has no words for', () => {
    const activity = { ...MessageFactory.suggestedActions(['Oui', 'Non'], 'Ok?'), locale: 'fr-FR' };
    expect(renderActivity(activity)).toBe('Ok?\nReply 1 for Oui or 2 for Non.');
  });

  it('uses an action value when it has no title, and handles one choice', () => {
    const activity = MessageFactory.suggestedActions([{ type: ActionTypes.ImBack, title: '', value: 'Yes' }], 'Send it?');
    expect(renderActivity(activity)).toBe('Send it?\nReply 1 for Yes.');
  });

  it('strips Markdown from the text', () => {
    expect(renderActivity(MessageFactory.text('**Thank you.** See [our promises](https://x.org/code).'))).toBe(
      'Thank you. See our promises (https://x.org/code).',
    );
  });

  it('keeps the words and links of a hero card, never its buttons as buttons', () => {
    const card = CardFactory.heroCard('Our promises', 'What we promise', undefined, [
      { type: ActionTypes.OpenUrl, title: 'Read them', value: 'https://x.org/code' },
      { type: ActionTypes.ImBack, title: 'OK', value: 'ok' },
    ]);
    expect(renderActivity(MessageFactory.attachment(card))).toBe('Our promises\nWhat we promise\nRead them (https://x.org/code)');
  });

  it('shows a file as its link and drops what a phone cannot show', () => {
    const file = { contentType: 'application/pdf', contentUrl: 'https://x.org/letter.pdf', name: 'Our letter' };
    const adaptive = CardFactory.adaptiveCard({ type: 'AdaptiveCard', body: [] });
    expect(renderActivity(MessageFactory.list([file, adaptive]))).toBe('Our letter (https://x.org/letter.pdf)');
  });

  it('keeps nothing of an activity with nothing a phone can show', () => {
    expect(replyPartOf({ type: 'message' })).toBeUndefined();
    expect(replyPartOf({ type: 'message', text: '  ', attachments: [CardFactory.adaptiveCard({ type: 'AdaptiveCard', body: [] })] })).toBeUndefined();
  });

  it('keeps the words as the dialog wrote them, to be worded for a phone when sent', () => {
    const activity = { ...MessageFactory.suggestedActions(['**Sí**', 'No'], '¿Lo *envío*?'), locale: 'es-ES' };
    expect(replyPartOf(activity)).toEqual({ text: '¿Lo *envío*?', choices: ['**Sí**', 'No'], locale: 'es-ES' });
  });
});
