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
  // the page's words in each language, from the page itself (data, not script)
  var texts = JSON.parse(document.getElementById('chat-texts').textContent);
  var language = document.documentElement.lang.slice(0, 2) === 'es' ? 'es' : 'en';
  var render = null;
  var shown = { key: 'loading', length: 0 };

  /** Says one of the page's texts in the status line (nothing for no key), in whatever language the page is in. */
  function say(key, length) {
    shown = { key: key, length: length || 0 };
    var words = texts[language];
    status.textContent = !key
      ? ''
      : words[key]
          .replace('{length}', shown.length.toLocaleString(words.lang))
          .replace('{max}', MESSAGE_MAX.toLocaleString(words.lang));
  }

  /** The page speaks the chat's language: each bot message carries its locale, and a switch rewords the page. */
  function follow(locale) {
    var next = locale.slice(0, 2).toLowerCase() === 'es' ? 'es' : 'en';
    if (next === language) return;
    language = next;
    var words = texts[language];
    document.documentElement.lang = words.lang;
    document.title = words.title;
    var marked = document.querySelectorAll('[data-text]');
    for (var i = 0; i < marked.length; i++) marked[i].textContent = words[marked[i].getAttribute('data-text')];
    say(shown.key, shown.length);
    if (render) render();
  }

  if (!window.WebChat || !window.fetch) {
    say('unavailable');
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
    // files go to the evidence desk through Direct Line's upload route
    hideUploadButton: false,
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
            say('tooLong', text.length);
            return undefined;
          }
          say('');
        }
        var activity = action.type === 'DIRECT_LINE/INCOMING_ACTIVITY' && action.payload && action.payload.activity;
        if (activity && activity.from && activity.from.role === 'bot' && activity.locale) follow(activity.locale);
        if (activity && activity.textFormat === 'markdown' && typeof activity.text === 'string' && activity.text.indexOf('](/') !== -1) {
          // Web Chat shows a link to a path as a citation, not a link: this server's pages get its full address
          var text = activity.text.split('](/').join('](' + location.origin + '/');
          var payload = Object.assign({}, action.payload, { activity: Object.assign({}, activity, { text: text }) });
          return next(Object.assign({}, action, { payload: payload }));
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
      render = function () {
        // Web Chat's own words (the send box's placeholder) follow the chat's language too
        var chatLocale = texts[language].lang.slice(0, 2) === locale.slice(0, 2).toLowerCase() ? locale : texts[language].lang;
        window.WebChat.renderWebChat(
          { directLine: directLine, store: store, locale: chatLocale, styleOptions: styleOptions, nonce: script && script.nonce },
          host
        );
      };
      render();
      say('');
    })
    .catch(function (error) {
      say(error && error.status === 429 ? 'busy' : 'unavailable');
    });
})();
`;
