import { createRequire } from 'node:module';
import { describe, expect, it } from '@jest/globals';
import { ActivityTypes, ComponentRegistration, ConversationState, MemoryStorage, TestAdapter, TurnContext } from 'botbuilder';
import { DialogSet, type DialogState } from 'botbuilder-dialogs';
import { registerDialogsComponentOnce, useDialogStateConfiguration } from './dialog-state-configuration.js';

describe(useDialogStateConfiguration.name, () => {
  const dialogs = new DialogSet(new ConversationState(new MemoryStorage()).createProperty<DialogState>('dialogState'));
  const turn = (text: string) =>
    new TurnContext(new TestAdapter(), {
      type: ActivityTypes.Message,
      text,
      channelId: 'test',
      conversation: { id: 'c', isGroup: false, conversationType: 'personal', name: '' },
      from: { id: 'u', name: 'customer' },
      recipient: { id: 'bot', name: 'bot' },
    });

  it('gives every turn the same memory scopes and path resolvers, made once', async () => {
    const first = turn('one');
    const second = turn('two');
    useDialogStateConfiguration(first);
    useDialogStateConfiguration(second);
    const [a, b] = [await dialogs.createContext(first), await dialogs.createContext(second)];
    expect(a.state.configuration).toBe(b.state.configuration);
    expect(a.state.configuration.memoryScopes.map((scope) => scope.name)).toEqual(
      expect.arrayContaining(['turn', 'dialog', 'conversation', 'user', 'settings']),
    );
  });

  it('keeps each turn its own memory', async () => {
    const first = turn('one');
    const second = turn('two');
    useDialogStateConfiguration(first);
    useDialogStateConfiguration(second);
    const [a, b] = [await dialogs.createContext(first), await dialogs.createContext(second)];
    a.state.setValue('turn.seen', 'first');
    expect(a.state.getValue('turn.activity.text')).toBe('one');
    expect(b.state.getValue('turn.activity.text')).toBe('two');
    expect(b.state.getValue('turn.seen')).toBeUndefined();
  });
});

describe(registerDialogsComponentOnce.name, () => {
  const load = createRequire(import.meta.url);
  const registrations = () => ComponentRegistration.components.filter((component) => component.constructor.name === 'DialogsComponentRegistration');

  it('makes every dialog context register the same botbuilder-dialogs component, as the registry keeps one', async () => {
    expect(registerDialogsComponentOnce(load)).toBe(true);
    const dialogs = new DialogSet(new ConversationState(new MemoryStorage()).createProperty<DialogState>('dialogState'));
    const context = new TurnContext(new TestAdapter(), { type: ActivityTypes.Message, text: 'hi', channelId: 'test', conversation: { id: 'c', isGroup: false, conversationType: 'personal', name: '' } });
    await dialogs.createContext(context);
    const [first] = registrations();
    await dialogs.createContext(context);
    expect(registrations()).toEqual([first]);
    expect(registrations()[0]).toBe(first);
    // the component still answers for its scopes, were a state manager to ask
    expect((first as unknown as { getMemoryScopes(): { name: string }[] }).getMemoryScopes().map((scope) => scope.name)).toContain('turn');
    expect(registerDialogsComponentOnce(load)).toBe(true);
  });

  it('leaves a module it does not recognise as it is', () => {
    const module = { Other: class {} };
    expect(registerDialogsComponentOnce(() => module)).toBe(false);
    expect(Object.keys(module)).toEqual(['Other']);
    const missing = Object.assign(new Error('Cannot find module'), { code: 'MODULE_NOT_FOUND' });
    expect(
      registerDialogsComponentOnce(() => {
        throw missing;
      }),
    ).toBe(false);
  });
});
