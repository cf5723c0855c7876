import type { SchemaPart } from '../../src/database/schema.js';
import { EMAIL_ENTITIES } from './email.entities.js';
import { EmailInbound1764330000001 } from './migrations/1764330000001-email-inbound.js';

/** The email channel's tables: its inbox of customers' emails. */
export const EMAIL_SCHEMA: SchemaPart = { entities: EMAIL_ENTITIES, migrations: [EmailInbound1764330000001] };
