/**
 * Names of groups and accounts, and references in assignments that resolve to nothing, have no invisible or control
 * characters and do not only look like a name (mixed scripts, forms Unicode normalization changes): a reviewer must
 * be able to tell two names apart by reading them. A reference that resolves is checked at the name it resolves to.
 */
import { messages } from "../messages";
import { resolveAccountRef } from "../model";
import { invisibleCharacters, lookalike } from "../unicode";
import { finding, type Finding, type Rule } from "./rule";

export const nameCharacters: Rule = {
  name: "name-characters",
  check: ({ model }) => {
    const spec = model.spec;
    const out: Finding[] = [];
    const check = (value: string, path: readonly (string | number)[], atKey: boolean) => {
      const invisible = invisibleCharacters(value);
      if (invisible.length) {
        out.push(finding(path, messages.invisibleCharacters(value, invisible), atKey));
        return;
      }
      const why = lookalike(value);
      if (why) out.push(finding(path, messages.lookalikeName(value, why), atKey));
    };
    for (const name of Object.keys(spec.groups)) check(name, ["groups", name], true);
    for (const name of Object.keys(spec.accounts)) check(name, ["accounts", name], true);
    spec.assignments.forEach((a, i) => {
      if (a.group !== undefined && !Object.hasOwn(spec.groups, a.group)) check(a.group, ["assignments", i, "group"], false);
      if (!Object.hasOwn(spec.permissionSets, a.permissionSet)) check(a.permissionSet, ["assignments", i, "permissionSet"], false);
      for (const list of ["accounts", "excludeAccounts"] as const) {
        (a[list] ?? []).forEach((ref, j) => {
          if (resolveAccountRef(spec, ref) === undefined) check(ref, ["assignments", i, list, j], false);
        });
      }
    });
    return out;
  },
};
