import { randomBytes } from 'node:crypto';
import { Controller, Get, Header, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { CodeOfConductService } from '../../../src/conduct/code-of-conduct.service.js';
import { chatPageLanguage } from './chat-page-texts.js';
import { renderChatPage } from './chat-page.html.js';
import { CHAT_PAGE_SCRIPT } from './chat-page.script.js';
import { CHAT_PAGE_STYLES } from './chat-page.styles.js';
import { loadWebChatBundle, staticAsset, webChatVersion, type StaticAsset } from './web-chat-bundle.js';

/** sha256 of the empty string: Web Chat writes some empty style attributes, which do nothing. */
const EMPTY_STYLE = "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='";

/**
 * Scripts only from this server, and only the styles Web Chat inserts with the page's nonce; data: and blob: images
 * are Web Chat's own icons and avatars. Web Chat reads a file the customer attaches from a blob: URL before uploading it.
 */
function pagePolicy(nonce: string): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    `style-src 'self' 'nonce-${nonce}' 'unsafe-hashes' ${EMPTY_STYLE}`,
    "connect-src 'self' blob:",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "media-src 'self' data: blob:",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** The public chat page at / and /chat, and what it loads: Bot Framework Web Chat and the script that starts it. */
@ApiExcludeController()
@Controller()
export class ChatPageController {
  private readonly webChat: { version: string; asset?: StaticAsset };
  private readonly script = staticAsset(CHAT_PAGE_SCRIPT);
  private readonly styles = staticAsset(CHAT_PAGE_STYLES);
  private readonly assets: { webChatScript: string; pageScript: string; styles: string };

  constructor(private readonly conduct: CodeOfConductService) {
    this.webChat = webChatVersion();
    // versioned addresses, so browsers may keep the files until the next release
    this.assets = {
      webChatScript: `/webchat/webchat.js?v=${this.webChat.version}`,
      pageScript: `/webchat/chat.js?v=${this.script.etag.slice(1, 9)}`,
      styles: `/webchat/chat.css?v=${this.styles.etag.slice(1, 9)}`,
    };
  }

  @Get(['', 'chat'])
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Cache-Control', 'no-store')
  @Header('Referrer-Policy', 'no-referrer')
  @Header('X-Content-Type-Options', 'nosniff')
  page(@Req() request: Request, @Res({ passthrough: true }) response: Response): string {
    const nonce = randomBytes(16).toString('base64');
    response.setHeader('Content-Security-Policy', pagePolicy(nonce));
    response.setHeader('Vary', 'Accept-Language');
    return renderChatPage(this.conduct.code, this.assets, nonce, chatPageLanguage(request.headers['accept-language']));
  }

  @Get('webchat/webchat.js')
  webChatScript(@Req() request: Request, @Res() response: Response): void {
    // read and compressed on first use, not at every start
    this.webChat.asset ??= loadWebChatBundle();
    send(request, response, this.webChat.asset, 'text/javascript; charset=utf-8');
  }

  @Get('webchat/chat.js')
  pageScript(@Req() request: Request, @Res() response: Response): void {
    send(request, response, this.script, 'text/javascript; charset=utf-8');
  }

  @Get('webchat/chat.css')
  stylesheet(@Req() request: Request, @Res() response: Response): void {
    send(request, response, this.styles, 'text/css; charset=utf-8');
  }
}

function send(request: Request, response: Response, asset: StaticAsset, contentType: string): void {
  response.setHeader('Content-Type', contentType);
  response.setHeader('Cache-Control', 'public, max-age=86400');
  response.setHeader('ETag', asset.etag);
  response.setHeader('Vary', 'Accept-Encoding');
  response.setHeader('X-Content-Type-Options', 'nosniff');
  if (request.headers['if-none-match'] === asset.etag) {
    response.status(304).end();
    return;
  }
  const gzip = /\bgzip\b/.test(String(request.headers['accept-encoding'] ?? ''));
  if (gzip) response.setHeader('Content-Encoding', 'gzip');
  response.status(200).end(gzip ? asset.gzipped : asset.body);
}
