import { ActivityHandler, type Storage, type TurnContext } from 'botbuilder';
import { DialogSet, type DialogContext, type DialogState } from 'botbuilder-dialogs';
import type { ChannelDirectory } from '../src/channels/channel-directory.js';
import type { Clock } from '../src/complaints/clock.js';
import type { CustomerDesk } from '../src/complaints/customer-desk/customer-desk.js';
import type { SurveyDesk } from '../src/satisfaction/survey-desk.js';
import type { DisputeDesk } from '../src/disputes/dispute-desk.js';
import { ChatState } from './chat-state.js';
import type { DialogDeps, Next } from './dialog-deps.js';
import { arrivedFiles, filesLeftBehind, type EvidenceIntake } from './evidence-files.js';
import { awaitsAnswer, fileDestination, receiveFiles } from './evidence-reception.js';
import { registerDialogsComponentOnce, useDialogStateConfiguration } from './dialog-state-configuration.js';
import { MAIN_DIALOG, MainDialog } from './main-dialog.js';
import { repliesToPending } from './menu-dialog.js';
import { Messages, type Language } from './messages/messages.js';
import { line, Session } from './session.js';
import { nextForIntent } from './intent-routes.js';
import { recogniseIntent } from './intents.js';
import { detectLanguage } from './language-detection.js';
import { recogniseChoice, waitingChoices } from './prompts/ask-choice-prompt.js';
import { recogniseCommand } from './words.js';
import { answersFirstQuestion } from './survey-which.js';
import { TurnLookups } from './turn-lookups.js';

/**
 * The bot every channel adapter runs. Adapters hand it Bot Framework activities whose `channelId` names the declared
 * channel they came over (ChannelDirectory); over SMS the customer's E.164 number is conversation id and sender id.
 * Choices go out as `suggestedActions` (imBack, title = value = the label); an adapter without buttons lists them
 * numbered, and a reply of the number or the label is understood.
 */
export class RedressBot extends ActivityHandler {
  private readonly state: ChatState;
  private readonly lookups = new TurnLookups();
  private readonly session: Session;
  private readonly dialogs: DialogSet;
  private readonly deps: DialogDeps;

  constructor(
    storage: Storage,
    desk: CustomerDesk,
    clock: Clock,
    private readonly channels: ChannelDirectory,
    surveys?: SurveyDesk,
    disputes?: DisputeDesk,
    evidence?: EvidenceIntake,
  ) {
    super();
    registerDialogsComponentOnce();
    this.state = new ChatState(storage);
    this.session = new Session(
      this.state.property<Language | undefined>('user', 'language'),
      this.state.property<string | undefined>('conversation', 'reference'),
      new Messages(),
      channels,
    );
    this.deps = { ...this.lookups.deps({ desk, clock, surveys, disputes, evidence }), session: this.session };
    this.dialogs = new DialogSet(this.state.property<DialogState>('conversation', 'dialogState'));
    this.dialogs.add(new MainDialog(this.deps));

    this.onMembersAdded(async (context, next) => {
      const { membersAdded = [], recipient } = context.activity;
      if (membersAdded.some((member) => member.id !== recipient.id)) await this.greetIfIdle(context);
      await next();
    });
    this.onMessage(async (context, next) => {
      await this.converse(context);
      await next();
    });
  }

  /** State is saved only when the turn succeeds, so a failed turn can be retried from where it stood. */
  override async run(context: TurnContext): Promise<void> {
    const requester = this.requesterKey(context);
    if (requester) this.lookups.begin(requester);
    useDialogStateConfiguration(context);
    try {
      await this.state.load(context);
      await this.session.open(context);
      await super.run(context);
      await this.state.saveChanges(context);
    } finally {
      if (requester) this.lookups.end(requester);
    }
  }

  /** The conversation as the desks know it, when the activity came over a declared channel. */
  private requesterKey(context: TurnContext): string | undefined {
    const { channelId, conversation } = context.activity;
    if (!conversation?.id || !this.channels.ofActivity(channelId)) return undefined;
    return this.session.requester(context).key;
  }

  private async greetIfIdle(context: TurnContext): Promise<void> {
    const dc = await this.dialogs.createContext(context);
    if (dc.activeDialog) return;
    const greet: Next = { step: 'menu', greet: true };
    await dc.beginDialog(MAIN_DIALOG, greet);
  }

  private async converse(context: TurnContext): Promise<void> {
    const dc = await this.dialogs.createContext(context);
    await this.followLanguage(dc);
    const files = arrivedFiles(context.activity);
    if (files.length > 0) {
      // Files are taken before the dialog sees the message, wherever it is, so that none is lost to a question that
      // expected words; the words, if any, then go on as ever.
      await receiveFiles(context, this.deps, files, await fileDestination(dc, this.deps));
      if (!(context.activity.text ?? '').trim() && !awaitsAnswer(dc)) return;
    }
    const leftBehind = filesLeftBehind(context.activity);
    if (leftBehind > 0) {
      await this.session.say(context, line('evidence.notHere', { count: leftBehind }));
      if (!(context.activity.text ?? '').trim() && !awaitsAnswer(dc)) return;
    }
    if (dc.activeDialog) {
      await dc.continueDialog();
      return;
    }
    // SMS has no conversation update, so the first text starts the conversation; "español" there sets the language.
    const command = recogniseCommand(context.activity.text ?? '');
    if (command?.kind === 'language') await this.session.setLanguage(context, command.language);
    // Nothing running: the customer is most likely replying to a status update that asked them something, unless
    // they ask for something in so many words.
    const pending = command ? null : await this.deps.desk.pendingFor(this.session.requester(context));
    const intent = command ? undefined : recogniseIntent(context.activity.text ?? '');
    const text = context.activity.text ?? '';
    // a satisfaction survey sent here asked its first question itself: a reply that answers it is for the survey
    const survey = command ? null : await this.deps.surveys?.waitingFor(this.session.requester(context).key);
    let next: Next = { step: 'menu', greet: true };
    if (survey && answersFirstQuestion(survey, text)) next = { step: 'survey', survey, said: text };
    else if (pending && repliesToPending(context, this.session, false)) next = { step: 'followUp', pending };
    else if (intent) next = nextForIntent(intent);
    else if (survey) next = { step: 'survey', survey, said: text };
    await dc.beginDialog(MAIN_DIALOG, next);
  }

  /** A customer who writes in another of our languages is answered in it from then on, and told so. */
  private async followLanguage(dc: DialogContext): Promise<void> {
    const { context } = dc;
    const text = context.activity.text ?? '';
    // a command or a button's label in the other language is understood as it is, and says nothing of the customer's
    if (recogniseCommand(text)) return;
    const choices = waitingChoices(dc, this.session);
    if (choices && recogniseChoice(context, this.session, choices)) return;
    const detected = detectLanguage(text);
    if (!detected || detected === this.session.language(context)) return;
    await this.session.setLanguage(context, detected);
    await this.session.say(context, line('language.switched'), line('greeting.otherLanguage'));
  }
}
