#!/usr/bin/env node
// `federation` CLI: runs the TypeScript sources through tsx (no build step, no type check at run time).
require("tsx/cjs");
require("../src/cli.ts");
