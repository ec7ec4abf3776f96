#!/usr/bin/env node
// `federation` CLI: runs the TypeScript sources through tsx (no build step, no type check at run time).
require("tsx/cjs");
const { main } = require("../src/cli.ts");
main(process.argv.slice(2));
