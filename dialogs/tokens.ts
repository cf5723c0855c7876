/** The bot every channel adapter runs: an ActivityHandler that drives the customer dialogs. */
export const BOT = Symbol('BOT');
