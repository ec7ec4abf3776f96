/**
 * No group, permission set or account is named like a built-in of every JavaScript object (`constructor`,
 * `toString`, `valueOf`, …): code reading the model with `name in record` or `record[name]` would find such a name
 * even where it is not defined. Refusing the names keeps every lookup downstream (constructs, review) exact.
 */
import { messages } from "../messages";
import { finding, type Finding, type Rule } from "./rule";

const BUILT_IN = new Set(Object.getOwnPropertyNames(Object.prototype));

export const reservedNames: Rule = {
  name: "reserved-names",
  check: ({ model }) => {
    const out: Finding[] = [];
    for (const collection of ["groups", "permissionSets", "accounts"] as const) {
      for (const name of Object.keys(model.spec[collection])) {
        if (BUILT_IN.has(name)) out.push(finding([collection, name], messages.reservedName(name), true));
      }
    }
    return out;
  },
};
