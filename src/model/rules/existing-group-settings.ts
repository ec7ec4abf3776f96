/** A group with `objectId` is managed elsewhere: settings that would change it are refused, not silently ignored. */
import { messages } from "../messages";
import { finding, type Finding, type Rule } from "./rule";

const MANAGED_KEYS = ["description", "owners", "members", "eligibleMembers", "activation"] as const;

export const existingGroupSettings: Rule = {
  name: "existing-group-settings",
  check: ({ model }) => {
    const out: Finding[] = [];
    for (const [name, group] of Object.entries(model.spec.groups)) {
      if (!group.objectId) continue;
      const set = MANAGED_KEYS.filter((k) => group[k] !== undefined);
      if (set.length) out.push(finding(["groups", name, set[0]], messages.existingGroupWithSettings(set)));
    }
    return out;
  },
};
