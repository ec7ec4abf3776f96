#!/usr/bin/env node
// The cdktf app (cdktf.json `app`, what `cdktf synth|diff|deploy` run): main.ts from the compiled build, or from the
// TypeScript sources when the build is missing or stale (bin/launch.js).
require("./launch").load("main");
