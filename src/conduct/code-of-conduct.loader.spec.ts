import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { ConfigError } from '../config/config.schema.js';
import { loadCodeOfConduct, loadProfile } from './code-of-conduct.loader.js';
import { PROFILE_NAMES } from './code-of-conduct.schema.js';

const directory = mkdtempSync(join(tmpdir(), 'redress-conduct-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const path = join(directory, name);
  writeFileSync(path, text);
  return path;
}

function failure(path: string): string {
  try {
    loadCodeOfConduct(path);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('expected the code of conduct to be rejected');
}

describe(loadCodeOfConduct.name, () => {
  it('loads the default profile when no file is configured', () => {
    const code = loadCodeOfConduct(undefined);
    expect(code.organisation.name).toBe('Your Organisation');
    expect(code.promises.map((promise) => promise.id)).toEqual(['acknowledge', 'final-response', 'status-updates', 'talk-to-a-person']);
  });

  it.each(PROFILE_NAMES)('switches the satisfaction survey on in the ready-made %s profile, and a file can switch it off', (name) => {
    expect(loadProfile(name).satisfactionSurvey).toEqual({
      delay: 'P2D',
      quietHours: { from: '21:00', until: '08:00' },
      reminderAfter: 'P3D',
      expiresAfter: 'P14D',
      channels: ['webchat', 'sms', 'email'],
    });
    expect(loadCodeOfConduct(file(`${name}-no-survey.yaml`, `profile: ${name}\nsatisfactionSurvey: null\n`)).satisfactionSurvey).toBeUndefined();
  });

  it('lays a file over the uk-fca profile: the file\'s values win, promises replace by id, new promises are added', () => {
    const path = file(
      'fca.yaml',
      `profile: uk-fca
organisation:
  name: Thrift Building Society
  contactRoutes:
    - { kind: phone, label: Phone, value: 0161 496 0000 }
categories:
  - { id: mortgages, label: Mortgages }
promises:
  - id: final-response
    text: Our full answer within six weeks.
    indicator: time_to_final_response
    target: { amount: 6, unit: weeks }
    clock: business
  - id: callback
    text: We will call you back.
    indicator: time_to_acknowledge
    target: { amount: 4, unit: hours }
    clock: calendar
externalDisputeResolution:
  referralNote: Ask the ombudsman.
`,
    );
    const code = loadCodeOfConduct(path);
    const fca = loadProfile('uk-fca');
    expect(code.profile).toBe('uk-fca');
    expect(code.organisation.name).toBe('Thrift Building Society');
    expect(code.organisation).toEqual({
      name: 'Thrift Building Society',
      contactRoutes: [{ kind: 'phone', label: 'Phone', value: '0161 496 0000' }],
    });
    expect(code.categories).toEqual([{ id: 'mortgages', label: 'Mortgages' }]);
    expect(code.clocks).toEqual(fca.clocks);
    // the profile's payment services promises go with its payment services category
    const general = fca.promises.filter((promise) => !promise.categories).map((promise) => promise.id);
    expect(code.promises.map((promise) => promise.id)).toEqual([...general, 'callback']);
    expect(code.promises.find((promise) => promise.id === 'final-response')?.target).toEqual({ amount: 6, unit: 'weeks' });
    expect(code.externalDisputeResolution?.referralNote).toBe('Ask the ombudsman.');
    expect(code.externalDisputeResolution?.providers).toEqual(fca.externalDisputeResolution?.providers);
  });

  it('replaces the organisation whole, so the profile\'s placeholder contact details cannot stay under a real name', () => {
    const path = file('name-only.yaml', 'profile: default\norganisation:\n  name: Acme\n');
    expect(failure(path).startsWith(`Invalid code of conduct ${path}: organisation.contactRoutes `)).toBe(true);
  });

  it('removes a profile setting the file sets to null', () => {
    const code = loadCodeOfConduct(file('no-edr.yaml', 'profile: default\nreopenWindowDays: null\n'));
    expect(code.reopenWindowDays).toBeUndefined();
  });

  it('reads JSON as well as YAML', () => {
    const code = loadCodeOfConduct(file('coc.json', JSON.stringify({
        profile: 'au-asic',
        organisation: { name: 'Koala Bank', contactRoutes: [{ kind: 'web', label: 'Web', value: 'koala.example.au' }] },
      })));
    expect(code.organisation.name).toBe('Koala Bank');
  });

  it('returns a frozen code so no caller can change the promises in use', () => {
    const code = loadCodeOfConduct(undefined);
    expect(Object.isFrozen(code.promises[0].target)).toBe(true);
  });

  it('reports an undefined clock in one line naming the file and the path in that file', () => {
    const path = file(
      'bad-clock.yaml',
      `profile: uk-fca
promises:
  - { id: callback, text: We call back., indicator: time_to_acknowledge, target: { amount: 4, unit: hours }, clock: nope }
`,
    );
    expect(failure(path)).toBe(`Invalid code of conduct ${path}: promises.0.clock "nope" is not a defined clock`);
  });

  it('says when the failing promise came from the profile rather than the file', () => {
    const path = file('no-business.yaml', 'profile: default\nclocks:\n  business: null\n  office: { kind: calendar, timeZone: Europe/London }\n');
    expect(failure(path)).toBe(
      `Invalid code of conduct ${path}: promises.0.clock "business" is not a defined clock (promise from profile default)`,
    );
  });

  it('reports a missing file', () => {
    const path = join(directory, 'absent.yaml');
    expect(failure(path)).toBe(`Invalid code of conduct ${path}: file not found`);
  });

  it('reports a YAML syntax error on one line with its position', () => {
    const path = file('broken.yaml', 'organisation:\n  name: [Acme\ncategories: []\n');
    const message = failure(path);
    expect(message.startsWith(`Invalid code of conduct ${path}: YAML syntax error: `)).toBe(true);
    expect(message).toMatch(/ at line \d+, column \d+$/);
    expect(message).not.toContain('\n');
  });

  it('reports an unknown profile', () => {
    const path = file('unknown-profile.yaml', 'profile: eu-gdpr\n');
    expect(failure(path)).toBe(
      `Invalid code of conduct ${path}: profile "eu-gdpr" is not a ready-made profile (default, uk-fca, us-cfpb, au-asic)`,
    );
  });

  it('requires a file without a profile to be complete', () => {
    const path = file('partial.yaml', 'organisation:\n  name: Acme\n');
    expect(failure(path).startsWith(`Invalid code of conduct ${path}: organisation.contactRoutes `)).toBe(true);
  });

  it('rejects a file that is not a mapping', () => {
    const path = file('list.yaml', '- one\n- two\n');
    expect(failure(path)).toBe(`Invalid code of conduct ${path}: the file must hold a mapping of settings at the top level`);
  });
});
