import { describe, expect, it } from '@jest/globals';
import { StaffDirectory } from './staff-directory.js';

describe(StaffDirectory.name, () => {
  const staff = new StaffDirectory(['U0HANDLER1', 'U0BOTH'], ['U0SUPER01', 'U0BOTH']);

  it('gives each configured person their role, and the wider one to someone listed twice', () => {
    expect(staff.actorFor('U0HANDLER1')).toEqual({ kind: 'staff', id: 'U0HANDLER1', role: 'handler' });
    expect(staff.actorFor('U0BOTH')).toEqual({ kind: 'staff', id: 'U0BOTH', role: 'supervisor' });
    expect(staff.handlers()).toEqual(['U0HANDLER1']);
    expect(staff.supervisors()).toEqual(['U0BOTH', 'U0SUPER01']);
  });

  it('knows nobody else', () => {
    expect(staff.actorFor('U0STRANGER')).toBeUndefined();
    expect(staff.isStaff('U0STRANGER')).toBe(false);
  });
});
