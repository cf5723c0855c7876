/** botbuilder `Storage` for conversation and user state; kept in the database so dialogs survive restarts. */
export const DIALOG_STORAGE = Symbol('DIALOG_STORAGE');
