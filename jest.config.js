/**
 * Jest on @salesforce/sfdx-lwc-jest. Specs are TypeScript (`.test.ts`); the
 * preset resolves `.ts` before `.js` and strips types with Babel, so coverage is
 * measured on the TypeScript sources, never on the generated JavaScript.
 * Jest covers the components and the engine module; tests of the Node tools
 * live in test/ and run on node:test (see scripts/check/run-all.ts).
 */
const { jestConfig } = require('@salesforce/sfdx-lwc-jest/config');

module.exports = {
    ...jestConfig,
    moduleFileExtensions: ['ts', 'js', 'html', 'json'],
    // Node-side tests (metadata, checks, workbench, org CLI) live in test/ and run on node:test.
    testMatch: ['<rootDir>/force-app/**/__tests__/**/*.test.ts'],
    moduleNameMapper: {
        ...(jestConfig.moduleNameMapper || {}),
        '^liftoff/dto$': '<rootDir>/types/dto.d.ts',
        // sfdx-lwc-jest stubs the other lightning/* modules; it has no lightning/logger.
        '^lightning/logger$': '<rootDir>/test/jest-mocks/lightning/logger'
    },
    collectCoverageFrom: ['force-app/main/default/lwc/**/*.ts', '!**/__tests__/**', '!**/types.ts'],
    coverageThreshold: {
        global: { lines: 90 }
    },
    testTimeout: 20000
};
