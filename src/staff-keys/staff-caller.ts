import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import { z } from 'zod';
import type { Actor } from '../complaints/domain/complaint.commands.js';

export type StaffActor = Extract<Actor, { kind: 'staff' }>;

export const STAFF_ID = z.string().regex(/^[\w.@:-]{1,64}$/, 'must be 1 to 64 letters, digits or . @ : _ -');
export const STAFF_ROLE = z.enum(['handler', 'supervisor']);

/** Who a caller of the shared key says it acts for; one that names no role is a handler. */
export const staffHeadersSchema = z.object({
  'x-staff-id': STAFF_ID.default('api'),
  'x-staff-role': STAFF_ROLE.default('handler'),
});

/** Where the guard leaves the caller it authenticated. */
export interface StaffRequest extends Request {
  staffCaller?: StaffActor;
}

/** The staff member a staff API call acts for, as the key guard established it. */
export const StaffCaller = createParamDecorator((_data: unknown, context: ExecutionContext): StaffActor => {
  const caller = context.switchToHttp().getRequest<StaffRequest>().staffCaller;
  if (!caller) throw new Error('StaffCaller used on a route without the staff API key guard');
  return caller;
});
