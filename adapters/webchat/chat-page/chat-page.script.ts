import { DESCRIPTION_MAX } from '../../../src/complaints/domain/description.js';

/**
 * The browser script that starts Web Chat (served as /webchat/chat.js, so the page needs no inline script). It asks
 * this server for a conversation and token, then lets Web Chat talk Direct Line to it, with replies pushed over the
 * WebSocket stream as soon as they are stored. Plain ES2017: it runs as written in any browser Web Chat supports.
 */
export const CHAT_PAGE_SCRIPT = `(function () {
  // the most one answer can be: longer is kept in the send box with a word why, rather than sent to fail
  var MESSAGE_MAX = ${DESCRIPTION_MAX};
  'use strict';
  var script = document.currentScript;
  var host = document.getElementById('webchat');
  var status = document.getElementById('chat-status');
  var unavailable = 'The chat is not available at the moment. Please try again later, or use one of the ways to complain in our code of conduct (linked below).';
  var busy = 'Many chats have been started from your network just now. Please try again in a minute.';

  function tooLong(length) {
    return 'Your message has ' + length.toLocaleString('en-GB') + ' characters, more than the ' + MESSAGE_MAX.toLocaleString('en-GB') +
      ' one message can have. It is still in the box for you to shorten.';
  }

  function say(text) {
    status.textContent = text;
  }

  if (!window.WebChat || !window.fetch) {
    say(unavailable);
    return;
  }

  var locale = navigator.language || document.documentElement.lang || 'en';
  var styleOptions = {
    accent: '#1d3f8f',
    subtle: '#505a5f',
    primaryFont: 'system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif',
    fontSizeSmall: '85%',
    backgroundColor: '#ffffff',
    bubbleBackground: '#f3f2f1',
    bubbleBorderColor: '#b1b4b6',
    bubbleBorderWidth: 1,
    bubbleTextColor: '#0b0c0c',
    bubbleFromUserBackground: '#1d3f8f',
    bubbleFromUserBorderColor: '#1d3f8f',
    bubbleFromUserBorderWidth: 1,
    bubbleFromUserTextColor: '#ffffff',
    timestampColor: '#505a5f',
    sendBoxBackground: '#ffffff',
    sendBoxTextColor: '#0b0c0c',
    sendBoxPlaceholderColor: '#505a5f',
    sendBoxButtonColor: '#1d3f8f',
    sendBoxButtonColorOnHover: '#0b0c0c',
    sendBoxButtonColorOnFocus: '#0b0c0c',
    sendBoxBorderTop: '2px solid #0b0c0c',
    suggestedActionBackgroundColor: '#ffffff',
    suggestedActionBorderColor: '#1d3f8f',
    suggestedActionBorderWidth: 2,
    suggestedActionTextColor: '#1d3f8f',
    suggestedActionLayout: 'flow',
    transcriptActivityVisualKeyboardIndicatorColor: '#0b0c0c',
    transcriptActivityVisualKeyboardIndicatorWidth: 3,
    transcriptVisualKeyboardIndicatorColor: '#0b0c0c',
    transcriptVisualKeyboardIndicatorWidth: 3,
    hideUploadButton: true,
    // a text area: Enter sends, Shift+Enter starts a new line, so a story of several paragraphs goes as one message
    sendBoxTextWrap: true
  };

  // Web Chat empties the send box as it sends; a message too long to take is held back before that, with a word why.
  var store = window.WebChat.createStore({}, function (chat) {
    return function (next) {
      return function (action) {
        if (action.type === 'WEB_CHAT/SUBMIT_SEND_BOX') {
          var text = chat.getState().sendBoxValue || '';
          if (text.length > MESSAGE_MAX) {
            say(tooLong(text.length));
            return undefined;
          }
          say('');
        }
        return next(action);
      };
    };
  });

  // The tab remembers its conversation, so a reload carries on where it was; closing the tab forgets it.
  var KEY = 'redress.webchat.conversation';

  function remembered() {
    try {
      return JSON.parse(window.sessionStorage.getItem(KEY) || 'null');
    } catch (error) {
      return null; // storage is off (private browsing): every load starts afresh
    }
  }

  function remember(conversationId, token) {
    try {
      window.sessionStorage.setItem(KEY, JSON.stringify({ conversationId: conversationId, token: token }));
      return true;
    } catch (error) {
      return false; // storage is off: nothing is kept
    }
  }

  function json(response) {
    if (!response.ok) {
      var error = new Error('HTTP ' + response.status);
      error.status = response.status;
      throw error;
    }
    return response.json();
  }

  function startConversation() {
    return fetch('/v3/directline/conversations', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ locale: locale })
    }).then(json);
  }

  // a fresh token for the remembered conversation, or a new conversation if it has expired or gone
  function resumeConversation(saved) {
    return fetch('/v3/directline/tokens/refresh', { method: 'POST', headers: { Authorization: 'Bearer ' + saved.token } })
      .then(json)
      .catch(startConversation);
  }

  var saved = remembered();
  (saved && saved.token ? resumeConversation(saved) : startConversation())
    .then(function (conversation) {
      var directLine = window.WebChat.createDirectLine({
        domain: location.origin + '/v3/directline',
        token: conversation.token,
        conversationId: conversation.conversationId,
        webSocket: true
      });
      remember(conversation.conversationId, conversation.token);
      // Direct Line refreshes its token every 15 minutes; keep the newest for the next load
      window.addEventListener('pagehide', function () {
        remember(conversation.conversationId, directLine.token);
      });
      window.WebChat.renderWebChat(
        { directLine: directLine, store: store, locale: locale, styleOptions: styleOptions, nonce: script && script.nonce },
        host
      );
      say('');
    })
    .catch(function (error) {
      say(error && error.status === 429 ? busy : unavailable);
    });
})();
`;
