/**
 * Every assignment names exactly one principal, at least one target, and only things that exist: a group under
 * `groups:`, a permission set under `permissionSets:`, accounts as 12-digit ids or names under `accounts:`.
 */
import { messages } from "../messages";
import { resolveAccountRef } from "../model";
import { nearest } from "../suggest";
import { isSuspicious } from "../unicode";
import { finding, type Finding, type Rule } from "./rule";

export const assignmentReferences: Rule = {
  name: "assignment-references",
  check: ({ model }) => {
    const spec = model.spec;
    const out: Finding[] = [];
    const accountNames = Object.keys(spec.accounts);
    spec.assignments.forEach((a, i) => {
      const path = ["assignments", i];
      const principals = [a.group, a.user].filter((p) => p !== undefined).length;
      if (principals !== 1) out.push(finding(path, messages.principalCount(principals)));
      // Own names only (`toString` is not a group), and a lookalike name gets the name-characters error instead.
      if (a.group !== undefined && !Object.hasOwn(spec.groups, a.group) && !isSuspicious(a.group)) {
        out.push(finding([...path, "group"], messages.unknownGroup(a.group, nearest(a.group, Object.keys(spec.groups)))));
      }
      if (!Object.hasOwn(spec.permissionSets, a.permissionSet) && !isSuspicious(a.permissionSet)) {
        out.push(
          finding([...path, "permissionSet"], messages.unknownPermissionSet(a.permissionSet, nearest(a.permissionSet, Object.keys(spec.permissionSets)))),
        );
      }
      if (!a.accounts?.length && !a.organizationalUnits?.length) out.push(finding(path, messages.noTargets()));
      for (const list of ["accounts", "excludeAccounts"] as const) {
        const seen = new Set<string>();
        (a[list] ?? []).forEach((ref, j) => {
          const id = resolveAccountRef(spec, ref);
          if (id === undefined) {
            if (!isSuspicious(ref)) out.push(finding([...path, list, j], messages.unknownAccount(ref, accountNames, nearest(ref, accountNames))));
          } else if (seen.has(id)) out.push(finding([...path, list, j], messages.duplicateTarget(ref)));
          else seen.add(id);
        });
      }
      (a.organizationalUnits ?? []).forEach((ou, j, all) => {
        if (all.indexOf(ou) !== j) out.push(finding([...path, "organizationalUnits", j], messages.duplicateTarget(ou)));
      });
      if (a.accounts?.length && !a.organizationalUnits?.length) {
        const excluded = new Set((a.excludeAccounts ?? []).map((r) => resolveAccountRef(spec, r)));
        const targets = a.accounts.map((r) => resolveAccountRef(spec, r)).filter((id) => id !== undefined);
        if (targets.length > 0 && targets.every((id) => excluded.has(id))) out.push(finding(path, messages.onlyExcluded()));
      }
    });
    return out;
  },
};
