import { describe, expect, it } from '@jest/globals';
import { contactOfKey, conversationKeyOf, conversationOfDialogState, dialogStateKeysOf } from './conversation-keys.js';

describe('conversation keys', () => {
  it('name a contact as the outbox and the dialogs do, and back', () => {
    expect(conversationKeyOf({ kind: 'phone', value: '+447911123456' })).toBe('sms:+447911123456');
    expect(conversationKeyOf({ kind: 'webchat', value: 'abc:1' })).toBe('webchat:abc:1');
    expect(contactOfKey('sms:+447911123456')).toEqual({ kind: 'phone', value: '+447911123456' });
    expect(contactOfKey('webchat:abc:1')).toEqual({ kind: 'webchat', value: 'abc:1' });
    expect(contactOfKey('email:a@b.com')).toEqual({ kind: 'email', value: 'a@b.com' });
    expect(contactOfKey('slack:C123')).toBeUndefined();
    expect(contactOfKey('sms:')).toBeUndefined();
  });

  it('find the dialog state of a conversation, and the conversation of a dialog state', () => {
    expect(dialogStateKeysOf('sms:+447911123456')).toEqual(['sms/conversations/+447911123456/', 'sms/users/+447911123456/']);
    expect(conversationOfDialogState('webchat/conversations/abc/')).toBe('webchat:abc');
    expect(conversationOfDialogState('sms/users/+447911123456/')).toBe('sms:+447911123456');
    expect(conversationOfDialogState('something-else')).toBeUndefined();
  });
});
