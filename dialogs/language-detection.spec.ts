import { describe, expect, it } from '@jest/globals';
import { detectLanguage } from './language-detection.js';

describe(detectLanguage.name, () => {
  it.each([
    ['hola, quiero poner una queja', 'es'],
    ['quiero hablar con una persona', 'es'],
    ['El repartidor fue muy maleducado.', 'es'],
    ['el paquete nunca llegó', 'es'],
    ['Me cobraron dos veces y nadie contesta el teléfono', 'es'],
    ['I want to complain', 'en'],
    ['The parcel never came and nobody answers the phone.', 'en'],
    ['The driver threw my parcel over the fence', 'en'],
  ])('reads %j as %s', (text, language) => {
    expect(detectLanguage(text)).toBe(language);
  });

  it.each([
    'My parcel never came',
    'Sam Jones',
    'yesterday',
    'ayer',
    'Delivery',
    'Entrega',
    'sí',
    'no',
    '2',
    'ok',
    '7K4M-9P2Q',
    'sam.jones@example.com',
    '+34 612 345 678',
    'I want my money back please',
    'Calle Mayor 5, Madrid',
    'Paid for express delivery got standard',
  ])('does not guess from %j', (text) => {
    expect(detectLanguage(text)).toBeUndefined();
  });
});
