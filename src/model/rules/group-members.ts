/** Members are listed once, and a principal is either a standing member or an eligible (PIM) member, not both. */
import { messages } from "../messages";
import { finding, type Finding, type Rule } from "./rule";

export const groupMembers: Rule = {
  name: "group-members",
  check: ({ model }) => {
    const out: Finding[] = [];
    for (const [name, group] of Object.entries(model.spec.groups)) {
      const standing = new Set<string>();
      (group.members ?? []).forEach((m, i) => {
        const k = m.toLowerCase();
        if (standing.has(k)) out.push(finding(["groups", name, "members", i], messages.duplicateMember(m, "members")));
        standing.add(k);
      });
      const eligible = new Set<string>();
      (group.eligibleMembers ?? []).forEach((e, i) => {
        const k = e.principal.toLowerCase();
        const path = ["groups", name, "eligibleMembers", i, "principal"];
        if (eligible.has(k)) out.push(finding(path, messages.duplicateMember(e.principal, "eligibleMembers")));
        eligible.add(k);
        if (standing.has(k)) out.push(finding(path, messages.memberAndEligible(e.principal)));
      });
      (group.owners ?? []).forEach((o, i, all) => {
        if (all.findIndex((x) => x.toLowerCase() === o.toLowerCase()) !== i) {
          out.push(finding(["groups", name, "owners", i], messages.duplicateMember(o, "owners")));
        }
      });
    }
    return out;
  },
};
