import { TextFormatTypes, type TurnContext } from 'botbuilder';
import type { HandOffReceipt } from '../src/complaints/customer-desk/customer-desk.js';
import type { ChannelProfile } from '../src/channels/channel-declaration.js';
import { spellReference } from '../src/complaints/domain/reference.js';
import { maskContact } from '../src/contacts/contact-format.js';
import type { DialogDeps } from './dialog-deps.js';
import { promisedTime } from './plain-dates.js';
import { line, type Line } from './session.js';

/** The organisation's other ways in, one per line; leaving out the channel the customer is on, when given. */
export function contactRouteLines({ desk }: DialogDeps, except?: ChannelProfile): Line[] {
  return desk
    .organisation()
    .contactRoutes.filter((route) => except?.routeKind === undefined || route.kind !== except.routeKind)
    .map((route) => line('help.route', { label: route.label, value: route.value }));
}

/**
 * Asks the core for a person, about the complaint this conversation last made or proved to be its own (or, failing
 * that, whatever the core finds for this conversation, or nothing in particular), and tells the customer where and
 * by when the reply will come. Returns the receipt; `reached` says whether anyone will reply at all.
 */
export async function handOff(context: TurnContext, deps: DialogDeps): Promise<HandOffReceipt & { reached: boolean }> {
  const { desk, session } = deps;
  const current = await session.currentReference(context);
  const receipt = await desk.requestHandOff(session.requester(context), current, session.language(context));
  const { reference } = receipt;
  if (reference) await session.remember(context, reference);
  if (!receipt.reachesStaff) {
    const routes = contactRouteLines(deps, session.channel(context));
    await session.say(context, line('handOff.noStaff'), ...(routes.length > 0 ? [line('handOff.routes'), ...routes] : []));
    return { ...receipt, reached: false };
  }
  const here = session.requester(context).key === `${receipt.replyOn.channel}:${receipt.replyOn.address}`;
  const where = whereLine(context, deps, receipt, here);
  const when = receipt.dueAt
    ? line('handOff.replyBy', { where, ...promisedTime(receipt.dueAt, session.language(context), desk.organisation().timeZone, deps.clock.now()) })
    : line('handOff.replySoon', { where });
  // a reply into a chat that shows messages only while it is open is seen only by someone who keeps it open
  const waitHere = here && !session.capabilities(context).reachesCustomerAway;
  await session.say(
    context,
    reference ? line('handOff.withCase', { reference, spelled: spellReference(reference) }) : line('handOff.asked'),
    when,
    ...(waitHere ? [line('handOff.keepChatOpen')] : []),
  );
  return { ...receipt, reached: true };
}

/** Where the reply will come, in the customer's words: this chat, this number, or the contact they gave. */
function whereLine(context: TurnContext, { session }: DialogDeps, { replyOn }: HandOffReceipt, here: boolean): string {
  if (here) return session.text(context, 'handOff.whereHere', { context: replyOn.channel });
  const kind = session.channelOf(replyOn.channel)?.contactKinds[0] ?? replyOn.channel;
  return session.text(context, 'handOff.whereOther', { context: replyOn.channel, value: maskContact({ kind, value: replyOn.address }) });
}

/** Markdown's marks in the organisation's own words (an address with an underscore) stay as they are written. */
function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_[\]<>]/g, '\\$&');
}

/**
 * Written in Markdown so that the code of conduct is a link: Web Chat shows it as one, and the SMS adapter writes it
 * as "text (address)", the whole address (absolute when PUBLIC_URL is set) on the phone.
 */
export async function sayHelp(context: TurnContext, deps: DialogDeps): Promise<void> {
  const { session, desk } = deps;
  const { markdown, carrierKeywords } = session.capabilities(context);
  // a channel that shows text as it is (a phone) needs no escaping; one that renders Markdown does
  const routes = contactRouteLines(deps).map((route) =>
    !markdown ? route : line(route.key, Object.fromEntries(Object.entries(route.vars ?? {}).map(([k, v]) => [k, escapeMarkdown(String(v))]))),
  );
  const activity = session.activity(context, [
    line('help.canDo'),
    // Where CANCEL is a carrier keyword that stops every message (SMS), never suggest it.
    line(carrierKeywords ? 'help.anyTimeCarrierKeywords' : 'help.anyTime'),
    ...(routes.length > 0 ? [line('help.routes'), ...routes] : []),
    line('help.code', { url: desk.organisation().codeOfConductPath }),
    line('help.otherLanguage'),
  ]);
  // a hard break ends each line, or Markdown would run them into one paragraph; phones drop the trailing spaces
  const text = (activity.text ?? '').split('\n').join('  \n');
  await context.sendActivity({ ...activity, text, speak: activity.text, textFormat: TextFormatTypes.Markdown });
}
