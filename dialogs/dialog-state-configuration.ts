import { TurnContextStateCollection, type TurnContext } from 'botbuilder';
import { DialogStateManager, type DialogContext, type DialogStateManagerConfiguration } from 'botbuilder-dialogs';

/** Where DialogStateManager looks for, and keeps, the configuration of the turn it is in. */
const TURN_STATE_KEY = 'DialogStateManagerConfiguration';

/**
 * The memory scopes and path resolvers of botbuilder-dialogs' state manager, made once. Every DialogContext has a
 * DialogStateManager, and the turn's first one builds this configuration (a service collection resolved through a
 * dependency graph, a settings schema checked) and keeps it in the turn's state for the others; nothing in it
 * depends on the turn (each scope finds its memory through the dialog context it is given), so one made at start
 * serves every turn, as DialogManager's `stateConfiguration` does. It is made here by the state manager itself, which
 * reads nothing of its dialog context but the turn's state.
 */
const CONFIGURATION: DialogStateManagerConfiguration = new DialogStateManager({
  context: { turnState: new TurnContextStateCollection() },
} as unknown as DialogContext).configuration;

/** Hands the turn the configuration made at start, before any of its dialog contexts is created. */
export function useDialogStateConfiguration(context: TurnContext): void {
  context.turnState.set(TURN_STATE_KEY, CONFIGURATION);
}
