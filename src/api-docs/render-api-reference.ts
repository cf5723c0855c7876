import escapeHtml from 'escape-html';

/** The parts of an OpenAPI 3 document the reference shows; the rest is in the JSON for tools. */
export interface SchemaObject {
  type?: string;
  enum?: unknown[];
  format?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  default?: unknown;
  description?: string;
  properties?: Record<string, SchemaObject>;
  required?: string[];
  items?: SchemaObject;
  oneOf?: SchemaObject[];
  anyOf?: SchemaObject[];
}

interface ParameterObject {
  name: string;
  in: string;
  required?: boolean;
  description?: string;
  example?: unknown;
  schema?: SchemaObject;
}

interface OperationObject {
  summary?: string;
  description?: string;
  parameters?: ParameterObject[];
  requestBody?: { content?: Record<string, { schema?: SchemaObject }> };
  responses?: Record<string, { description?: string }>;
  security?: unknown[];
}

export interface OpenApiDocument {
  info: { title: string; description?: string; version: string };
  paths: Record<string, Record<string, OperationObject>>;
}

export interface ApiReferenceOptions {
  /** Where the machine-readable document is served. */
  documentUrl: string;
  /** True for paths that need the staff API key. */
  needsKey: (path: string) => boolean;
}

export interface Operation {
  method: string;
  path: string;
  anchor: string;
  operation: OperationObject;
}

