import { PAGE_STYLES } from '../../../src/conduct/page-styles.js';

/** The chat page's stylesheet: the public pages' palette, with room for the chat. */
export const CHAT_PAGE_STYLES = `${PAGE_STYLES}
.wrap { max-width: 48rem; }
p { margin: 0 0 1rem; }
.notice { font-weight: 700; }
.chat-status:empty { display: none; }
.webchat { height: min(75vh, 44rem); min-height: 26rem; border: 2px solid #0b0c0c; }
/* Web Chat draws its own focus cues; this ring is the page's, so every control shows the same one */
.webchat :focus-visible { outline: 3px solid #ffdd00 !important; box-shadow: 0 0 0 6px #0b0c0c !important; }
/* a file the customer sends is named in their own bubble, white on its blue as their words are */
.webchat .webchat__bubble--from-user .webchat__fileContent__fileName,
.webchat .webchat__bubble--from-user .webchat__fileContent__size { color: #ffffff; }
@media (max-width: 40rem) { .webchat { height: 80vh; } }
@media (forced-colors: active) { .webchat :focus-visible { outline: 3px solid Highlight !important; } }
`;
