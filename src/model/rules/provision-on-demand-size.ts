/**
 * Provision on demand pushes the group object only (the provider's `subject` cannot carry members): warn for groups
 * large enough that waiting for the cycles matters (more than 5 members, Graph's limit for members sent on demand).
 */
import { messages } from "../messages";
import { finding, type Finding, type Rule } from "./rule";

export const provisionOnDemandSize: Rule = {
  name: "provision-on-demand-size",
  check: ({ model }) => {
    const p = model.spec.entra?.provisioning;
    if (!p?.enabled || !p.provisionOnDemand) return [];
    const out: Finding[] = [];
    for (const [name, group] of Object.entries(model.spec.groups)) {
      const members = group.members?.length ?? 0;
      if (members > 5) out.push(finding(["groups", name, "members"], messages.largeGroupOnDemand(name, members)));
    }
    return out;
  },
};
