import { describe, expect, it } from '@jest/globals';
import { setUp } from './testing/fixtures.js';

describe('help', () => {
  it('links the code of conduct on web chat, as Markdown that Web Chat shows as a link', async () => {
    const { chat } = setUp();
    const conversation = chat();
    await conversation.opens();
    await conversation.says('help');
    const help = conversation.transcript.find((activity) => activity.text?.includes('our code of conduct'));
    expect(help).toMatchObject({ textFormat: 'markdown' });
    expect(help?.text).toContain('Our promises about complaints are on our website: [our code of conduct](/code-of-conduct).');
  });

  it('is worded in Spanish too', async () => {
    const { chat } = setUp();
    const conversation = chat({ locale: 'es-ES' });
    await conversation.opens();
    expect(await conversation.says('ayuda')).toContain('Nuestros compromisos sobre las quejas están en nuestra web: [nuestro código de conducta](/code-of-conduct).');
  });
});
