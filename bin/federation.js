#!/usr/bin/env node
// `federation` CLI: the compiled build (dist/), or the TypeScript sources when the build is missing or stale (bin/launch.js).
require("./launch").load("cli").main(process.argv.slice(2));
