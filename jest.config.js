/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts"],
  // Type checking runs once in `npm test` (tsc --noEmit); jest only transpiles.
  transform: { "^.+\\.ts$": ["ts-jest", { isolatedModules: true, diagnostics: false }] },
  testTimeout: 30000,
  // The test clock and the tools the suite needs, set up once (test/global-setup.ts).
  globalSetup: "<rootDir>/test/global-setup.ts",
};
