import { createRequire } from 'node:module';
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

interface RegistrationModule {
  DialogsComponentRegistration?: new () => object;
}

/**
 * DialogStateManager's constructor also registers botbuilder-dialogs' component again, every time: a new
 * DialogsComponentRegistration (a service collection and the factories of every memory scope) takes the place of
 * the last one, ComponentRegistration keeping one per type, and is never asked anything once the configuration is
 * in the turn's state. About ten dialog contexts a turn each built one. The class (not exported by the package's
 * index, only read from its own module each time) is replaced by one that hands back the registration made first,
 * so the registry holds what it held before; if the module is not shaped as expected, it is left as it is.
 * Returns whether the registration is now made once.
 */
export function registerDialogsComponentOnce(load: (id: string) => unknown = createRequire(import.meta.url)): boolean {
  const module = loadIfThere(load, 'botbuilder-dialogs/lib/dialogsComponentRegistration.js') as RegistrationModule | undefined;
  const Registration = module?.DialogsComponentRegistration;
  if (typeof Registration !== 'function') return false;
  if ((Registration as { once?: boolean }).once) return true;
  const registration = new Registration();
  function Once(): object {
    return registration;
  }
  Once.prototype = Registration.prototype;
  Object.defineProperty(Once, 'name', { value: Registration.name });
  Object.defineProperty(Once, 'once', { value: true });
  module!.DialogsComponentRegistration = Once as unknown as new () => object;
  return true;
}

/** A later botbuilder-dialogs may keep the class elsewhere: then each dialog context builds one, as it did. */
function loadIfThere(load: (id: string) => unknown, id: string): unknown {
  try {
    return load(id);
  } catch (error) {
    if ((error as { code?: string }).code === 'MODULE_NOT_FOUND') return undefined;
    throw error;
  }
}
