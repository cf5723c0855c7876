/** The bot every channel adapter runs: an ActivityHandler that drives the customer dialogs. */
export const BOT = Symbol('BOT');

/** The evidence store as the dialogs and adapters see it (EvidenceIntake); absent where files are not kept. */
export const EVIDENCE_INTAKE = Symbol('EVIDENCE_INTAKE');
