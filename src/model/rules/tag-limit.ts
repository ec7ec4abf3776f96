/** At most 75 tags on a permission set. */
import { messages } from "../messages";
import { finding, type Finding, type Rule } from "./rule";

export const tagLimit: Rule = {
  name: "tag-limit",
  check: ({ model }) => {
    const out: Finding[] = [];
    for (const [name, ps] of Object.entries(model.spec.permissionSets)) {
      const count = Object.keys(ps.tags ?? {}).length;
      if (count > 75) out.push(finding(["permissionSets", name, "tags"], messages.tooManyTags(count)));
    }
    return out;
  },
};
