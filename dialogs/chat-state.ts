import type { Activity, StatePropertyAccessor, Storage, StoreItem, StoreItems, TurnContext } from 'botbuilder';

/** The conversation's state, and the customer's (their language), each under a key of its own. */
export type ChatScope = 'conversation' | 'user';

const SCOPES: readonly ChatScope[] = ['conversation', 'user'];

/** One scope's state in a turn, with the JSON it was read or last written as. */
interface Slot {
  key: string;
  state: Record<string, unknown>;
  stored: string;
}

/** What a turn read; a scope is missing when the activity has no key for it (no conversation, no sender). */
type Loaded = Partial<Record<ChatScope, Slot>>;

const LOADED = Symbol('chat state');

/**
 * The keys botbuilder's ConversationState and UserState give an activity's state, `<channel>/conversations/<id>/` and
 * `<channel>/users/<id>/`, so that state written by them is found and erasure finds what is written here.
 */
export function chatStateKeys(activity: Partial<Activity>): Partial<Record<ChatScope, string>> {
  const { channelId, conversation, from } = activity;
  if (!channelId) return {};
  return {
    ...(conversation?.id ? { conversation: `${channelId}/conversations/${conversation.id}/` } : {}),
    ...(from?.id ? { user: `${channelId}/users/${from.id}/` } : {}),
  };
}

/**
 * The conversation state and the user state of a turn, as botbuilder's ConversationState and UserState keep them
 * (the same keys, the same properties, written with eTag `*` when they changed), read in one storage read at the
 * start of the turn and written in one storage write at its end. Whether a scope changed is told by comparing its
 * JSON with the JSON it was read as: botbuilder hashes both with SHA-256 over a stringify that calls back into
 * JavaScript for every value, on every read and every save, which cost more than the rest of the state handling.
 */
export class ChatState {
  constructor(private readonly storage: Storage) {}

  /** A named property of one scope, read and written as a BotStatePropertyAccessor would. */
  property<T>(scope: ChatScope, name: string): StatePropertyAccessor<T> {
    const stateOf = async (context: TurnContext) => (await this.slot(context, scope)).state;
    return {
      async get(context: TurnContext, defaultValue?: T): Promise<T> {
        const state = await stateOf(context);
        if (!Object.prototype.hasOwnProperty.call(state, name) && defaultValue !== undefined) {
          state[name] = typeof defaultValue === 'object' ? JSON.parse(JSON.stringify(defaultValue)) : defaultValue;
        }
        return state[name] as T;
      },
      async set(context: TurnContext, value: T): Promise<void> {
        (await stateOf(context))[name] = value;
      },
      async delete(context: TurnContext): Promise<void> {
        delete (await stateOf(context))[name];
      },
    } as StatePropertyAccessor<T>;
  }

  /** Reads both scopes of the turn in one read. */
  async load(context: TurnContext): Promise<void> {
    const keys = chatStateKeys(context.activity);
    const wanted = SCOPES.flatMap((scope) => keys[scope] ?? []);
    const items = wanted.length > 0 ? await this.storage.read(wanted) : {};
    const loaded: Loaded = {};
    for (const scope of SCOPES) {
      const key = keys[scope];
      if (key) loaded[scope] = slotOf(key, items[key]);
    }
    context.turnState.set(LOADED, loaded);
  }

  /** Writes, in one write, each scope whose state is no longer what was read (or last written). */
  async saveChanges(context: TurnContext): Promise<void> {
    const loaded = context.turnState.get(LOADED) as Loaded | undefined;
    if (!loaded) return;
    const changes: StoreItems = {};
    const written: [Slot, string][] = [];
    for (const scope of SCOPES) {
      const slot = loaded[scope];
      if (!slot) continue;
      const json = JSON.stringify(slot.state);
      if (json === slot.stored) continue;
      changes[slot.key] = { ...slot.state, eTag: '*' };
      written.push([slot, json]);
    }
    if (written.length === 0) return;
    await this.storage.write(changes);
    for (const [slot, json] of written) slot.stored = json;
  }

  private async slot(context: TurnContext, scope: ChatScope): Promise<Slot> {
    if (!context.turnState.has(LOADED)) await this.load(context);
    const slot = (context.turnState.get(LOADED) as Loaded)[scope];
    if (!slot) throw new Error(`No ${scope} state for an activity without ${scope === 'user' ? 'a sender' : 'a conversation'}`);
    return slot;
  }
}

function slotOf(key: string, item: StoreItem | undefined): Slot {
  const { eTag: _eTag, ...state } = item ?? {};
  return { key, state, stored: JSON.stringify(state) };
}
