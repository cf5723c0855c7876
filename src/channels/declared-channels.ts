import { z } from 'zod';
import { INTAKE_CHANNELS } from '../complaints/domain/complaint.js';

/** What a request body is checked against: the channels and contact kinds the adapters declared (ChannelRegistry). */
export interface DeclaredChannels {
  customerChannels(): readonly { id: string }[];
  contactKinds(): string[];
}

/**
 * A string that must be one of `allowed()`, asked when a request is checked: adapters declare their channels once
 * the application is assembled. Without `allowed`, any short string: how the API reference, written before any
 * channel is declared, shows the field.
 */
function oneOf(allowed?: () => readonly string[]) {
  const field = z.string().min(1, 'must not be empty').max(32);
  if (!allowed) return field;
  return field.superRefine((value, ctx) => {
    const values = allowed();
    if (!values.includes(value)) ctx.addIssue({ code: 'custom', message: `must be one of: ${values.join(', ')}` });
  });
}

/** A contact kind some declared channel delivers to: `phone`, `email`, `webchat`, ... */
export function declaredContactKind(channels?: DeclaredChannels) {
  return oneOf(channels && (() => channels.contactKinds()));
}

/** A way a complaint came in: a declared channel, or one of the core's own (a letter, a call). */
export function intakeChannel(channels?: DeclaredChannels) {
  return oneOf(channels && (() => [...channels.customerChannels().map((channel) => channel.id), ...INTAKE_CHANNELS]));
}
