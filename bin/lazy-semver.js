/**
 * What the bundles (bin/launch.js build) get in place of `semver`. Only cdktf requires it, when it loads
 * (cdktf 0.21.0 lib/validations/validate-binary-version.js), for `semver.satisfies` in its Terraform-version
 * validation, which cdktf adds only for what this app does not use: resource moves (`moveTo`), `importFrom`,
 * `ImportableResource`, cdktf's `TerraformDataResource` and the `cloud` backend. Building semver's range expressions
 * at load is about a millisecond of every run (`npm start`). Here cdktf's own semver is loaded on first use instead:
 * any property read goes to it, so the validation still works wherever it is added.
 */
"use strict";
const { createRequire } = require("node:module");

let semver;
const load = () => (semver ??= createRequire(createRequire(__filename).resolve("cdktf"))("semver"));

module.exports = new Proxy(
  {},
  {
    get: (_, key) => load()[key],
    has: (_, key) => key in load(),
    ownKeys: () => Reflect.ownKeys(load()),
    getOwnPropertyDescriptor: (_, key) => {
      const d = Object.getOwnPropertyDescriptor(load(), key);
      return d && { ...d, configurable: true };
    },
  },
);
