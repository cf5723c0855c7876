import { parseReference } from '../src/complaints/domain/reference.js';
import type { Language } from './messages/messages.js';
import { normalise } from './words.js';

/** What a customer may ask for in their own words, at any prompt. */
export type IntentKind = 'complain' | 'check' | 'person' | 'reopen' | 'withdraw' | 'escalate' | 'options';

export interface Intent {
  kind: IntentKind;
  /** The language the request was worded in (a reference alone has none): a Spanish phrase is reason enough to answer in Spanish. */
  language?: Language;
  /** A complaint reference typed in the message, in standard form. */
  reference?: string;
  /**
   * The message is the request and nothing more ("hola, quiero poner una queja", "where is my complaint?"). A request
   * inside a longer message ("I want to complain about the driver, who...") is an answer that happens to mention it.
   */
  whole: boolean;
}

/**
 * Phrases, matched on normalised text (lower case, no accents or punctuation), in the order they are tried: the more
 * particular requests first, since "withdraw my complaint" and "where is my complaint" both mention a complaint.
 */
const PHRASES: [IntentKind, Language, RegExp][] = [
  ['escalate', 'en', /\b(escalate|escalated|escalating|ombudsman|take (it|this|my complaint) further|not happy with (the|your) (answer|response|outcome|decision))\b/],
  ['escalate', 'es', /\b(escalar|elevar (mi|la) queja|defensor del (cliente|pueblo|consumidor)|no estoy (conforme|de acuerdo) con (la|su) (respuesta|decision))\b/],
  ['options', 'en', /\b(options|my options|what are my options|what (can|could|should) i do( now| next| about it)?|what happens now)\b/],
  ['options', 'es', /\b(opciones|mis opciones|cuales son mis opciones|que (puedo|podria) hacer( ahora)?|y ahora que)\b/],
  ['reopen', 'en', /\b(reopen|re open|open (it|my complaint|the complaint) again)\b/],
  ['reopen', 'es', /\b(reabrir|reabran|reabra|volver a abrir)\b/],
  ['withdraw', 'en', /\b(withdraw|take back my complaint|drop my complaint|cancel my complaint|no longer want to complain|dont want to complain any ?more)\b/],
  ['withdraw', 'es', /\b(retirar|retiro) (mi|la) queja\b|\b(anular|cancelar) (mi|la) queja\b|\bya no quiero (quejarme|seguir con (mi|la) queja)\b/],
  ['person', 'en', /\b(talk|speak|chat) (to|with) (a |an |some )?(person|human|agent|someone|somebody|real person|member of staff|advisor|adviser)\b/],
  ['person', 'es', /\bhablar con (una persona|alguien|un agente|un humano|una persona real|un asesor|una asesora)\b/],
  [
    'check',
    'en',
    /\b(where is my complaint|wheres my complaint|(check|track) (on )?(my|a|the) complaint|status of my complaint|my complaint status|(whats|what is) happening with my complaint|any news (on|about) my complaint|update on my complaint|how is my complaint (going|doing))\b/,
  ],
  [
    'check',
    'es',
    /\b(donde esta mi queja|como va mi queja|(consultar|ver) (mi|una|la) queja|estado de mi queja|(que pasa|que ha pasado) con mi queja|novedades (de|sobre) mi queja|seguimiento de mi queja)\b/,
  ],
  [
    'complain',
    'en',
    /\b(complain|complaining|(make|file|raise|lodge|submit|put in|log|start|open) a (new )?complaint|new complaint|i have a complaint)\b/,
  ],
  [
    'complain',
    'es',
    /\b(quejarme|me quiero quejar|(poner|presentar|hacer|abrir) una (queja|reclamacion)|nueva (queja|reclamacion)|tengo una queja|reclamar)\b/,
  ],
];

/** Words that may surround a request without making it more than the request: greetings, politeness, "I want to". */
const AROUND = new Set(
  (
    'hello hi hey hiya good morning afternoon evening please pls thanks thank you ok okay so just yes i id im want would ' +
    'like to need can could may how do a an the my about again now today it this one with help me you on any is there complaint ' +
    'actually instead sorry no wait well ' +
    'hola buenas buenos dias tardes noches por favor gracias vale si quiero queria quisiera me gustaria necesito puedo ' +
    'podria deseo una un el la mi de sobre ahora hoy otra vez lo esto con ayuda queja hay mejor perdon realidad en'
  ).split(' '),
);

/** A reference typed anywhere in the message: "is there news on 7K4M-9P2Q?". */
const REFERENCE_SHAPED = /\b[0-9a-z]{4}[\s-]?[0-9a-z]{4}\b/gi;

function referenceIn(text: string): { reference: string; rest: string } | undefined {
  for (const match of text.matchAll(REFERENCE_SHAPED)) {
    // a word of eight letters ("complain") is not a reference: one has a digit in it
    if (!/\d/.test(match[0])) continue;
    const parsed = parseReference(match[0]);
    if (parsed.ok) return { reference: parsed.reference, rest: text.slice(0, match.index) + ' ' + text.slice(match.index + match[0].length) };
  }
  return undefined;
}

function onlySurroundings(text: string): boolean {
  return normalise(text)
    .split(' ')
    .every((word) => word === '' || AROUND.has(word));
}

/**
 * The request a message makes, if any: to complain, to check on a complaint (a reference typed in the message is
 * enough), to talk to a person, to reopen, withdraw or escalate a complaint, in English or Spanish. Pure, so that
 * whatever routes a request can be tested and changed without the dialogs.
 */
export function recogniseIntent(text: string): Intent | undefined {
  const typed = referenceIn(text);
  const said = normalise(typed ? typed.rest : text);
  for (const [kind, language, phrase] of PHRASES) {
    const match = phrase.exec(said);
    if (!match) continue;
    const rest = said.slice(0, match.index) + ' ' + said.slice(match.index + match[0].length);
    return { kind, language, ...(typed ? { reference: typed.reference } : {}), whole: onlySurroundings(rest) };
  }
  if (typed) {
    // a reference with nothing around it but "where is", "status" and the like asks after that complaint
    const rest = said.replace(/\b(where is|wheres|status|news|update|check|complaint|donde esta|estado|novedades|consultar|queja)\b/g, ' ');
    return { kind: 'check', reference: typed.reference, whole: onlySurroundings(rest) };
  }
  return undefined;
}
