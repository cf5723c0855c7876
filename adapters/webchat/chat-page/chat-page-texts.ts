/** The chat page's own words, in each language the dialogs speak. Texts with `{}` take a number; none hold markup. */
export const CHAT_PAGE_TEXTS = {
  en: {
    lang: 'en-GB',
    title: 'Complaints chat',
    heading: 'Make a complaint, or check on one',
    intro:
      'Our complaints assistant asks a few short questions, one at a time, and gives you a reference and a secret code for your complaint. With both you can come back here, from any device, to see how it is going.',
    story: 'You can tell us what happened in your own words, up to {} characters, in one message or several. To start a new line without sending, press Shift and Enter.',
    privacy: 'Please do not type passwords or bank card numbers into the chat.',
    chatHeading: 'Chat with us',
    noScript: 'The chat needs JavaScript, which is turned off or not available in your browser.',
    otherWays: 'You can also complain in these ways:',
    otherWaysInCode: 'Our code of conduct lists the other ways to complain.',
    loading: 'The chat is loading.',
    unavailable:
      'The chat is not available at the moment. Please try again later, or use one of the ways to complain in our code of conduct (linked below).',
    busy: 'Many chats have been started from your network just now. Please try again in a minute.',
    tooLong: 'Your message has {length} characters, more than the {max} one message can have. It is still in the box for you to shorten.',
    footer: 'How we handle complaints: our code of conduct',
    skipLink: 'Skip to main content',
  },
  es: {
    lang: 'es-ES',
    title: 'Chat de quejas',
    heading: 'Ponga una queja, o consulte una',
    intro:
      'Nuestro asistente de quejas le hace unas preguntas cortas, de una en una, y le da una referencia y un código secreto para su queja. Con los dos puede volver aquí, desde cualquier dispositivo, para ver cómo va.',
    story: 'Puede contarnos lo que pasó con sus palabras, hasta {} caracteres, en uno o varios mensajes. Para empezar una línea nueva sin enviar, pulse Mayúsculas e Intro.',
    privacy: 'Por favor, no escriba contraseñas ni números de tarjeta en el chat.',
    chatHeading: 'Hable con nosotros',
    noScript: 'El chat necesita JavaScript, que está desactivado o no disponible en su navegador.',
    otherWays: 'También puede quejarse de estas formas:',
    otherWaysInCode: 'Nuestro código de conducta indica las otras formas de quejarse.',
    loading: 'El chat se está cargando.',
    unavailable:
      'El chat no está disponible en este momento. Inténtelo más tarde, o use una de las formas de quejarse de nuestro código de conducta (enlace abajo).',
    busy: 'Se han abierto muchos chats desde su red hace un momento. Inténtelo otra vez dentro de un minuto.',
    tooLong: 'Su mensaje tiene {length} caracteres, más de los {max} que puede tener un mensaje. Sigue en el cuadro para que lo acorte.',
    footer: 'Cómo tratamos las quejas: nuestro código de conducta',
    skipLink: 'Saltar al contenido principal',
  },
} as const;

export type ChatPageLanguage = keyof typeof CHAT_PAGE_TEXTS;
export type ChatPageTextKey = keyof (typeof CHAT_PAGE_TEXTS)['en'];

/** The page's language from the browser's Accept-Language: Spanish when it comes first among ours, else English. */
export function chatPageLanguage(acceptLanguage: string | undefined): ChatPageLanguage {
  const ranked = (acceptLanguage ?? '')
    .split(',')
    .map((part) => {
      const [tag, ...params] = part.trim().toLowerCase().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      return { primary: tag.split('-')[0], q: q ? Number(q.slice(2)) : 1 };
    })
    .filter(({ primary, q }) => (primary === 'en' || primary === 'es') && q > 0)
    .sort((a, b) => b.q - a.q);
  return ranked[0]?.primary === 'es' ? 'es' : 'en';
}
