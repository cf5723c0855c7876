import { createHash, timingSafeEqual } from 'node:crypto';
import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import { DomainError } from '../domain-error.js';
import { STAFF_API_KEY } from './staff-api-key.js';

const digest = (value: string) => createHash('sha256').update(value).digest();

/** `Authorization: Bearer <STAFF_API_KEY>` on every staff API route, compared in constant time. */
@Injectable()
export class StaffApiKeyGuard implements CanActivate {
  private readonly expected: Buffer;

  constructor(@Inject(STAFF_API_KEY) key: string) {
    this.expected = digest(key);
  }

  canActivate(context: ExecutionContext): boolean {
    const header = context.switchToHttp().getRequest<Request>().headers.authorization ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match || !timingSafeEqual(digest(match[1]), this.expected)) {
      throw new DomainError('unauthorised', 'unauthorised', 'Send Authorization: Bearer <STAFF_API_KEY>.');
    }
    return true;
  }
}
