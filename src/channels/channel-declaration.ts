import type { Contact } from '../complaints/domain/complaint.js';
import type { ChannelNotifier } from '../notifications/channel-notifier.js';

/** What a customer channel can do: the dialogs and the outbox shape what they send by these, never by its name. */
export interface ChannelCapabilities {
  /** Choices appear as buttons the customer taps (suggested actions); otherwise the adapter numbers them in the text. */
  buttons: boolean;
  /** Markdown is shown formatted (a link as a link); otherwise the customer reads the text exactly as written. */
  markdown: boolean;
  /** The longest text, in characters, one message may carry; absent when the channel sets no limit. */
  maxLength?: number;
  /** How many parts (SMS segments) one message may be split into; absent when it is never split. */
  maxSegments?: number;
  /** Outside the provider's session window (WhatsApp's 24 hours) only pre-approved templates may be sent. */
  templatesOutsideSessionWindow: boolean;
  /** Files can travel with a message. */
  attachments: boolean;
  /** The network answers STOP, HELP and CANCEL itself (carrier keywords): the customer is never told to type those. */
  carrierKeywords: boolean;
  /** A message reaches the customer while they are away (a text, an email); web chat shows it only while it is open. */
  reachesCustomerAway: boolean;
  /** The provider vouches for the sender's address (the number a text came from): a contact equal to it is proven. */
  verifiesSender: boolean;
}

/** A channel as the dialogs see it: what it is called, whom it reaches and what it can do. */
export interface ChannelProfile {
  /** The outbox's and the requester key's name for it: `sms`, `webchat`, `email`. */
  id: string;
  /**
   * The contact kinds it delivers to. The first is what a conversation on it is: over SMS the conversation id is the
   * customer's number (`phone`), over web chat the conversation itself (`webchat`).
   */
  contactKinds: readonly string[];
  capabilities: ChannelCapabilities;
  /** The code of conduct's retention limit for what a customer wrote on it outside a complaint. */
  keptUnder: 'abandonedConversationsDays' | 'inboundMessagesDays';
  /** The code of conduct's contact route of this same channel (`sms`, `chat`), not offered to a customer already on it. */
  routeKind?: string;
  /**
   * The Bot Framework `channelId`s of its activities. `'*'` takes every one no other channel names: Azure Bot Service
   * relays many (webchat, directline, msteams), all answered as web chat.
   */
  activityChannelIds: readonly string[] | '*';
  /** What it sends, in the staff API's words: "Redress cannot send text messages here". */
  messagesName: string;
  /**
   * The customer's replies go into their case rather than to the dialogs (email): what needs their answers, such as
   * a satisfaction survey, sends a link to a page that asks instead. Absent: the dialogs read the replies.
   */
  repliesGoToCase?: boolean;
}

/** A channel that reaches customers, as its adapter declares it. */
export interface CustomerChannelDeclaration extends ChannelProfile {
  audience: 'customers';
  /** Where a message to this contact goes on this channel (an E.164 number, an address, a conversation id). */
  address(contact: Contact): string;
  /** Delivers the outbox's messages; absent while the channel is not set up, as SMS without Twilio's credentials. */
  notifier?: ChannelNotifier;
  /**
   * Whether the customer at this address told the channel to stop sending (SMS STOP): asked before anything is
   * started that only makes sense if it reaches them, as a survey. Absent when the channel has no opt-outs.
   */
  optedOut?(address: string): Promise<boolean>;
}

/** A channel where staff work the cases (Slack): alerts about deadlines and requests for a person go there. */
export interface StaffChannelDeclaration {
  id: string;
  audience: 'staff';
  notifier: ChannelNotifier;
}

export type ChannelDeclaration = CustomerChannelDeclaration | StaffChannelDeclaration;
