import { createHash, timingSafeEqual } from 'node:crypto';
import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { DomainError } from '../common/domain-error.js';
import { ZodPipe } from '../common/http/zod-body.pipe.js';
import { CLOCK, type Clock } from '../complaints/clock.js';
import { STAFF_API_KEY } from './shared-staff-key.js';
import { StaffApiKeys } from './staff-api-keys.js';
import { staffHeadersSchema, type StaffRequest } from './staff-caller.js';

const digest = (value: string) => createHash('sha256').update(value).digest();

/**
 * `Authorization: Bearer <key>` on every staff API route, with either key:
 * - a personal key (`rk_…`), which says who is calling and with which role; X-Staff-Id and X-Staff-Role, if sent,
 *   must agree with it, since a handler's key must not act as a supervisor;
 * - the shared STAFF_API_KEY, for integrations, whose calls say whom they act for in those headers.
 */
@Injectable()
export class StaffApiKeyGuard implements CanActivate {
  private readonly shared: Buffer;

  constructor(
    @Inject(STAFF_API_KEY) key: string,
    private readonly keys: StaffApiKeys,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {
    this.shared = digest(key);
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<StaffRequest>();
    const token = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
    if (token && timingSafeEqual(digest(token), this.shared)) {
      const headers = new ZodPipe(staffHeadersSchema).transform(request.headers);
      request.staffCaller = { kind: 'staff', id: headers['x-staff-id'], role: headers['x-staff-role'] };
      return true;
    }
    const holder = token ? await this.keys.authenticate(token, this.clock.now()) : null;
    if (!holder) throw new DomainError('unauthorised', 'unauthorised', 'Send Authorization: Bearer <your staff API key>.');
    const claimedId = request.headers['x-staff-id'];
    const claimedRole = request.headers['x-staff-role'];
    if ((claimedId !== undefined && claimedId !== holder.staffId) || (claimedRole !== undefined && claimedRole !== holder.role)) {
      throw new DomainError('forbidden', 'staff_key_identity_mismatch', `This key is ${holder.staffId}'s, as a ${holder.role}: it cannot act as anyone else.`);
    }
    request.staffCaller = { kind: 'staff', id: holder.staffId, role: holder.role };
    return true;
  }
}
