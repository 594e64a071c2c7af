// ESLint: typescript-eslint (type-aware) plus the layer rules of DESIGN.md.
import tseslint from 'typescript-eslint';

const prismaClient = {
  group: [
    '**/generated/prisma/**',
    '@prisma/client',
    '@prisma/client/*',
    '@prisma/adapter-pg',
    'pg',
  ],
  message: 'Only domain/ touches the database (DESIGN.md). Call a domain use case instead.',
};
const domainDeep = {
  group: ['**/domain/*/**', '**/domain/!(index).ts', '!**/domain/index.ts'],
  message: 'Import domain/ through domain/index.ts only.',
};

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      'data/**',
      'domain/generated/**',
      'coverage/**',
      'eslint.config.js',
      // Plain-JS entry of the import's parse worker (loads the .ts entry through tsx).
      'domain/imports/worker-boot.mjs',
    ],
  },
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: false }],
    },
  },
  {
    // The web journal's browser scripts: plain JS without type information.
    files: ['api/web/static/**/*.js'],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: {
      sourceType: 'script',
      globals: {
        window: 'readonly',
        document: 'readonly',
        fetch: 'readonly',
        URLSearchParams: 'readonly',
        HTMLElement: 'readonly',
        HTMLFormElement: 'readonly',
        HTMLInputElement: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        console: 'readonly',
      },
    },
  },
  {
    // Tests read JSON bodies of responses: `any` there is the point of the assertion.
    files: ['**/*.test.ts', '**/test/**/*.ts', 'bench/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
  {
    files: ['api/**/*.ts', 'worker/**/*.ts'],
    ignores: ['**/*.test.ts', '**/test/**'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { patterns: [prismaClient, domainDeep] },
      ],
    },
  },
  {
    files: ['bot/**/*.ts'],
    ignores: ['**/*.test.ts', '**/test/**'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            prismaClient,
            {
              group: ['**/domain/**'],
              allowTypeImports: true,
              message: 'The bot talks to the API over HTTP (type-only imports are fine).',
            },
            {
              group: ['**/api/**'],
              allowTypeImports: true,
              message: 'The bot talks to the API over HTTP.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['api/**/*.ts'],
    ignores: ['**/*.test.ts', '**/test/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/worker/**', '**/bot/**'],
              message: 'api/ never imports worker/ or bot/.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['worker/**/*.ts'],
    ignores: ['**/*.test.ts', '**/test/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/api/**', '**/bot/**'], message: 'worker/ never imports api/ or bot/.' },
          ],
        },
      ],
    },
  },
  {
    files: ['domain/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/api/**', '**/bot/**', '**/worker/**', 'express', 'grammy', 'bullmq'],
              message: 'domain/ knows nothing of HTTP, Telegram or queues.',
            },
          ],
        },
      ],
    },
  },
);
