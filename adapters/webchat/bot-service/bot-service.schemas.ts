import { z } from 'zod';
import { cleanText } from '../../../src/common/text/clean-text.js';

/** The fields every Bot Framework activity must have for the adapter to answer it; the rest passes through. */
export const botServiceActivitySchema = z.looseObject({
  type: z.string().min(1).max(64),
  serviceUrl: z.url({ protocol: /^https?$/ }),
  channelId: z.string().min(1).max(64),
  conversation: z.looseObject({ id: z.string().min(1).max(512) }),
  from: z.looseObject({ id: z.string().min(1).max(512) }),
  recipient: z.looseObject({ id: z.string().min(1).max(512) }).optional(),
  id: z.string().max(512).optional(),
  text: z.string().overwrite(cleanText).max(5000).optional(),
  timestamp: z.string().optional(),
  localTimestamp: z.string().optional(),
  expiration: z.string().optional(),
});
