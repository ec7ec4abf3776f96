/**
 * An automatic assignment-stack count above one is a warning: when the file grows past the next 2,000 grants the
 * count changes on its own, and grants whose home stack changes would be destroyed in one state and created in another
 * (access gone in between) unless their state is moved first. Pinning the count makes every change deliberate.
 */
import { messages } from "../messages";
import { assignmentShardCount, GRANTS_PER_SHARD } from "../shard-count";
import { finding, type Rule } from "./rule";

export const assignmentShards: Rule = {
  name: "assignment-shards",
  check: ({ model }) => {
    const { count, automatic, staticGrants } = assignmentShardCount(model);
    if (!automatic || count <= 1) return [];
    return [finding(["identityCenter", "assignmentShards"], messages.assignmentShardsAutomatic(count, staticGrants, GRANTS_PER_SHARD), true)];
  },
};
