import escapeHtml from 'escape-html';
import type { ContactRoute } from './code-of-conduct.schema.js';

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

export function htmlLink(href: string, text: string): string {
  return `<a href="${escapeHtml(href)}">${escapeHtml(text)}</a>`;
}

/** One way to complain as HTML, with a link that dials, texts, mails or opens it where it can be one. */
export function contactRouteHtml(route: ContactRoute): string {
  const label = `<strong>${escapeHtml(route.label)}</strong>: `;
  switch (route.kind) {
    case 'phone':
      return label + htmlLink(telHref(route.value), route.value);
    case 'sms':
      return label + htmlLink(telHref(route.value, 'sms'), route.value);
    case 'email':
      return label + htmlLink(`mailto:${route.value}`, route.value);
    case 'web': {
      const href = webHref(route.value);
      return label + (href ? htmlLink(href, route.value) : escapeHtml(route.value));
    }
    case 'chat': {
      const href = /^https?:\/\//i.test(route.value) ? webHref(route.value) : undefined;
      return label + (href ? htmlLink(href, route.value) : escapeHtml(route.value));
    }
    case 'post':
      return `${label}<span class="postal">${escapeHtml(route.value)}</span>`;
  }
}
