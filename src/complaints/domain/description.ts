/**
 * The most a customer's account of what happened may hold, in characters: in the dialogs on every channel (over one
 * message or several) and in the staff API alike, so a complaint one takes the other never refuses.
 */
export const DESCRIPTION_MAX = 5000;
