/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts"],
  // Type checking runs once in `npm test` (tsc --noEmit); jest only transpiles: ts-jest compiles each file alone
  // because tsconfig.json sets `isolatedModules` (ts-jest 29.4 reads it there; its own option of that name is deprecated).
  transform: { "^.+\\.ts$": ["ts-jest", { diagnostics: false }] },
  testTimeout: 30000,
  // The test clock and the tools the suite needs, set up once (test/global-setup.ts).
  globalSetup: "<rootDir>/test/global-setup.ts",
};
