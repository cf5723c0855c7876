import { HttpException, HttpStatus, Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { Request, Response } from 'express';
import ipaddr from 'ipaddr.js';
import { RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { APP_CONFIG } from '../../../src/config/config.module.js';
import type { AppConfig } from '../../../src/config/config.schema.js';
import { RateLimiters } from '../../../src/database/rate-limiters.js';

/**
 * The public web chat's limits: conversations started from one client address, messages sent in one conversation,
 * and requests to /api/messages from one client address, each a minute. On PostgreSQL they are counted in the
 * database, so several instances together allow what one would; on SQLite in memory.
 */
@Injectable()
export class ChatLimits {
  private readonly starts: RateLimiterAbstract;
  private readonly messages: RateLimiterAbstract;
  private readonly botService: RateLimiterAbstract;

  constructor(@Inject(APP_CONFIG) config: AppConfig, limiters: RateLimiters) {
    this.starts = limiters.create({ keyPrefix: 'chat-starts', points: config.CHAT_STARTS_PER_MINUTE, duration: 60 });
    this.messages = limiters.create({ keyPrefix: 'chat-messages', points: config.CHAT_MESSAGES_PER_MINUTE, duration: 60 });
    this.botService = limiters.create({ keyPrefix: 'bot-service', points: config.BOT_SERVICE_REQUESTS_PER_MINUTE, duration: 60 });
  }

  start(address: string, response: Response): Promise<void> {
    return take(this.starts, address, response);
  }

  message(conversationId: string, response: Response): Promise<void> {
    return take(this.messages, conversationId, response);
  }

  botServiceRequest(address: string, response: Response): Promise<void> {
    return take(this.botService, address, response);
  }

  /** Forgets what these conversations have sent (on PostgreSQL a row naming each): for an erasure. */
  async forgetConversations(conversationIds: readonly string[]): Promise<number> {
    let forgotten = 0;
    for (const id of conversationIds) if (await this.messages.delete(id)) forgotten++;
    return forgotten;
  }
}

/**
 * Whom a start counts against: an IPv4 address, or an IPv6 address's /64 network, since one subscriber is usually
 * given a whole /64 and could otherwise start conversations from a new address each time.
 */
export function clientKey(address: string): string {
  if (!ipaddr.isValid(address)) return address;
  const parsed = ipaddr.process(address); // IPv4-mapped IPv6 (::ffff:192.0.2.1) becomes the IPv4 address
  if (parsed.kind() === 'ipv4') return parsed.toString();
  return `${ipaddr.IPv6.networkAddressFromCIDR(`${parsed.toString()}/64`).toString()}/64`;
}

/** The client address a request counts against (the customer's behind a proxy named in TRUST_PROXY). */
export function clientAddressKey(request: Request): string {
  return clientKey(request.ip ?? request.socket.remoteAddress ?? '');
}

/** Counts one against `key`; over the limit it answers 429 with the standard Retry-After, in seconds. */
async function take(limiter: RateLimiterAbstract, key: string, response: Response): Promise<void> {
  try {
    await limiter.consume(key);
  } catch (refusal) {
    if (!(refusal instanceof RateLimiterRes)) throw refusal;
    const wait = Math.max(1, Math.ceil(refusal.msBeforeNext / 1000));
    response.setHeader('Retry-After', String(wait));
    throw new HttpException(`Too many requests: try again in ${wait} s.`, HttpStatus.TOO_MANY_REQUESTS);
  }
}

/**
 * Limits new conversations by client address (the customer's behind a proxy named in TRUST_PROXY). A start with a
 * token is a client coming back to its own conversation, as DirectLineJS does at every connect: it is not counted.
 */
@Injectable()
export class StartLimitGuard implements CanActivate {
  constructor(private readonly limits: ChatLimits) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const http = context.switchToHttp();
    const request = http.getRequest<Request>();
    if (!request.headers.authorization) await this.limits.start(clientAddressKey(request), http.getResponse());
    return true;
  }
}

/** Limits the messages of a conversation; after the token guard, so forged requests never use up its allowance. */
@Injectable()
export class MessageLimitGuard implements CanActivate {
  constructor(private readonly limits: ChatLimits) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const http = context.switchToHttp();
    await this.limits.message(String(http.getRequest<Request>().params.conversationId), http.getResponse());
    return true;
  }
}
