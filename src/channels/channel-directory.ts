import type { ChannelProfile } from './channel-declaration.js';

/** The dialogs' view of the declared channels: they learn what a conversation's channel can do, never which it is. */
export interface ChannelDirectory {
  /** The customer channel a Bot Framework activity came over, by its `channelId`. */
  ofActivity(activityChannelId: string): ChannelProfile | undefined;
  /** A customer channel by its id (`sms`), as a requester key or a hand-off's reply names it. */
  profile(channelId: string): ChannelProfile | undefined;
}

export const CHANNEL_DIRECTORY = Symbol('CHANNEL_DIRECTORY');
