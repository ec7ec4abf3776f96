/** Group display names are SCIM join keys: no SCIM-unsafe characters, no reserved names, at most 128 characters. */
import { messages } from "../messages";
import { RESERVED_GROUP_NAMES, SCIM_UNSAFE_CHARS } from "../patterns";
import { finding, type Finding, type Rule } from "./rule";

export const groupNames: Rule = {
  name: "group-names",
  check: ({ model }) => {
    const out: Finding[] = [];
    for (const name of Object.keys(model.spec.groups)) {
      const path = ["groups", name];
      const bad = SCIM_UNSAFE_CHARS.filter((c) => name.includes(c));
      if (bad.length) out.push(finding(path, messages.scimUnsafeChars(name, bad), true));
      if (RESERVED_GROUP_NAMES.some((r) => r.toLowerCase() === name.trim().toLowerCase())) {
        out.push(finding(path, messages.reservedGroupName(name), true));
      }
      if (name.length > 128) out.push(finding(path, messages.groupNameTooLong(name), true));
    }
    return out;
  },
};
