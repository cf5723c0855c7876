import type { IncomingMessage, ServerResponse } from 'node:http';
import { Logger } from '@nestjs/common';
import bolt from '@slack/bolt';
import type { App, Logger as BoltLogger, Receiver } from '@slack/bolt';
import { z } from 'zod';
import { replayableUntil, requestKey, withinRequestWindow } from './request-window.js';
import { SlackEventInbox } from './slack-event-inbox.js';
import { SlackRequestRepository } from './slack-request.repository.js';
import { ModalSeals, NOT_OPENED_HERE_VIEW, type SubmittedView } from './modal-seals.js';

const { HTTPModuleFunctions: http, HTTPResponseAck } = bolt;

const id = z.string().min(1);
const user = z.looseObject({ id, team_id: id.optional() });
const team = z.looseObject({ id }).nullable().optional();

/**
 * The requests Redress listens to (message events, /complaint, button presses and modal submissions), checked as far as
 * Bolt reads them to route one: Bolt throws on shapes Slack never sends, so anything else, even correctly signed, is
 * refused before Bolt sees it.
 */
const HOME_OPENED = 'app_home_opened';

const slackRequest = z.union([
  z.looseObject({
    type: z.literal('event_callback'),
    event_id: id.max(64),
    team_id: id,
    event: z.looseObject({ type: z.literal('message'), channel: id.optional(), user: id.optional(), ts: id.optional(), thread_ts: id.optional(), subtype: id.optional(), text: z.string().optional() }),
  }),
  // someone opened Redress's App Home tab: drawn for them again each time (AppHome), so nothing to store or deduplicate
  z.looseObject({ type: z.literal('event_callback'), event_id: id, team_id: id, event: z.looseObject({ type: z.literal(HOME_OPENED), user: id, tab: z.string().optional() }) }),
  z.looseObject({ command: id, user_id: id, team_id: id, channel_id: id.optional(), text: z.string().optional(), response_url: z.string().optional(), trigger_id: z.string().optional() }),
  z.looseObject({
    type: z.literal('block_actions'),
    user,
    team,
    actions: z.array(z.looseObject({ action_id: id, type: id })).min(1),
    channel: z.looseObject({ id }).optional(),
    container: z.looseObject({}).optional(),
    message: z.looseObject({ ts: id.optional() }).optional(),
    view: z.looseObject({ id }).optional(),
  }),
  z.looseObject({
    type: z.literal('view_submission'),
    user,
    team,
    view: z.looseObject({ id, callback_id: z.string(), private_metadata: z.string().optional(), state: z.looseObject({ values: z.record(z.string(), z.unknown()) }).optional() }),
  }),
]);

/**
 * Bolt's receiver inside Nest: `/slack/events` is a Nest route on the application's own port, and this turns each
 * request into a Bolt event. It verifies Slack's signature and timestamp on the raw body, answers Slack's URL check,
 * stores message events before answering (they are processed from the stored row, see SlackEventInbox), answers a
 * replayed request without acting, and lets Bolt's listeners `ack()` first and work after.
 */
export class SlackReceiver implements Receiver {
  private readonly logger = new Logger('SlackReceiver');
  private app: App | undefined;
  private readonly inFlight = new Set<Promise<void>>();

  constructor(
    private readonly signingSecret: string,
    private readonly events: SlackEventInbox,
    private readonly requests: SlackRequestRepository,
    private readonly seals: ModalSeals,
    private readonly boltLogger: BoltLogger,
  ) {}

  init(app: App): void {
    this.app = app;
  }

  // Nest's HTTP server listens; there is nothing of the receiver's own to start.
  start(): Promise<void> {
    return Promise.resolve();
  }

  stop(): Promise<void> {
    return this.settled();
  }

