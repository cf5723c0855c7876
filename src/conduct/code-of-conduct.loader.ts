import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseDocument } from 'yaml';
import { ConfigError } from '../config/config.schema.js';
import { codeOfConductSchema, PROFILE_NAMES, type CodeOfConduct, type ProfileName } from './code-of-conduct.schema.js';

/** Beside this module both in src (tests) and in dist (the build copies the YAML files). */
export const PROFILES_DIRECTORY = new URL('./profiles/', import.meta.url);

type Mapping = Record<string, unknown>;

export function profilePath(name: ProfileName): string {
  return fileURLToPath(new URL(`${name}.yaml`, PROFILES_DIRECTORY));
}

/**
 * Loads and validates the code of conduct. Without a file, the default profile. A file naming `profile:` is laid over
 * that ready-made profile (see mergeOverProfile); a file without one must be complete on its own.
 * Throws ConfigError with one line naming the file and the first problem.
 */
export function loadCodeOfConduct(filePath: string | undefined): CodeOfConduct {
  if (filePath === undefined) return loadProfile('default');
  const source = resolve(filePath);
  const raw = readMapping(source);
  if (raw.profile === undefined) return validate(raw, source);
  if (!isProfileName(raw.profile)) {
    throw invalid(source, `profile ${JSON.stringify(raw.profile)} is not a ready-made profile (${PROFILE_NAMES.join(', ')})`);
  }
  const merged = mergeOverProfile(readMapping(profilePath(raw.profile)), raw);
  return validate(merged.code, source, merged.promiseOrigins, raw.profile);
}

export function loadProfile(name: ProfileName): CodeOfConduct {
  const source = profilePath(name);
  return validate(readMapping(source), source);
}

export interface MergedCode {
  code: Mapping;
  /** For each merged promise, its index in the file, or undefined if it came from the profile unchanged. */
  promiseOrigins: (number | undefined)[];
}

/**
 * Lays a file over a profile: mappings merge key by key, lists and values from the file replace the profile's,
 * a null in the file removes the profile's value, and `promises` merge by id (a file promise replaces the profile's
 * promise with the same id whole; new ids are added at the end; a profile's promise limited to categories the file
 * does not keep is left out). `organisation` is replaced whole, so the profile's
 * placeholder contact details can never be published under a real organisation's name.
 */
export function mergeOverProfile(profile: Mapping, file: Mapping): MergedCode {
  const { promises: filePromises, organisation, ...fileRest } = file;
  const code = mergeValues(profile, fileRest) as Mapping;
  if (organisation === null) delete code.organisation;
  else if (organisation !== undefined) code.organisation = organisation;
  const base = Array.isArray(profile.promises) ? profile.promises : [];
  if (filePromises === null) {
    delete code.promises;
    return { code, promiseOrigins: [] };
  }
  if (!Array.isArray(filePromises)) {
    if (filePromises !== undefined) code.promises = filePromises;
    return { code, promiseOrigins: [] };
  }
  // A profile's promise for categories the file no longer has (payment services, hardship) has nothing to apply to.
  const categoryIds = new Set((Array.isArray(code.categories) ? code.categories : []).map((c) => (isMapping(c) ? c.id : undefined)));
  const kept = base.filter(
    (promise) => !isMapping(promise) || !Array.isArray(promise.categories) || promise.categories.some((id) => categoryIds.has(id)),
  );
  const promises: unknown[] = [...kept];
  const promiseOrigins: (number | undefined)[] = kept.map(() => undefined);
  filePromises.forEach((promise, fileIndex) => {
    const id = isMapping(promise) ? promise.id : undefined;
    const existing = promises.findIndex((candidate) => isMapping(candidate) && candidate.id === id);
    if (id !== undefined && existing >= 0) {
      promises[existing] = promise;
      promiseOrigins[existing] = fileIndex;
    } else {
      promises.push(promise);
      promiseOrigins.push(fileIndex);
    }
  });
  code.promises = promises;
  return { code, promiseOrigins };
}

function mergeValues(base: unknown, over: unknown): unknown {
  if (over === undefined) return base;
  if (over === null) return undefined;
  if (!isMapping(base) || !isMapping(over)) return over;
  const merged: Mapping = { ...base };
  for (const [key, value] of Object.entries(over)) {
    const next = mergeValues(base[key], value);
    if (next === undefined) delete merged[key];
    else merged[key] = next;
  }
  return merged;
}

function readMapping(source: string): Mapping {
  let text: string;
  try {
    text = readFileSync(source, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw invalid(source, code === 'ENOENT' ? 'file not found' : `cannot read the file (${code ?? String(error)})`);
  }
  const document = parseDocument(text);
  const [syntaxError] = document.errors;
  if (syntaxError) {
    const firstLine = syntaxError.message.split('\n')[0].replace(/:$/, '');
    throw invalid(source, `YAML syntax error: ${firstLine}`);
  }
  const value: unknown = document.toJS();
  if (!isMapping(value)) throw invalid(source, 'the file must hold a mapping of settings at the top level');
  return value;
}

function validate(
  candidate: Mapping,
  source: string,
  promiseOrigins: (number | undefined)[] = [],
  profile?: ProfileName,
): CodeOfConduct {
  const result = codeOfConductSchema.safeParse(candidate);
  if (result.success) return deepFreeze(result.data);
  const issue = result.error.issues[0];
  const path = [...issue.path];
  let fromProfile = '';
  if (profile && path[0] === 'promises' && typeof path[1] === 'number') {
    const fileIndex = promiseOrigins[path[1]];
    // report the index the user can find in their own file, or say the promise came from the profile
    if (fileIndex === undefined) fromProfile = ` (promise from profile ${profile})`;
    else path[1] = fileIndex;
  }
  const where = path.map(String).join('.');
  throw invalid(source, `${where ? `${where} ` : ''}${issue.message}${fromProfile}`);
}

function invalid(source: string, problem: string): ConfigError {
  return new ConfigError(`Invalid code of conduct ${source}: ${problem}`);
}

function isMapping(value: unknown): value is Mapping {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isProfileName(value: unknown): value is ProfileName {
  return typeof value === 'string' && (PROFILE_NAMES as readonly string[]).includes(value);
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
