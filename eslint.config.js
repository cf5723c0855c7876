import js from '@eslint/js';
import boundaries from 'eslint-plugin-boundaries';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'data/', 'node_modules/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'env', message: 'Read configuration through src/config only.' },
      ],
    },
  },
  {
    files: ['src/config/**', 'test/**', 'bench/**', 'jest.config.js', 'scripts/**'],
    rules: { 'no-restricted-properties': 'off' },
  },
  {
    files: ['test/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  // One data-access style: TypeORM and hand-written SQL stay in repositories (`*.repository.ts`), entities,
  // migrations and src/database/, so that services, dialogs and adapters never see how a row is read or written.
  {
    files: ['src/**/*.ts', 'dialogs/**/*.ts', 'adapters/**/*.ts'],
    ignores: [
      '**/*.spec.ts',
      '**/*.repository.ts',
      '**/*.entity.ts',
      '**/*.entities.ts',
      '**/migrations/**',
      'src/database/**',
      'src/main.ts',
      'src/app.module.ts',
      'src/app.factory.ts',
    ],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'typeorm', message: 'Reach the database through a repository (*.repository.ts); see src/database/database-access.ts.' },
          ],
          patterns: [
            {
              group: ['typeorm/*', '**/database/sql', '**/database/sql.js'],
              message: 'Reach the database through a repository (*.repository.ts); see src/database/database-access.ts.',
            },
            {
              group: ['**/database/database-access', '**/database/database-access.js'],
              message: 'Only repositories use DatabaseAccess: call a repository, and open a transaction with UnitOfWork.',
            },
          ],
        },
      ],
    },
  },
  // Who may import whom (docs/channels.md): the core names no dialog and no adapter, dialogs name no adapter, and an
  // adapter names no other adapter. Only the composition root wires them together; tests may import anything.
  {
    files: ['src/**/*.ts', 'dialogs/**/*.ts', 'adapters/**/*.ts'],
    // the composition root (main.ts, app.module.ts, app.factory.ts) wires everything, so it is not checked
    ignores: ['**/*.spec.ts', 'src/main.ts', 'src/app.module.ts', 'src/app.factory.ts'],
    plugins: { boundaries },
    settings: {
      'import/resolver': { typescript: { project: './tsconfig.json' } },
      'boundaries/elements': [
        { type: 'core', pattern: 'src' },
        { type: 'dialogs', pattern: 'dialogs' },
        { type: 'adapter', pattern: 'adapters/*', capture: ['name'] },
      ],
    },
    rules: {
      'boundaries/dependencies': [
        'error',
        {
          default: 'allow',
          policies: [
            { from: { element: { type: 'core' } }, disallow: { to: { element: { types: { anyOf: ['dialogs', 'adapter'] } } } } },
            { from: { element: { type: 'dialogs' } }, disallow: { to: { element: { type: 'adapter' } } } },
            {
              from: { element: { type: 'adapter' } },
              disallow: { to: { element: { type: 'adapter', captured: { name: '!{{from.element.captured.name}}' } } } },
            },
          ],
        },
      ],
    },
  },
);
