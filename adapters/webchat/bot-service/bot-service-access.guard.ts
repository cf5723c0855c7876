import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { Request, Response } from 'express';
import { DomainError } from '../../../src/common/domain-error.js';
import { APP_CONFIG } from '../../../src/config/config.module.js';
import type { AppConfig } from '../../../src/config/config.schema.js';
import { ChatLimits, clientAddressKey } from '../direct-line/chat-limits.js';
import { isLoopbackAddress } from './service-url-policy.js';

/**
 * Who may call /api/messages, checked before the body is read: a client over its request allowance is slowed down;
 * without credentials, nobody unless anonymous use is switched on, and then only a client on this machine reaching
 * it directly (not through a proxy that could be relaying anyone).
 */
@Injectable()
export class BotServiceAccessGuard implements CanActivate {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly limits: ChatLimits,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<Request>();
    await this.limits.botServiceRequest(clientAddressKey(request), context.switchToHttp().getResponse<Response>());
    if (this.config.MICROSOFT_APP_ID) return true;
    if (!this.config.BOT_SERVICE_ALLOW_ANONYMOUS) {
      throw new DomainError(
        'forbidden',
        'bot_service_not_configured',
        'Set MICROSOFT_APP_ID to use /api/messages, or BOT_SERVICE_ALLOW_ANONYMOUS=true for the Bot Framework Emulator on this machine.',
      );
    }
    const proxied = request.headers['x-forwarded-for'] !== undefined || request.headers.forwarded !== undefined;
    if (proxied || !isLoopbackAddress(request.socket.remoteAddress) || !isLoopbackAddress(request.ip)) {
      throw new DomainError('forbidden', 'bot_service_anonymous_remote', 'Anonymous /api/messages takes requests from this machine only.');
    }
    return true;
  }
}
