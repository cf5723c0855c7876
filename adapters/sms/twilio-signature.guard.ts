import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import twilio from 'twilio';
import { DomainError } from '../../src/common/domain-error.js';
import { SMS_SETTINGS, type SmsSettings } from './sms-settings.js';
import { WHATSAPP_SETTINGS, type WhatsAppSettings } from './whatsapp-settings.js';

/**
 * Lets in only requests Twilio signed. `X-Twilio-Signature` is an HMAC of the URL Twilio called and the posted
 * fields, keyed with our auth token; behind a proxy the URL we see is not the one Twilio called, so it is rebuilt
 * from PUBLIC_URL. Runs before the body is validated, so a forged request learns nothing about the fields. SMS and
 * WhatsApp share the account, so either being on is enough.
 */
@Injectable()
export class TwilioSignatureGuard implements CanActivate {
  constructor(
    @Inject(SMS_SETTINGS) private readonly sms: SmsSettings,
    @Inject(WHATSAPP_SETTINGS) private readonly whatsapp: WhatsAppSettings,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const account = this.sms.enabled ? this.sms : this.whatsapp.enabled ? this.whatsapp : undefined;
    if (!account) throw new DomainError('not_found', 'sms_not_configured', 'SMS is not set up on this server.');
    const request = context.switchToHttp().getRequest<Request>();
    const signature = request.header('x-twilio-signature');
    const params = request.body && typeof request.body === 'object' ? (request.body as Record<string, unknown>) : {};
    const url = account.publicUrl + request.originalUrl;
    if (!signature || !twilio.validateRequest(account.authToken, signature, url, params)) {
      throw new DomainError('forbidden', 'twilio_signature_invalid', 'The request does not carry a valid Twilio signature.');
    }
    return true;
  }
}
