/** @type {import('jest').Config} */
module.exports = {
  // jest's node environment, failing a test file that leaves a child process, server or socket running (which would
  // keep its worker from exiting: test/environment.ts).
  testEnvironment: "<rootDir>/test/environment.ts",
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts"],
  // Type checking runs once in `npm test` (tsc --noEmit); jest only transpiles: ts-jest compiles each file alone
  // because tsconfig.json sets `isolatedModules` (ts-jest 29.4 reads it there; its own option of that name is deprecated).
  transform: { "^.+\\.ts$": ["ts-jest", { diagnostics: false }] },
  testTimeout: 30000,
  // The test clock and the tools the suite needs, set up once (test/global-setup.ts).
  globalSetup: "<rootDir>/test/global-setup.ts",
};
