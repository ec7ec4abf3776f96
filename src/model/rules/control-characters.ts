/**
 * No name holds a line break or a tab (or any other control character: those the name-characters rule reports as
 * invisible): names end up in shell scripts (`federation shards`), terminal output and review comments, where a line
 * break starts a new command or line. Created groups get the SCIM error for these characters instead; this covers the
 * rest: existing groups' keys, account names, app roles and every reference in `assignments` and
 * `identityCenter.managementAccount`.
 */
import type { PathSegment } from "../diagnostics";
import { messages } from "../messages";
import { finding, type Finding, type Rule } from "./rule";

const BREAKS = /[\t\n\r]/;

export const controlCharacters: Rule = {
  name: "control-characters",
  check: ({ model }) => {
    const spec = model.spec;
    const out: Finding[] = [];
    const check = (value: string | undefined, path: readonly PathSegment[], atKey = false) => {
      if (value !== undefined && BREAKS.test(value)) out.push(finding(path, messages.controlCharacter(value), atKey));
    };
    for (const [name, g] of Object.entries(spec.groups)) {
      if (g.objectId) check(name, ["groups", name], true);
      check(g.appRole, ["groups", name, "appRole"]);
    }
    for (const name of Object.keys(spec.accounts)) check(name, ["accounts", name], true);
    spec.assignments.forEach((a, i) => {
      if (a.group !== undefined && !Object.hasOwn(spec.groups, a.group)) check(a.group, ["assignments", i, "group"]);
      // A reference to a name of the file: the name itself is reported, once.
      if (!Object.hasOwn(spec.permissionSets, a.permissionSet)) check(a.permissionSet, ["assignments", i, "permissionSet"]);
      for (const list of ["accounts", "excludeAccounts"] as const) {
        (a[list] ?? []).forEach((ref, j) => {
          if (!Object.hasOwn(spec.accounts, ref)) check(ref, ["assignments", i, list, j]);
        });
      }
    });
    const management = spec.identityCenter.managementAccount;
    if (management !== undefined && !Object.hasOwn(spec.accounts, management)) check(management, ["identityCenter", "managementAccount"]);
    return out;
  },
};
