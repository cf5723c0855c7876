import { createParamDecorator, Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import { DomainError } from '../../../src/common/domain-error.js';
import { CLOCK, type Clock } from '../../../src/complaints/clock.js';
import { ConversationTokens, type ConversationGrant } from './conversation-tokens.js';

type GrantedRequest = Request & { conversationGrant?: ConversationGrant };

/** A valid conversation token, for the conversation in the path (if any): runs before any body is read. */
@Injectable()
export class ConversationTokenGuard implements CanActivate {
  constructor(
    private readonly tokens: ConversationTokens,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<GrantedRequest>();
    const grant = this.tokens.verify(request.headers.authorization, this.clock.now());
    const conversationId = request.params.conversationId;
    if (conversationId !== undefined && conversationId !== grant.conversationId) {
      throw new DomainError('forbidden', 'token_wrong_conversation', 'This token is for another conversation.');
    }
    request.conversationGrant = grant;
    return true;
  }
}

/** The grant the guard checked. */
export const Grant = createParamDecorator((_data: unknown, context: ExecutionContext): ConversationGrant => {
  const grant = context.switchToHttp().getRequest<GrantedRequest>().conversationGrant;
  if (!grant) throw new Error('Grant() used on a route without ConversationTokenGuard');
  return grant;
});