  /** Takes one request; its raw body must have been kept (`APP_OPTIONS.rawBody`). */
  handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const work = this.process(req, res);
    this.inFlight.add(work);
    void work.finally(() => this.inFlight.delete(work));
    return work;
  }

  /** Resolves once every request taken so far is fully done, including what listeners do after `ack()`. */
  async settled(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  private async process(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let request;
    try {
      // x-slack-signature = 'v0=' + HMAC-SHA256(secret, 'v0:' + x-slack-request-timestamp + ':' + raw body),
      // and a timestamp more than five minutes old is refused, so a captured request cannot be replayed later.
      request = await http.parseAndVerifyHTTPRequest({ signingSecret: this.signingSecret, logger: this.boltLogger }, req);
    } catch (error) {
      if (http.isRawBodyError(error)) return answer(res, error.statusCode, 'slack_body_unreadable', 'The request body could not be read.');
      this.logger.warn({ reason: error instanceof Error ? error.message : String(error) }, 'Refused a request not signed by Slack');
      return answer(res, 401, 'slack_signature_invalid', 'The request is not signed by Slack, or the signature is stale.');
    }

    let body: Record<string, unknown>;
    try {
      body = http.parseHTTPRequestBody(request);
    } catch {
      return answer(res, 400, 'slack_payload_invalid', 'The request body is not a Slack payload.');
    }
    if (typeof body !== 'object' || body === null) return answer(res, 400, 'slack_payload_invalid', 'The request body is not a Slack payload.');

    // ssl_check=1: Slack checking the certificate (the signature check skips these).
    if (body.ssl_check) return http.buildSSLCheckResponse(res);
    // Slack's clock and the signature are about wall time, not the business clock the workflow may run on.
    const nowMs = Date.now();
    const timestamp = header(req, 'x-slack-request-timestamp');
    if (!withinRequestWindow(timestamp, nowMs)) {
      this.logger.warn('Refused a Slack request signed outside the five-minute window');
      return answer(res, 401, 'slack_signature_invalid', 'The request is not signed by Slack, or the signature is stale.');
    }
    if (body.type === 'url_verification') return http.buildUrlVerificationResponse(res, body);
    // Events of other types are not subscribed to, but answered, so that Slack does not send them again.
    const eventType = body.type === 'event_callback' && typeof body.event === 'object' && body.event !== null ? (body.event as { type?: unknown }).type : undefined;
    if (body.type === 'event_callback' && eventType !== 'message' && eventType !== HOME_OPENED) {
      return http.buildNoBodyResponse(res, 200);
    }
    if (!slackRequest.safeParse(body).success) return answer(res, 400, 'slack_payload_invalid', 'The request body is not a Slack payload Redress takes.');

    // A message event is stored, then answered, then processed from the stored row (ThreadNotes), so that it survives
    // the server dying after the answer. X-Slack-Retry-Num: Slack sends an event again when it did not see the answer
    // in time, with the same event_id; that, and the same message under another event_id, is answered and dropped.
    if (eventType === 'message') {
      const taken = await this.events.take(body as { event_id: string; event: unknown }, request.rawBody.length);
      if (taken === 'duplicate') this.logger.log({ retryNum: http.extractRetryNumFromHTTPRequest(req) }, 'A Slack event already taken was not taken again');
      return http.buildNoBodyResponse(res, 200);
    }

    // A slash command, button press or modal submission is sent once by Slack: the same signed bytes again are a
    // replay (by anyone who saw them within the five minutes), answered and not acted on.
    if (body.type !== 'event_callback') {
      const signature = header(req, 'x-slack-signature') ?? '';
      if (!(await this.requests.take(requestKey(signature), new Date(nowMs), replayableUntil(Number(timestamp), nowMs)))) {
        this.logger.warn({ kind: typeof body.command === 'string' ? 'command' : body.type }, 'A replayed Slack request was not acted on');
        if (typeof body.command === 'string') return answerJson(res, { response_type: 'ephemeral', text: ALREADY_DONE });
        return http.buildNoBodyResponse(res, 200);
      }
    }

    // A form's submission names what it acts on in private_metadata, which Redress sealed when it opened the form:
    // one it did not open, or with other metadata, is refused; one already acted on is not acted on again.
    let admittedView: string | undefined;
    if (body.type === 'view_submission') {
      const view = body.view as SubmittedView;
      const admission = await this.seals.admit(view);
      if (!admission.ok) return admission.reason === 'already_done' ? http.buildNoBodyResponse(res, 200) : answerJson(res, NOT_OPENED_HERE_VIEW);
      view.private_metadata = admission.metadata;
      admittedView = view.id;
    }

    if (!this.app) throw new Error('The Slack receiver was used before Bolt initialised it');
    const responseAck = new HTTPResponseAck({
      logger: this.boltLogger,
      processBeforeResponse: false,
      httpRequest: req,
      httpRequestBody: body,
      httpResponse: res,
    });
    const ack = responseAck.bind();
    let acknowledged = false;
    let closesForm = false;
    try {
      await this.app.processEvent({
        body,
        ack: async (response?: unknown) => {
          acknowledged = true;
          // a submission answered with nothing (or `clear`) closes the form; one answered with errors leaves it open
          const action = (response as { response_action?: string } | undefined)?.response_action;
          closesForm = action === undefined || action === 'clear';
          await ack(response);
        },
        retryNum: http.extractRetryNumFromHTTPRequest(req),
        retryReason: http.extractRetryReasonFromHTTPRequest(req),
      });
      // Something no listener handles (an action from an old card, a new event type) is still answered, at once.
      if (!acknowledged) await ack();
    } catch (error) {
      this.logger.error({ err: error }, 'A Slack request failed');
      if (!acknowledged) responseAck.ack();
      if (!res.headersSent) answer(res, 500, 'internal_error', 'Something went wrong on our side.');
    } finally {
      if (admittedView) await this.seals.settle(admittedView, acknowledged && closesForm);
    }
  }
}

/** What a slash command sent a second time, byte for byte, is answered with. */
const ALREADY_DONE = 'That request was already done once; nothing was done again.';

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return typeof value === 'string' ? value : undefined;
}

function answerJson(res: ServerResponse, body: unknown): void {
  res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}

function answer(res: ServerResponse, status: number, code: string, message: string): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify({ statusCode: status, code, message }));
}
