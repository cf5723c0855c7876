import { describe, expect, it } from '@jest/globals';
import { fieldRows, operationsOf, renderApiReferenceMain, type OpenApiDocument } from './render-api-reference.js';

const document: OpenApiDocument = {
  info: { title: 'Staff API', version: '1' },
  paths: {
    '/health': { get: { responses: { '200': { description: 'Up' } } } },
    '/api/things/{id}/actions': {
      post: {
        summary: 'Move a thing',
        parameters: [{ name: 'id', in: 'path', required: true, example: '7K4M-9P2Q', schema: { type: 'string' } }],
        requestBody: {
          content: {
            'application/json': {
              schema: {
                oneOf: [
                  { type: 'object', properties: { action: { type: 'string', enum: ['open'] } }, required: ['action'] },
                  {
                    type: 'object',
                    properties: { action: { type: 'string', enum: ['close'] }, note: { type: 'string', minLength: 1, maxLength: 50 } },
                    required: ['action'],
                  },
                ],
              },
            },
          },
        },
        responses: { '409': { description: 'Not <now>' } },
      },
    },
  },
};

describe(renderApiReferenceMain.name, () => {
  const html = renderApiReferenceMain(document, { documentUrl: '/docs/openapi.json', needsKey: (path) => path.startsWith('/api/') });

  it('lists every route with a link to its section', () => {
    expect(operationsOf(document).map((o) => `${o.method} ${o.path} #${o.anchor}`)).toEqual([
      'GET /health #get-health',
      'POST /api/things/{id}/actions #post-api-things-id-actions',
    ]);
    expect(html).toContain('<a href="#post-api-things-id-actions"><code>POST /api/things/{id}/actions</code></a>: Move a thing');
    expect(html).toContain('<h3 id="post-api-things-id-actions">');
  });

  it('shows each shape of a body under the action it is for, with its limits, and escapes what it quotes', () => {
    expect(html).toContain('<caption>Body for open</caption>');
    expect(html).toContain('<caption>Body for close</caption>');
    expect(html).toContain('<td>1 to 50 characters</td>');
    expect(html).toContain('Not &lt;now&gt;');
    expect(html).toContain('for example 7K4M-9P2Q');
  });

  it('says which routes need no key', () => {
    const health = html.slice(html.indexOf('<h3 id="get-health">'), html.indexOf('<h3 id="post-api'));
    expect(health).toContain('No key needed.');
    expect(html.slice(html.indexOf('<h3 id="post-api'))).not.toContain('No key needed.');
  });
});

describe(fieldRows.name, () => {
  it('flattens nested objects and arrays of objects into dotted names, required only where the parent is', () => {
    const rows = fieldRows({
      type: 'object',
      required: ['contact'],
      properties: {
        contact: { type: 'object', required: ['kind'], properties: { kind: { type: 'string', enum: ['phone', 'email'] } } },
        tags: { type: 'array', items: { type: 'object', required: ['id'], properties: { id: { type: 'string' } } } },
        when: { type: 'string', format: 'date', default: 'today' },
      },
    });
    expect(rows).toEqual([
      { name: 'contact', required: true, type: 'object', notes: '' },
      { name: 'contact.kind', required: true, type: 'string, one of "phone", "email"', notes: '' },
      { name: 'tags', required: false, type: 'array of objects', notes: '' },
      { name: 'tags[].id', required: false, type: 'string', notes: '' },
      { name: 'when', required: false, type: 'string (date)', notes: 'default "today"' },
    ]);
  });
});
