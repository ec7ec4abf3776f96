/** Permission-set descriptions are printable Latin-1 (IAM Identity Center rejects tabs, newlines, emoji). */
import { messages } from "../messages";
import { finding, type Finding, type Rule } from "./rule";

const PRINTABLE_LATIN1 = /^[\u0020-\u007E\u00A1-\u00FF]*$/;

export const permissionSetDescription: Rule = {
  name: "permission-set-description",
  check: ({ model }) => {
    const out: Finding[] = [];
    for (const [name, ps] of Object.entries(model.spec.permissionSets)) {
      if (ps.description !== undefined && !PRINTABLE_LATIN1.test(ps.description)) {
        out.push(finding(["permissionSets", name, "description"], messages.descriptionCharset(ps.description)));
      }
    }
    return out;
  },
};
