import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { z } from 'zod';
import type { Variables } from '../../src/notifications/rendering/message-payload.js';

/** The placeholder source that stands for the whole message as Redress words it (for a template such as "{{1}}"). */
export const WHOLE_TEXT = '$text';

const template = z.strictObject({
  contentSid: z.string().regex(/^HX[0-9a-fA-F]{32}$/, 'must be a Content SID: HX followed by 32 hex digits'),
  /** Placeholder (`1`, `2`, or a named one) → the message variable that fills it (`reference`), or `$text`. */
  variables: z.record(z.string().regex(/^\w{1,32}$/, 'must be a placeholder name such as 1 or reference'), z.string().min(1).max(64)).default({}),
});

const templatesFile = z.record(
  z.string().regex(/^[a-z_]+(\.[a-z_]+)*\.?$/, 'must be a message key such as status.acknowledged, or a family such as status.'),
  template,
);

export type WhatsAppTemplate = z.output<typeof template>;

/**
 * The approved WhatsApp templates outside the 24-hour customer-service window, by outbound message key. A key
 * (`status.acknowledged`) is looked up first, then its family (`status.`).
 */
export class WhatsAppTemplates {
  constructor(private readonly byKey: Readonly<Record<string, WhatsAppTemplate>> = {}) {}

  /** Reads a YAML or JSON file; throws with the file's problem in words. */
  static load(path: string): WhatsAppTemplates {
    let raw: unknown;
    try {
      raw = parse(readFileSync(path, 'utf8'));
    } catch (error) {
      throw new Error(`WHATSAPP_TEMPLATES_FILE could not be read: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    }
    const parsed = templatesFile.safeParse(raw ?? {});
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new Error(`WHATSAPP_TEMPLATES_FILE: ${issue.path.join('.') || 'the file'} ${issue.message}`);
    }
    return new WhatsAppTemplates(parsed.data);
  }

  keys(): string[] {
    return Object.keys(this.byKey);
  }

  /** Of these families (`status.`) and keys (`staff_reply`), those with no template for any of their messages. */
  unmapped(families: readonly string[]): string[] {
    const keys = this.keys();
    return families.filter((family) => !keys.some((key) => key === family || (family.endsWith('.') && key.startsWith(family))));
  }

  /** The template for a message key, or undefined when none is mapped for it or its family. */
  for(key: string): WhatsAppTemplate | undefined {
    if (Object.hasOwn(this.byKey, key)) return this.byKey[key];
    const dot = key.indexOf('.');
    const family = dot > 0 ? key.slice(0, dot + 1) : undefined;
    return family && Object.hasOwn(this.byKey, family) ? this.byKey[family] : undefined;
  }
}

export type TemplateFill = { ok: true; contentVariables: Record<string, string> } | { ok: false; missing: string[] };

/**
 * The template's placeholders filled from the message's variables. WhatsApp refuses a template with an empty
 * placeholder, so a variable the message does not have (or has empty) makes the whole fill fail, naming it.
 */
export function fillTemplate(template: WhatsAppTemplate, variables: Variables, wholeText: string): TemplateFill {
  const contentVariables: Record<string, string> = {};
  const missing: string[] = [];
  for (const [placeholder, source] of Object.entries(template.variables)) {
    const value = source === WHOLE_TEXT ? wholeText : variables[source];
    if (typeof value !== 'string' || value.trim() === '') missing.push(source);
    else contentVariables[placeholder] = value;
  }
  return missing.length > 0 ? { ok: false, missing } : { ok: true, contentVariables };
}
