// Shared flat config: type-aware rules for TypeScript, plain rules for scripts, and the house
// rules (house-rules.js) with globs relative to the workspace root.
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import { houseRules, workspaceRootOf } from './house-rules.js';

export { CLOCK_MODULES } from './house-rules.js';

/** @param {{ tsconfigRootDir: string }} options */
export function tgmcpConfig({ tsconfigRootDir }) {
  return defineConfig(
    { ignores: ['dist/**', 'coverage/**', 'node_modules/**'] },
    js.configs.recommended,
    ...tseslint.configs.recommendedTypeChecked,
    {
      languageOptions: {
        globals: globals.node,
        parserOptions: { projectService: true, tsconfigRootDir },
      },
      rules: {
        'no-console': ['error', { allow: ['error', 'warn'] }],
        '@typescript-eslint/no-explicit-any': 'error',
        '@typescript-eslint/consistent-type-imports': 'error',
        '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      },
    },
    {
      files: ['**/*.test.ts', 'test/**', 'bench/**', 'examples/**'],
      // Tests use async stand-ins for Telegram calls that need no await.
      rules: { 'no-console': 'off', '@typescript-eslint/require-await': 'off' },
    },
    {
      files: ['**/*.{js,mjs,cjs}'],
      ...tseslint.configs.disableTypeChecked,
    },
    ...houseRules(workspaceRootOf(tsconfigRootDir)),
  );
}
