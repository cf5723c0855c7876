import { createHash, timingSafeEqual } from 'node:crypto';
import ipaddr from 'ipaddr.js';

export type MetricsAccess = { allowed: true } | { allowed: false; status: 401 | 403; code: string; message: string };

/**
 * Who may read /metrics. With METRICS_TOKEN set, whoever sends it as a bearer token, compared in constant time. Without
 * one, only a caller on this machine (a Prometheus or an agent beside the instance), judged by the connection's own
 * address: X-Forwarded-For is whatever the caller chose to write.
 */
export function metricsAccess(token: string | undefined, authorization: string | undefined, socketAddress: string | undefined): MetricsAccess {
  if (token === undefined) {
    if (isLoopback(socketAddress)) return { allowed: true };
    return { allowed: false, status: 403, code: 'metrics_local_only', message: 'Metrics answer only on this machine unless METRICS_TOKEN is set.' };
  }
  const given = /^Bearer (.+)$/i.exec(authorization ?? '')?.[1];
  if (given === undefined) return { allowed: false, status: 401, code: 'unauthorised', message: 'Send the metrics token as Authorization: Bearer <token>.' };
  if (!sameSecret(given, token)) return { allowed: false, status: 403, code: 'forbidden', message: 'That is not the metrics token.' };
  return { allowed: true };
}

export function isLoopback(address: string | undefined): boolean {
  if (!address || !ipaddr.isValid(address)) return false;
  return ipaddr.process(address).range() === 'loopback';
}

/** Hashed first, so the comparison takes as long whatever the lengths. */
function sameSecret(given: string, expected: string): boolean {
  const digest = (text: string) => createHash('sha256').update(text).digest();
  return timingSafeEqual(digest(given), digest(expected));
}
