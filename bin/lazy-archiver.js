/**
 * What the bundles (bin/launch.js build) get in place of `archiver`. cdktf requires archiver when it loads, for the
 * zip files of `TerraformAsset`, which this app never makes; loading archiver and the ~40 modules below it was about
 * a tenth of `npm start` on the default file (`npm run bench`). Here it is loaded on first use instead, from cdktf's
 * own dependencies, so an asset still works. cdktf calls it only as `archiver(format, options)`
 * (cdktf 0.21.0 lib/private/fs.js).
 */
"use strict";
const { createRequire } = require("node:module");

module.exports = (...args) => createRequire(createRequire(__filename).resolve("cdktf"))("archiver")(...args);
