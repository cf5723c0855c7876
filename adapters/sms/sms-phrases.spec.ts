import { describe, expect, it } from '@jest/globals';
import { helpText, optedInText, optedOutText } from './sms-phrases.js';
import { fitsOneSegment } from './sms-segments.js';

const ROUTES = [{ kind: 'phone' as const, label: 'Línea de quejas', value: '+34 910 000 000' }];

describe('answers to carrier keywords', () => {
  it('are in English by default, naming the keywords carriers expect', () => {
    expect(optedOutText('Example Ltd')).toBe('Example Ltd: you will get no more texts from us on this number. Reply START to get them again.');
    expect(optedInText('Example Ltd')).toContain('Reply STOP to stop.');
    expect(helpText('Example Ltd', [], 'https://example.org/code-of-conduct')).toContain('Our promises about complaints: https://example.org/code-of-conduct');
  });

  it('are in Spanish for a customer who writes in Spanish, the keywords still as carriers know them, each in one text', () => {
    expect(optedOutText('Example SL', 'es')).toBe('Example SL: ya no le enviaremos mensajes. Responda START para volver a recibirlos.');
    expect(optedInText('Example SL', 'es')).toBe(
      'Example SL: volveremos a enviarle mensajes. Escriba cualquier mensaje para poner o consultar una queja. Responda STOP para dejar de recibirlos.',
    );
    for (const text of [optedOutText('Example SL', 'es'), optedInText('Example SL', 'es')]) expect(fitsOneSegment(text)).toBe(true);
    expect(helpText('Example SL', ROUTES, 'https://example.org/code-of-conduct', 'es')).toBe(
      [
        'Quejas de Example SL. Para poner una queja o consultar una, escriba cualquier mensaje y responda a las preguntas.',
        'Otras formas de quejarse:\nLínea de quejas: +34 910 000 000.',
        'Nuestros compromisos sobre las quejas: https://example.org/code-of-conduct',
        'Responda STOP para dejar de recibir mensajes.',
      ].join('\n'),
    );
  });
});