interface Row {
  name: string;
  required: boolean;
  type: string;
  notes: string;
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

/** Every operation in the document, in its order, each with an anchor of its own. */
export function operationsOf(document: OpenApiDocument): Operation[] {
  return Object.entries(document.paths).flatMap(([path, item]) =>
    METHODS.filter((method) => item[method]).map((method) => ({
      method: method.toUpperCase(),
      path,
      anchor: `${method}-${path.replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '')}`,
      operation: item[method],
    })),
  );
}

/** A schema's type in words: `string, one of a, b`, `string (date)`, `array of string`. */
function typeOf(schema: SchemaObject): string {
  if (schema.enum) return `${schema.type ?? 'value'}, one of ${schema.enum.map((v) => JSON.stringify(v)).join(', ')}`;
  if (schema.type === 'array' && schema.items) return `array of ${typeOf(schema.items)}`;
  const type = schema.type ?? 'any';
  return schema.format ? `${type} (${schema.format})` : type;
}

function notesOf(schema: SchemaObject): string {
  const notes: string[] = [];
  if (schema.description) notes.push(schema.description);
  if (schema.minLength !== undefined && schema.maxLength !== undefined) notes.push(`${schema.minLength} to ${schema.maxLength} characters`);
  else if (schema.maxLength !== undefined) notes.push(`at most ${schema.maxLength} characters`);
  if (schema.minimum !== undefined) notes.push(`at least ${schema.minimum}`);
  if (schema.maximum !== undefined) notes.push(`at most ${schema.maximum}`);
  if (schema.default !== undefined) notes.push(`default ${JSON.stringify(schema.default)}`);
  return notes.join('; ');
}

/** A body's fields, nested objects flattened into dotted names (`contact.kind`), arrays marked `[]`. */
export function fieldRows(schema: SchemaObject, prefix = '', parentRequired = true): Row[] {
  return Object.entries(schema.properties ?? {}).flatMap(([name, field]) => {
    const required = parentRequired && (schema.required ?? []).includes(name);
    const full = `${prefix}${name}`;
    if (field.type === 'object' && field.properties) {
      return [{ name: full, required, type: 'object', notes: notesOf(field) }, ...fieldRows(field, `${full}.`, required)];
    }
    if (field.type === 'array' && field.items?.type === 'object' && field.items.properties) {
      return [{ name: full, required, type: 'array of objects', notes: notesOf(field) }, ...fieldRows(field.items, `${full}[].`, required)];
    }
    return [{ name: full, required, type: typeOf(field), notes: notesOf(field) }];
  });
}

function table(caption: string, rows: Row[]): string {
  const body = rows
    .map(
      (row) =>
        `<tr><th scope="row"><code>${escapeHtml(row.name)}</code></th><td>${row.required ? 'yes' : 'no'}</td><td>${escapeHtml(row.type)}</td><td>${escapeHtml(row.notes)}</td></tr>`,
    )
    .join('\n');
  return `<table>
<caption>${escapeHtml(caption)}</caption>
<thead><tr><th scope="col">Name</th><th scope="col">Required</th><th scope="col">Type</th><th scope="col">Notes</th></tr></thead>
<tbody>
${body}
</tbody>
</table>`;
}

/** The variant's name: the single value its discriminating field (such as `action`) may take. */
function variantName(variant: SchemaObject): string | undefined {
  for (const field of Object.values(variant.properties ?? {})) {
    if (field.enum?.length === 1 && typeof field.enum[0] === 'string') return field.enum[0];
  }
  return undefined;
}

function bodyHtml(schema: SchemaObject): string {
  const variants = schema.oneOf ?? schema.anyOf;
  if (!variants) return table('Body fields (JSON)', fieldRows(schema));
  return [
    '<p>The body is one of these shapes:</p>',
    ...variants.map((variant, index) => table(`Body for ${variantName(variant) ?? `shape ${index + 1}`}`, fieldRows(variant))),
  ].join('\n');
}

function parameterRows(parameters: ParameterObject[]): Row[] {
  return parameters.map((parameter) => ({
    name: parameter.name,
    required: parameter.required === true,
    type: `${parameter.in}${parameter.schema?.type ? `, ${typeOf(parameter.schema)}` : ''}`,
    notes: [parameter.description, parameter.example !== undefined ? `for example ${String(parameter.example)}` : undefined]
      .filter(Boolean)
      .join('; '),
  }));
}

function operationHtml({ method, path, anchor, operation }: Operation, options: ApiReferenceOptions): string {
  const parts = [`<section aria-labelledby="${anchor}">`, `<h3 id="${anchor}"><code>${method} ${escapeHtml(path)}</code></h3>`];
  if (operation.summary) parts.push(`<p>${escapeHtml(operation.summary)}.</p>`);
  if (!options.needsKey(path)) parts.push('<p>No key needed.</p>');
  if (operation.parameters?.length) parts.push(table('Parameters', parameterRows(operation.parameters)));
  const body = operation.requestBody?.content?.['application/json']?.schema;
  if (body) parts.push(bodyHtml(body));
  const responses = Object.entries(operation.responses ?? {});
  if (responses.length) {
    parts.push(
      '<p>Answers:</p>',
      `<ul>${responses.map(([status, response]) => `<li><strong>${escapeHtml(status)}</strong>${response.description ? `: ${escapeHtml(response.description)}` : ''}</li>`).join('')}</ul>`,
    );
  }
  parts.push('</section>');
  return parts.join('\n');
}

/** The staff API reference as plain, accessible HTML: what each route takes and answers, with no script. */
export function renderApiReferenceMain(document: OpenApiDocument, options: ApiReferenceOptions): string {
  const operations = operationsOf(document);
  const contents = operations
    .map(({ method, path, anchor, operation }) => `<li><a href="#${anchor}"><code>${method} ${escapeHtml(path)}</code></a>${operation.summary ? `: ${escapeHtml(operation.summary)}` : ''}</li>`)
    .join('\n');
  return `<h1>${escapeHtml(document.info.title)}</h1>
${document.info.description ? `<p>${escapeHtml(document.info.description)}</p>` : ''}
<p>The same description for tools (Postman, code generators): <a href="${escapeHtml(options.documentUrl)}">OpenAPI 3 document (JSON)</a>.</p>
<h2 id="authentication">Authentication</h2>
<p>Every <code>/api</code> route needs <code>Authorization: Bearer &lt;key&gt;</code>: a personal key (<code>npm run staff -- create</code>), which acts as its owner with their role, or the shared <code>STAFF_API_KEY</code>,
(or the one Redress generated into <code>DATA_DIR/staff-api-key</code> on its first start) for integrations. The health checks and the published
code of conduct need no key; <code>/metrics</code> takes <code>METRICS_TOKEN</code> as a bearer token or, with none set, answers callers on the same machine only.</p>
<p>With the shared key, say whom a call acts for with <code>X-Staff-Id</code>, and <code>X-Staff-Role: supervisor</code> for what only a
supervisor may do; a call that names no role is a handler's. Both are recorded in the case history.</p>
<h2 id="errors">Errors</h2>
<p>Every error is JSON with a <code>code</code>: a 400 <code>validation_failed</code> lists the offending <code>fields</code>, a 404 names
what was not found, a 409 lists the workflow steps <code>allowed</code> now, a 403 says what the caller's role may not do.</p>
<h2 id="routes">Routes</h2>
<ul>
${contents}
</ul>
${operations.map((operation) => operationHtml(operation, options)).join('\n')}`;
}
