const SCHEME = /^[a-z][a-z0-9+.-]*:/i;

/** People write web addresses without a scheme ("www.example.org"); browsers need one to make a link. */
export function webHref(value: string): string | undefined {
  const candidate = SCHEME.test(value) ? value : `https://${value}`;
  let url: URL;
  try {
    url = new URL(candidate);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined;
  if (!url.hostname.includes('.') && url.hostname !== 'localhost') return undefined;
  return url.href;
}

/** Dialling needs only the digits and a leading plus; spaces and brackets are for readers. */
export function telHref(value: string, scheme: 'tel' | 'sms' = 'tel'): string {
  const digits = value.replace(/[^\d+]/g, '');
  return `${scheme}:${digits}`;
}

const PHONE = /^\+?[\d\s().-]{3,30}$/;

export function isPhoneNumber(value: string): boolean {
  return PHONE.test(value) && /\d{3}/.test(value.replace(/\D/g, ''));
}
