import { Injectable } from '@nestjs/common';
import escapeHtml from 'escape-html';
import { CodeOfConductService } from '../conduct/code-of-conduct.service.js';
import { renderPage } from '../conduct/page-shell.js';
import { PAGE_STYLES } from '../conduct/page-styles.js';
import { renderApiReferenceMain, type OpenApiDocument } from './render-api-reference.js';

export const API_DOCUMENT_PATH = '/docs/openapi.json';

const REFERENCE_STYLES = `
.wrap { max-width: 62rem; }
table { border-collapse: collapse; width: 100%; margin: 0.75rem 0 1.5rem; font-size: 1rem; }
caption { text-align: left; font-weight: 700; padding: 0.25rem 0; }
th, td { border: 1px solid #505a5f; padding: 0.4rem 0.5rem; text-align: left; vertical-align: top; overflow-wrap: anywhere; }
thead th { background: #f3f2f1; }
code { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; font-size: 0.95em; }
section { border-top: 1px solid #b1b4b6; margin-top: 2rem; }
`;

/**
 * The staff API's description, built once the application knows its routes: the OpenAPI document for tools, and a
 * reference page for people. The page is our own plain HTML rather than Swagger UI, whose controls nest buttons and
 * whose colours fail WCAG contrast; it has no script at all.
 */
@Injectable()
export class ApiReference {
  private published?: { document: OpenApiDocument; html: string };

  constructor(private readonly conduct: CodeOfConductService) {}

  publish(document: OpenApiDocument): void {
    const main = renderApiReferenceMain(document, { documentUrl: API_DOCUMENT_PATH, needsKey: (path) => path.startsWith('/api/') || path === '/metrics' });
    const html = renderPage(this.conduct.code, {
      title: escapeHtml(document.info.title),
      head: `<style>${PAGE_STYLES}${REFERENCE_STYLES}</style>`,
      main,
      footer: `<p>${escapeHtml(document.info.title)}, version ${escapeHtml(document.info.version)}.</p>`,
    });
    this.published = { document, html };
  }

  get document(): OpenApiDocument {
    if (!this.published) throw new Error('The API reference is published when the application is configured.');
    return this.published.document;
  }

  get html(): string {
    if (!this.published) throw new Error('The API reference is published when the application is configured.');
    return this.published.html;
  }
}
