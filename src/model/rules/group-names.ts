/**
 * Group names become Terraform keys for every group; for groups we create they are also the Entra display name,
 * which is the SCIM join key in IAM Identity Center. So: no Terraform template sequences (any group); for created
 * groups no SCIM-unsafe characters, no reserved names, at most 128 characters, and no two names that differ only in
 * letter case (Entra compares display names without case). An existing group's key is only a label.
 */
import { messages } from "../messages";
import { RESERVED_GROUP_NAMES, SCIM_UNSAFE_CHARS } from "../patterns";
import { finding, type Finding, type Rule } from "./rule";

export const groupNames: Rule = {
  name: "group-names",
  check: ({ model }) => {
    const out: Finding[] = [];
    const byFolded = new Map<string, string>();
    for (const [name, group] of Object.entries(model.spec.groups)) {
      const path = ["groups", name];
      if (name.includes("${") || name.includes("%{")) out.push(finding(path, messages.groupNameTemplate(name), true));
      if (group.objectId) continue;
      const bad = SCIM_UNSAFE_CHARS.filter((c) => name.includes(c));
      if (bad.length) out.push(finding(path, messages.scimUnsafeChars(name, bad), true));
      if (RESERVED_GROUP_NAMES.some((r) => r.toLowerCase() === name.trim().toLowerCase())) {
        out.push(finding(path, messages.reservedGroupName(name), true));
      }
      if (name.length > 128) out.push(finding(path, messages.groupNameTooLong(name), true));
      const folded = name.toLowerCase();
      const other = byFolded.get(folded);
      if (other !== undefined) out.push(finding(path, messages.groupNameCaseClash(name, other), true));
      else byFolded.set(folded, name);
    }
    return out;
  },
};
