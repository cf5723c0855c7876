import type { CodeOfConduct } from '../conduct/code-of-conduct.schema.js';
import { customerAddress, type ContactRouting } from '../complaints/customer-address.js';
import type { OutboxPolicy } from '../notifications/outbox-policies.js';
import { referralVariables } from '../notifications/status-updates/referral-rights.js';
import { holdingResponsePayload } from './deadline-texts.js';

/**
 * A holding or delay response staff sent (`complaint.holding_response_sent`) goes to the customer on their channel,
 * worded as the code of conduct's regulator requires, in the same transaction as the event that records it.
 */
export function holdingResponsesPolicy(
  code: Pick<CodeOfConduct, 'responses' | 'externalDisputeResolution'>,
  channels: ContactRouting,
): OutboxPolicy {
  return ({ after, events }) =>
    events.flatMap((event) => {
      if (event.type !== 'complaint.holding_response_sent') return [];
      const { channel, address } = customerAddress(after, channels);
      return [{
        reference: after.reference,
        channel,
        kind: 'holding_response',
        recipient: { address },
        payload: holdingResponsePayload(after, { reasons: event.data.reason, expectedBy: event.data.expectedBy }, referralVariables(code, 'holdingResponse')),
      }];
    });
}
