import type { TurnContext } from 'botbuilder';
import { spellReference } from '../src/complaints/domain/reference.js';
import type { DialogDeps } from './dialog-deps.js';
import { line, type Line } from './session.js';

/** The organisation's other ways in, one per line. */
export function contactRouteLines({ desk }: DialogDeps): Line[] {
  return desk.organisation().contactRoutes.map((route) => line('help.route', { label: route.label, value: route.value }));
}

/**
 * Asks the core for a person, about the complaint this conversation last made or proved to be its own (or, failing
 * that, whatever the core finds for this conversation). Returns the reference a person will contact them about.
 */
export async function handOff(context: TurnContext, deps: DialogDeps): Promise<string | null> {
  const { desk, session } = deps;
  const current = await session.currentReference(context);
  const { reference } = await desk.requestHandOff(session.requester(context), current);
  if (reference) {
    await session.remember(context, reference);
    await session.say(context, line('handOff.withCase', { reference, spelled: spellReference(reference) }));
  } else {
    await session.say(context, line('handOff.noCase'), line('handOff.routes'), ...contactRouteLines(deps));
  }
  return reference;
}

export async function sayHelp(context: TurnContext, deps: DialogDeps): Promise<void> {
  const routes = contactRouteLines(deps);
  await deps.session.say(
    context,
    line('help.canDo'),
    // Over SMS, CANCEL is a carrier keyword that stops every message: never suggest it there.
    line(deps.session.channel(context) === 'sms' ? 'help.anyTimeSms' : 'help.anyTime'),
    ...(routes.length > 0 ? [line('help.routes'), ...routes] : []),
    line('help.code', { path: deps.desk.organisation().codeOfConductPath }),
    line('help.otherLanguage'),
  );
}
