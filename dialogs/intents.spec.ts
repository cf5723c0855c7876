import { describe, expect, it } from '@jest/globals';
import { recogniseIntent } from './intents.js';

describe(recogniseIntent.name, () => {
  it.each([
    ['I want to complain', { kind: 'complain', language: 'en', whole: true }],
    ['I would like to make a complaint please', { kind: 'complain', language: 'en', whole: true }],
    ['hola, quiero poner una queja', { kind: 'complain', language: 'es', whole: true }],
    ['Quiero quejarme', { kind: 'complain', language: 'es', whole: true }],
    ['where is my complaint?', { kind: 'check', language: 'en', whole: true }],
    ["what's happening with my complaint", { kind: 'check', language: 'en', whole: true }],
    ['¿Dónde está mi queja?', { kind: 'check', language: 'es', whole: true }],
    ['¿cómo va mi queja?', { kind: 'check', language: 'es', whole: true }],
    ['any news on 7k4m 9p2q?', { kind: 'check', reference: '7K4M-9P2Q', whole: true }],
    ['7K4M-9P2Q', { kind: 'check', reference: '7K4M-9P2Q', whole: true }],
    ['where is my complaint 7K4M-9P2Q', { kind: 'check', language: 'en', reference: '7K4M-9P2Q', whole: true }],
    ['can I speak to someone', { kind: 'person', language: 'en', whole: true }],
    ['quiero hablar con una persona', { kind: 'person', language: 'es', whole: true }],
    ['I want to reopen my complaint', { kind: 'reopen', language: 'en', whole: true }],
    ['quiero reabrir mi queja', { kind: 'reopen', language: 'es', whole: true }],
    ['I want to withdraw my complaint', { kind: 'withdraw', language: 'en', whole: true }],
    ['please cancel my complaint', { kind: 'withdraw', language: 'en', whole: true }],
    ['quiero retirar mi queja', { kind: 'withdraw', language: 'es', whole: true }],
    ['I want to escalate this', { kind: 'escalate', language: 'en', whole: true }],
    ['escalate my complaint', { kind: 'escalate', language: 'en', whole: true }],
    ['quiero escalar mi queja', { kind: 'escalate', language: 'es', whole: true }],
    ['what can I do?', { kind: 'options', language: 'en', whole: true }],
    ['OPTIONS', { kind: 'options', language: 'en', whole: true }],
    ['¿qué puedo hacer?', { kind: 'options', language: 'es', whole: true }],
    ['opciones', { kind: 'options', language: 'es', whole: true }],
  ])('reads %j', (text, intent) => {
    expect(recogniseIntent(text)).toEqual(intent);
  });

  it.each([
    ['I want to complain about the driver, who threw my parcel over the fence', 'complain'],
    ['quiero poner una queja porque el paquete no llegó', 'complain'],
    ['my order 7K4M-9P2Q never came', 'check'],
  ])('knows %j asks more than to %s', (text, kind) => {
    expect(recogniseIntent(text)).toMatchObject({ kind, whole: false });
  });

  it.each(['My parcel never came', 'Delivery', 'yes', '2', 'The courier was rude', 'I was charged twice', 'complaints@example.com', 'ABCD-EFGH', '1234-5678'])(
    'finds no request in %j',
    (text) => {
      expect(recogniseIntent(text)).toBeUndefined();
    },
  );
});
