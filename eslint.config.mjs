/**
 * ESLint flat config (`npm test` runs `eslint --max-warnings 0 .`).
 *
 * - Component TypeScript (force-app/**\/lwc): the LWC rules of
 *   @salesforce/eslint-config-lwc "recommended" (which also enable
 *   @lwc/lwc/no-inner-html and @lwc/lwc/no-document-query), parsed by
 *   typescript-eslint instead of the config's Babel parser, plus no-console.
 * - Every TypeScript file: typescript-eslint "recommended" (no explicit any).
 * - Node tools (scripts/, test/, configs): Node globals; console allowed.
 * - Jest specs (__tests__): Jest globals and eslint-plugin-jest rules come with
 *   the LWC config.
 */
import lwcConfig from '@salesforce/eslint-config-lwc';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const COMPONENT_SOURCES = ['force-app/**/lwc/**/*.ts'];

/**
 * `@lwc/lwc/no-disallowed-lwc-imports` predates TypeScript: it rejects
 * `import type { WireAdapterConstructor } from 'lwc'` although a type import is
 * erased before the LWC compiler sees the file. This wrapper hands the rule the
 * same declarations minus their type-only parts, so every value import from
 * 'lwc' is still checked against the rule's allow list.
 */
const lwcPlugin = lwcConfig.configs.recommended.find((config) => config.plugins?.['@lwc/lwc']).plugins['@lwc/lwc'];
const disallowedImports = lwcPlugin.rules['no-disallowed-lwc-imports'];
const withoutTypeOnly = (node) => ({
    ...node,
    specifiers: (node.specifiers ?? []).filter(
        (specifier) => specifier.importKind !== 'type' && specifier.exportKind !== 'type'
    )
});
const valueImportsOnly = {
    meta: disallowedImports.meta,
    create(context) {
        const listeners = disallowedImports.create(context);
        const wrapped = {};
        for (const [selector, listener] of Object.entries(listeners)) {
            wrapped[selector] = (node) => {
                if (node.importKind === 'type' || node.exportKind === 'type') return;
                listener(node.specifiers ? withoutTypeOnly(node) : node);
            };
        }
        return wrapped;
    }
};

/** The LWC config objects, limited to component sources and parsed by typescript-eslint. */
const lwcForTypeScript = lwcConfig.configs.recommended.map((config) => ({
    ...config,
    files: COMPONENT_SOURCES,
    languageOptions: {
        ...config.languageOptions,
        parser: tseslint.parser,
        parserOptions: { sourceType: 'module', ecmaVersion: 'latest' }
    }
}));

export default tseslint.config(
    {
        ignores: [
            'node_modules/**',
            'coverage/**',
            'build/**',
            'dist/**',
            '.sf/**',
            '.sfdx/**',
            '.workbench/**',
            // JavaScript written by `npm run build` from each component's TypeScript.
            'force-app/**/lwc/**/*.js',
            'force-app/main/default/staticresources/**',
            // Deliberately broken inputs for the check tests.
            'test/fixtures/**'
        ]
    },
    ...lwcForTypeScript,
    ...tseslint.configs.recommended,
    {
        files: COMPONENT_SOURCES,
        plugins: { '@liftoff': { rules: { 'no-disallowed-lwc-imports': valueImportsOnly } } },
        rules: {
            'no-console': 'error',
            '@lwc/lwc/no-disallowed-lwc-imports': 'off',
            '@liftoff/no-disallowed-lwc-imports': 'error',
            '@lwc/lwc/no-inner-html': 'error',
            '@lwc/lwc/no-document-query': 'error',
            // The base rules do not understand TypeScript types; their typescript-eslint twins do.
            'no-shadow': 'off',
            '@typescript-eslint/no-shadow': 'error',
            'no-use-before-define': 'off',
            '@typescript-eslint/no-use-before-define': ['error', { functions: false, typedefs: false }]
        }
    },
    {
        // No manual DOM in shipped components: the template renders, the component sets state.
        // Specs still mount components with document.body.appendChild.
        files: COMPONENT_SOURCES,
        ignores: ['**/__tests__/**', '**/__mocks__/**'],
        rules: {
            'no-restricted-syntax': [
                'error',
                {
                    selector:
                        'CallExpression[callee.property.name=/^(appendChild|removeChild|insertBefore|replaceChild|replaceChildren|createTextNode)$/]',
                    message: 'No manual DOM in components: render it from the template instead.'
                },
                {
                    selector: "CallExpression[callee.object.name='document'][callee.property.name='createElement']",
                    message: 'No manual DOM in components: render it from the template instead.'
                },
                {
                    selector: "MemberExpression[property.name='classList']",
                    message: 'No manual DOM in components: bind the class in the template instead.'
                }
            ]
        }
    },
    {
        files: ['**/*.ts', '**/*.mts', '**/*.mjs', '**/*.js', '**/*.cjs'],
        rules: {
            '@typescript-eslint/no-explicit-any': 'error',
            '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }]
        }
    },
    {
        files: ['scripts/**', 'test/**', 'types/**', '*.mjs', '*.js', '*.cjs'],
        ignores: COMPONENT_SOURCES,
        languageOptions: { globals: { ...globals.node } },
        rules: { 'no-console': 'off' }
    },
    {
        files: ['jest.config.js', '**/*.cjs'],
        languageOptions: { sourceType: 'commonjs', globals: { ...globals.node } },
        rules: { '@typescript-eslint/no-require-imports': 'off' }
    }
);
