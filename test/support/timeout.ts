import { jest } from '@jest/globals';

// Every end-to-end test starts servers, databases or processes: on a loaded two-core machine that takes many seconds.
// A file that needs longer still sets its own.
jest.setTimeout(120_000);
