import type { Actor } from '../../src/complaints/domain/complaint.commands.js';

export type StaffActor = Extract<Actor, { kind: 'staff' }>;

/** Who may work on complaints from Slack, and in which role: only the Slack users named in the configuration. */
export class StaffDirectory {
  private readonly roles = new Map<string, StaffActor['role']>();

  constructor(
    handlers: readonly string[],
    supervisors: readonly string[],
    /** The first names customers are told (STAFF_FIRST_NAMES), by Slack user id. */
    private readonly firstNames: Readonly<Record<string, string>> = {},
  ) {
    for (const id of handlers) this.roles.set(id, 'handler');
    // Someone listed twice has the wider role: a supervisor may do everything a handler may.
    for (const id of supervisors) this.roles.set(id, 'supervisor');
  }

  /** The actor the case history records for this Slack user, or undefined for someone who is not staff. */
  actorFor(slackUserId: string): StaffActor | undefined {
    const role = this.roles.get(slackUserId);
    return role ? { kind: 'staff', id: slackUserId, role } : undefined;
  }

  /** How a customer is told of this person: their first name, when one is configured. */
  firstName(slackUserId: string): string | undefined {
    return Object.hasOwn(this.firstNames, slackUserId) ? this.firstNames[slackUserId] : undefined;
  }

  isStaff(slackUserId: string): boolean {
    return this.roles.has(slackUserId);
  }

  handlers(): string[] {
    return [...this.roles].filter(([, role]) => role === 'handler').map(([id]) => id);
  }

  supervisors(): string[] {
    return [...this.roles].filter(([, role]) => role === 'supervisor').map(([id]) => id);
  }
}
