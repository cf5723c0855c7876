/**
 * What Twilio's WhatsApp error codes mean, in words staff can act on
 * (https://www.twilio.com/docs/whatsapp/api/error-code-mapping). Any other code (an SMS one) is named alone, with
 * Twilio's own message where there is one.
 */
const REASONS: Record<string, string> = {
  // WhatsApp
  '63001': 'Twilio could not authenticate with WhatsApp for our sender',
  '63003': 'this number could not be reached on WhatsApp (it may have no WhatsApp account)',
  '63005': 'WhatsApp did not accept the message content',
  '63007': 'Twilio has no WhatsApp sender for our From address (check TWILIO_WHATSAPP_NUMBER and the sender in Twilio)',
  '63013': 'WhatsApp refused the message under its policies',
  '63016': "outside WhatsApp's 24-hour customer-service window, where only an approved template may be sent",
  '63018': "WhatsApp's rate limit for our sender was exceeded",
  '63020': 'the WhatsApp Business account has not accepted Twilio as its provider',
  '63021': 'WhatsApp refused the message content (too long, or not supported)',
  '63022': 'WhatsApp says our business is not verified for this message',
  '63024': 'WhatsApp says this recipient cannot receive the message',
  '63025': 'WhatsApp had already received this message',
  '63027': 'the WhatsApp template does not exist for this language, or is not approved',
  '63028': "the template's variables do not match the approved WhatsApp template",
  '63030': 'WhatsApp does not take this parameter for this kind of message',
  '63032': 'WhatsApp would not deliver to this user (a WhatsApp limitation on their account)',
  '63049': 'Meta chose not to deliver this message',
  '63112': 'Meta disabled the WhatsApp Business account',
  '21655': 'the Content SID is not valid',
  '21656': 'the template variables are not valid',
};

/** `Twilio 63016 (outside WhatsApp's 24-hour …)`: the code, and its meaning when known. */
export function twilioErrorReason(code: string | number | undefined): string {
  if (code === undefined || code === null || code === '') return 'Twilio error';
  const reason = REASONS[String(code)];
  return reason ? `Twilio ${code} (${reason})` : `Twilio ${code}`;
}
