import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { TurnContext, type Activity, type ActivityHandler } from 'botbuilder';
import { withFiles, type ArrivedFile, type EvidenceIntake } from '../../../dialogs/evidence-files.js';
import { BOT, EVIDENCE_INTAKE } from '../../../dialogs/tokens.js';
import { UnitOfWork } from '../../../src/database/unit-of-work.js';
import { InboundMessageAlreadyHandled, type InboundMessage, type InboundTurn } from '../../../src/inbound/inbound-pipeline.js';
import { apology, loggableError } from '../turn-errors.js';
import { ActivitySignal, type StoredActivity } from './activity-signal.js';
import { DirectLineAdapter } from './direct-line.adapter.js';
import { Transcript, type DirectLineTurnPayload } from './transcript.js';

/**
 * Turns of Direct Line conversations, run from the inbound pipeline, which runs a conversation's turns one at a time
 * and in order.
 * A turn is one transaction: the mark that the activity was handled, the dialog state, whatever the bot did in the
 * core and the replies it sent are kept together or not at all. So a turn cut short by a stop or a crash leaves
 * nothing behind and runs again; a turn that fails is undone, and the customer gets an apology.
 */
@Injectable()
export class DirectLineTurns {
  private readonly logger = new Logger('WebChat');
  private readonly adapter: DirectLineAdapter;

  constructor(
    private readonly transcript: Transcript,
    private readonly unitOfWork: UnitOfWork,
    @Inject(BOT) private readonly bot: ActivityHandler,
    private readonly signal: ActivitySignal,
    @Optional() @Inject(EVIDENCE_INTAKE) private readonly evidence?: EvidenceIntake,
  ) {
    this.adapter = new DirectLineAdapter(transcript);
  }

  async run(message: InboundMessage<DirectLineTurnPayload>, turn: InboundTurn): Promise<void> {
    const conversationId = message.conversationKey;
    const { activityId, files } = message.payload;
    const uploaded = files !== 0;
    let activity: Activity | undefined;
    // what the committed transaction appended, handed to this instance's streams so they need not read it back
    let committed: StoredActivity[] = [];
    try {
      const replies: StoredActivity[] = [];
      await this.unitOfWork.transaction(async () => {
        // Every writer to a conversation takes its row lock first: a post waiting for it never deadlocks with the turn.
        // Gone with its conversation (retention): there is no one left to answer.
        if (!(await this.transcript.hold(conversationId))) return;
        const stored = await this.transcript.activity(activityId);
        if (!stored) return;
        activity = await this.withUploads(stored, activityId, uploaded);
        await turn.handled('dialog');
        await this.adapter.processActivity(activity, (context) => this.bot.run(context), replies);
        if (uploaded) await this.transcript.handedOn(activityId);
      });
      committed = replies;
    } catch (error) {
      // not the bot's failure: the message stays claimed, and is tried again
      const failed = activity;
      if (error instanceof InboundMessageAlreadyHandled || !failed) throw error;
      const errorId = randomUUID();
      this.logger.error({ error: loggableError(error), errorId, conversationId }, 'The bot failed during a turn');
      // Nothing of the turn was kept. It counts as handled all the same, so that a message the bot cannot take is
      // not tried again and again.
      committed = await this.unitOfWork.transaction(async () => {
        await this.transcript.hold(conversationId);
        await turn.handled('turn_failed');
        // nothing of the turn was kept, and its files are not kept either
        if (uploaded) await this.transcript.handedOn(activityId);
        const reply = TurnContext.applyConversationReference(apology(errorId), TurnContext.getConversationReference(failed));
        const apologised: StoredActivity[] = [];
        await this.transcript.record(conversationId, reply, apologised);
        return apologised;
      });
    } finally {
      // the replies were stored inside the turn's transaction, which has committed (or been undone) by now
      this.signal.committed(conversationId, committed);
    }
  }

  /**
   * The activity as the bot gets it: with the files uploaded with it, and saying that files may be sent here, where
   * the evidence desk keeps them.
   */
  private async withUploads(activity: Activity, activityId: string, uploaded: boolean): Promise<Activity> {
    if (!this.evidence) return activity;
    if (!uploaded) return withFiles(activity, [], 'documents') as Activity;
    const { maxFileBytes } = this.evidence.limits();
    const files: ArrivedFile[] = (await this.transcript.uploadsOf(activityId)).map((upload, position) => ({
      sourceKey: `directline:${activityId}:${position}`,
      origin: 'webchat',
      name: upload.name,
      ...(upload.bytes ? { bytes: upload.bytes } : { missing: { reason: 'too_large', limit: maxFileBytes } }),
    }));
    return withFiles(activity, files, 'documents') as Activity;
  }
}
