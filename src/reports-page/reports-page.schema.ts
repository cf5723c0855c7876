import type { SchemaPart } from '../database/schema.js';
import { StaffSessions1765200000001 } from './migrations/1765200000001-staff-sessions.js';
import { REPORTS_PAGE_ENTITIES } from './reports-page.entities.js';

/** The report page's tables: staff sessions and the Slack sign-ins under way. */
export const REPORTS_PAGE_SCHEMA: SchemaPart = { entities: REPORTS_PAGE_ENTITIES, migrations: [StaffSessions1765200000001] };
