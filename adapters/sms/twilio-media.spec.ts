import { describe, expect, it } from '@jest/globals';
import { ownMediaUrl, TwilioMedia } from './twilio-media.js';

const ACCOUNT = 'AC' + 'a'.repeat(32);
const MESSAGE = 'MM' + 'b'.repeat(32);
const MEDIA = 'ME' + 'c'.repeat(32);
const OWN = `https://api.twilio.com/2010-04-01/Accounts/${ACCOUNT}/Messages/${MESSAGE}/Media/${MEDIA}`;

describe(TwilioMedia.name, () => {
  it.each([
    ['this message’s media on Twilio’s API', OWN, undefined, true],
    ['the same under TWILIO_API_URL with a path', `http://127.0.0.1:4010/twilio/2010-04-01/Accounts/${ACCOUNT}/Messages/${MESSAGE}/Media/${MEDIA}`, 'http://127.0.0.1:4010/twilio/', true],
    ['Twilio’s API when another is configured', OWN, 'http://127.0.0.1:4010', false],
    ['another host', OWN.replace('api.twilio.com', 'api.twilio.com.evil.example'), undefined, false],
    ['plain HTTP', OWN.replace('https:', 'http:'), undefined, false],
    ['another account', OWN.replace(ACCOUNT, 'AC' + 'd'.repeat(32)), undefined, false],
    ['another message', OWN.replace(MESSAGE, 'MM' + 'e'.repeat(32)), undefined, false],
    ['a path that climbs out', `https://api.twilio.com/2010-04-01/Accounts/${ACCOUNT}/Messages/${MESSAGE}/Media/../../../Calls`, undefined, false],
    ['credentials in the URL', OWN.replace('https://', 'https://x:y@'), undefined, false],
    ['a query', `${OWN}?redirect=http://169.254.169.254/`, undefined, false],
    ['not a media id', OWN.replace(MEDIA, 'list.json'), undefined, false],
    ['not a URL', 'file:///etc/passwd', undefined, false],
  ])('fetches only its own media: %s', (_, url, apiUrl, allowed) => {
    expect(ownMediaUrl(url, MESSAGE, { accountSid: ACCOUNT, apiUrl })).toBe(allowed);
  });
});
