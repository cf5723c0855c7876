import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { fillTemplate, WhatsAppTemplates } from './whatsapp-templates.js';

const SID = `HX${'0'.repeat(32)}`;
const OTHER = `HX${'f'.repeat(32)}`;
const dir = mkdtempSync(join(tmpdir(), 'whatsapp-templates-'));
const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe(WhatsAppTemplates.name, () => {
  it('reads YAML, and finds a key before its family', () => {
    const templates = WhatsAppTemplates.load(
      file('ok.yaml', `status.:\n  contentSid: ${SID}\n  variables: { "1": reference }\nstatus.closed:\n  contentSid: ${OTHER}\n`),
    );
    expect(templates.for('status.acknowledged')).toEqual({ contentSid: SID, variables: { '1': 'reference' } });
    expect(templates.for('status.closed')).toEqual({ contentSid: OTHER, variables: {} });
    expect(templates.for('staff_reply')).toBeUndefined();
    expect(templates.unmapped(['status.', 'staff_reply', 'survey.'])).toEqual(['staff_reply', 'survey.']);
  });

  it('reads JSON too', () => {
    const templates = WhatsAppTemplates.load(file('ok.json', JSON.stringify({ staff_reply: { contentSid: SID, variables: { '1': '$text' } } })));
    expect(templates.for('staff_reply')?.variables).toEqual({ '1': '$text' });
  });

  it('refuses a file it cannot use, naming the problem', () => {
    expect(() => WhatsAppTemplates.load(file('bad-sid.yaml', 'status.:\n  contentSid: HX123\n'))).toThrow(
      'WHATSAPP_TEMPLATES_FILE: status..contentSid must be a Content SID: HX followed by 32 hex digits',
    );
    expect(() => WhatsAppTemplates.load(join(dir, 'missing.yaml'))).toThrow(/^WHATSAPP_TEMPLATES_FILE could not be read/);
    expect(() => WhatsAppTemplates.load(file('extra.yaml', `staff_reply:\n  contentSid: ${SID}\n  body: hi\n`))).toThrow(/^WHATSAPP_TEMPLATES_FILE: staff_reply/);
  });
});

describe(fillTemplate.name, () => {
  const template = { contentSid: SID, variables: { '1': 'reference', '2': '$text' } };

  it('fills each placeholder from the message, $text from its words', () => {
    expect(fillTemplate(template, { reference: '7K4M-9P2Q' }, 'Your complaint is closed.')).toEqual({
      ok: true,
      contentVariables: { '1': '7K4M-9P2Q', '2': 'Your complaint is closed.' },
    });
  });

  it('fails, naming what is missing, rather than send an empty placeholder', () => {
    expect(fillTemplate(template, { reference: null }, 'words')).toEqual({ ok: false, missing: ['reference'] });
    expect(fillTemplate(template, { reference: ' ' }, '')).toEqual({ ok: false, missing: ['reference', '$text'] });
  });
});
