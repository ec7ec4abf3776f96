/**
 * Warnings about groups that reach the application but no permission set: a PIM-eligible group without any
 * assignment is almost always a mistake; a plain one is provisioned for nothing.
 */
import { messages } from "../messages";
import { finding, type Finding, type Rule } from "./rule";

export const groupUsage: Rule = {
  name: "group-usage",
  check: ({ model }) => {
    const used = new Set(model.spec.assignments.map((a) => a.group).filter((g) => g !== undefined));
    const out: Finding[] = [];
    for (const [name, group] of Object.entries(model.spec.groups)) {
      if (used.has(name)) continue;
      out.push(finding(["groups", name], group.eligibleMembers?.length ? messages.eligibleGroupUnassigned(name) : messages.groupUnused(name), true));
    }
    return out;
  },
};
