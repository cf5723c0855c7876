import ipaddr from 'ipaddr.js';
import type { AppConfig } from '../../../src/config/config.schema.js';

/**
 * Where an /api/messages conversation's replies may go. Replies are POSTed to the activity's `serviceUrl`, so an
 * unchecked one lets whoever can reach the endpoint make Redress send requests anywhere (server-side request forgery).
 * - Signed activities (credentials set): the URL must be HTTPS on a trusted Bot Framework host. The channel's token
 *   also names the URL it was issued for, and botbuilder checks that; this holds even if a token leaks.
 * - Anonymous activities (local development): the Emulator's own URL, on this machine.
 * Either way the URL is a plain origin and path: no credentials, query or fragment to smuggle a request through.
 */
export type ServiceUrlPolicy = { anonymous: true } | { anonymous: false; trustedHosts: readonly string[] };

export function serviceUrlPolicyOf(config: Pick<AppConfig, 'MICROSOFT_APP_ID' | 'BOT_SERVICE_TRUSTED_HOSTS'>): ServiceUrlPolicy {
  return config.MICROSOFT_APP_ID ? { anonymous: false, trustedHosts: config.BOT_SERVICE_TRUSTED_HOSTS } : { anonymous: true };
}

/** Why `serviceUrl` may not receive replies, or null when it may. */
export function serviceUrlRefusal(serviceUrl: string, policy: ServiceUrlPolicy): string | null {
  let url: URL;
  try {
    url = new URL(serviceUrl);
  } catch {
    return 'is not a URL';
  }
  if (url.username || url.password || /[?#]/.test(serviceUrl)) return 'may not carry credentials, a query or a fragment';
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'must be an http or https URL';
  const loopback = isLoopbackHost(url.hostname);
  if (policy.anonymous) return loopback ? null : 'must be on this machine when /api/messages is anonymous';
  if (url.protocol !== 'https:' && !loopback) return 'must be an https URL';
  return policy.trustedHosts.some((pattern) => hostMatches(url.hostname, pattern)) ? null : 'is not a trusted Bot Framework service URL';
}

/** `*.example.com` matches subdomains of example.com only; anything else matches the host exactly. */
export function hostMatches(host: string, pattern: string): boolean {
  const name = host.toLowerCase().replace(/\.$/, '');
  const wanted = pattern.toLowerCase();
  return wanted.startsWith('*.') ? name.endsWith(wanted.slice(1)) && name.length > wanted.length - 1 : name === wanted;
}

/** `localhost`, 127.0.0.0/8 and ::1, including IPv4-mapped IPv6 forms and URL brackets. */
export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (bare === 'localhost' || bare.endsWith('.localhost')) return true;
  return isLoopbackAddress(bare);
}

export function isLoopbackAddress(address: string | undefined): boolean {
  if (!address || !ipaddr.isValid(address)) return false;
  return ipaddr.process(address).range() === 'loopback';
}
