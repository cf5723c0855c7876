/** Jest runs in native ESM (Nest 12 is ESM-only); ts-jest transpiles, `npm run typecheck` type-checks. */
/** Bot Framework's packages, loaded with native async functions as main.ts has Node load them (src/runtime/native-async.ts). */
const BOT_FRAMEWORK = 'botbuilder(-core|-dialogs)?/lib/';
const transform = {
  '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.json' }],
  [`/node_modules/${BOT_FRAMEWORK}.+\\.js$`]: '<rootDir>/test/support/native-async-transform.mjs',
};
const common = {
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: {
    '^(\\.{1,2}/.*)\\.js$': '$1',
    // Its ESM build imports JSON without an import attribute, which Jest's ESM loader warns about on every import.
    '^libphonenumber-js$': '<rootDir>/node_modules/libphonenumber-js/index.cjs',
  },
  testEnvironment: 'node',
  transform,
  transformIgnorePatterns: [`/node_modules/(?!${BOT_FRAMEWORK})`],
};

export default {
  // Each test file loads its modules afresh into one long-lived process that never gives them back: past a hundred
  // files it holds gigabytes and crawls. A worker that has grown past this is replaced between files. (Setting it also
  // makes Jest use a worker where a two-core machine would otherwise run everything inside its own process.)
  workerIdleMemoryLimit: '1GB',
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/{src,dialogs,adapters}/**/*.spec.ts'] },
    // Sized for a loaded two-core machine, not Jest's 5 s: an end-to-end test starts servers, databases and processes.
    { ...common, displayName: 'e2e', testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'], setupFilesAfterEnv: ['<rootDir>/test/support/timeout.ts'] },
  ],
};
