import type { SchemaPart } from '../../src/database/schema.js';
import { EMAIL_ENTITIES } from './email.entities.js';
import { EmailInbound1764330000001 } from './migrations/1764330000001-email-inbound.js';
import { EmailIntakes1764330000002 } from './migrations/1764330000002-email-intakes.js';

/** The email channel's tables: complaints begun by email that wait for their category. */
export const EMAIL_SCHEMA: SchemaPart = { entities: EMAIL_ENTITIES, migrations: [EmailInbound1764330000001, EmailIntakes1764330000002] };
