/** The bot every channel adapter runs: an ActivityHandler that drives the customer dialogs. */
export const BOT = Symbol('BOT');

/** botbuilder `Storage` for conversation and user state; kept in the database so dialogs survive restarts. */
export const DIALOG_STORAGE = Symbol('DIALOG_STORAGE');
