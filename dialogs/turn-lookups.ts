import type { PendingItem, Requester } from '../src/complaints/customer-desk/customer-desk.js';
import type { WaitingSurvey } from '../src/satisfaction/survey-desk.js';
import type { DialogDeps } from './dialog-deps.js';

/** Methods that only answer from configuration: calling them changes nothing that waits for a customer. */
const CHANGE_NOTHING = new Set<PropertyKey>(['categories', 'organisation', 'offered', 'limits']);

/**
 * What waits for the customer (staff's question or proposal, a satisfaction survey) asked once a turn, however many
 * of the dialogs' checks ask for it: the menu, the interruption checks and the main loop each ask on the same turn.
 * Anything else the turn asks of the desks (filing, answering, consenting, a dispute, a file) may change what waits,
 * so it forgets what was kept; so does the end of the turn, and nothing is kept for a conversation outside its turn.
 */
export class TurnLookups {
  private readonly turns = new Map<string, number>();
  private readonly pending = new Map<string, Promise<PendingItem | null>>();
  private readonly surveys = new Map<string, Promise<WaitingSurvey | null>>();

  /** The dialogs' desks, each asking through the turn's kept answers. */
  deps(deps: Omit<DialogDeps, 'session'>): Omit<DialogDeps, 'session'> {
    const desk = this.watch(deps.desk, 'pendingFor', (requester: Requester) => this.kept(this.pending, requester.key, () => deps.desk.pendingFor(requester)));
    const surveys = deps.surveys && this.watch(deps.surveys, 'waitingFor', (key: string) => this.kept(this.surveys, key, () => deps.surveys!.waitingFor(key)));
    return {
      ...deps,
      desk,
      surveys,
      disputes: deps.disputes && this.watch(deps.disputes),
      evidence: deps.evidence && this.watch(deps.evidence),
    };
  }

  /** The turn of a conversation (its requester key) begins: answers for it may be kept until it ends. */
  begin(key: string): void {
    this.turns.set(key, (this.turns.get(key) ?? 0) + 1);
  }

  end(key: string): void {
    const left = (this.turns.get(key) ?? 1) - 1;
    if (left > 0) {
      this.turns.set(key, left);
      return;
    }
    this.turns.delete(key);
    this.pending.delete(key);
    this.surveys.delete(key);
  }

  private kept<T>(answers: Map<string, Promise<T>>, key: string, ask: () => Promise<T>): Promise<T> {
    if (!this.turns.has(key)) return ask();
    let answer = answers.get(key);
    if (!answer) {
      answer = ask();
      answers.set(key, answer);
      // a failed lookup is not kept: the next check asks again
      answer.catch(() => answers.get(key) === answer && answers.delete(key));
    }
    return answer;
  }

  private forget(): void {
    this.pending.clear();
    this.surveys.clear();
  }

  /** The desk, with one method answered as given and every other call (but those that change nothing) forgetting what was kept. */
  private watch<T extends object>(target: T, cachedName?: keyof T, cached?: (...args: never[]) => unknown): T {
    return new Proxy(target, {
      get: (object, name, receiver) => {
        const value = Reflect.get(object, name, receiver) as unknown;
        if (typeof value !== 'function') return value;
        if (name === cachedName) return cached;
        if (CHANGE_NOTHING.has(name)) return value.bind(object);
        return (...args: unknown[]) => {
          this.forget();
          const result = (value as (...a: unknown[]) => unknown).apply(object, args);
          // what the call changed is visible once it has finished: anything asked meanwhile is not kept past it
          if (result instanceof Promise) return result.finally(() => this.forget());
          return result;
        };
      },
    });
  }
}
