/** Permission-set session duration is an ISO-8601 duration between PT1H and PT12H. */
import { messages } from "../messages";
import { durationMinutes } from "../patterns";
import { finding, type Finding, type Rule } from "./rule";

export const sessionDuration: Rule = {
  name: "session-duration",
  check: ({ model }) => {
    const out: Finding[] = [];
    for (const [name, ps] of Object.entries(model.spec.permissionSets)) {
      const minutes = durationMinutes(ps.sessionDuration);
      if (minutes === undefined || minutes < 60 || minutes > 12 * 60) {
        out.push(finding(["permissionSets", name, "sessionDuration"], messages.sessionDuration(ps.sessionDuration)));
      }
    }
    return out;
  },
};
