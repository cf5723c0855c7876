import type { TFunction } from 'i18next';
import type { CodeOfConduct } from '../../conduct/code-of-conduct.schema.js';
import type { ResponseKind } from '../../conduct/response-requirements.js';
import type { Variables } from '../rendering/message-payload.js';

/**
 * What a response must tell the customer about where they can go next, as message variables: the wording its
 * regulator prescribes (`template`, see the `referral_*` texts) and the provider it names. Taken from the code of
 * conduct when the response is written, so the message says what was true when it was given.
 */
export function referralVariables(code: Pick<CodeOfConduct, 'responses' | 'externalDisputeResolution'>, kind: ResponseKind): Variables {
  const template = code.responses[kind]?.template ?? 'plain';
  const provider = code.externalDisputeResolution?.providers[0];
  if (template === 'plain' || !provider) return { template: 'plain', provider: null, website: null, contact: null };
  return {
    template,
    provider: provider.name,
    website: provider.website ?? null,
    contact: [provider.website, provider.phone].filter(Boolean).join(', ') || null,
  };
}

/**
 * The referral paragraph of a final response or summary resolution, in words: for the FCA the DISP 1 Annex 3R
 * wording, which says whether we consent to waive the ombudsman's time limits (`waived`), and the ombudsman's
 * website; for ASIC the right to complain to AFCA, its contact details and its time limit; for the CFPB what the CFPB
 * really does. Empty for the plain wording.
 */
export function referralParagraph(t: TFunction, variables: Variables): string {
  const template = variables.template;
  if (!template || template === 'plain' || !variables.provider) return '';
  return t(`referral_${template}`, {
    context: variables.waiveTimeLimits === 'yes' ? 'waived' : undefined,
    provider: variables.provider,
    website: variables.website ?? '',
    contact: variables.contact ?? '',
  });
}
