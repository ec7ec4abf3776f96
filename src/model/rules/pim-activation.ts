/**
 * PIM for groups: the member-role policy's maximum activation is PT30M..PT23H30M in 30-minute steps or one day;
 * approval needs approvers; eligibility has at most one of duration/expirationDate/permanent, durations of whole days.
 */
import { messages } from "../messages";
import { durationMinutes } from "../patterns";
import { finding, type Finding, type Rule } from "./rule";

export const pimActivation: Rule = {
  name: "pim-activation",
  check: ({ model, now }) => {
    const out: Finding[] = [];
    for (const [name, group] of Object.entries(model.spec.groups)) {
      const a = group.activation;
      if (a) {
        const minutes = durationMinutes(a.maximumDuration);
        const ok = minutes !== undefined && ((minutes >= 30 && minutes <= 23 * 60 + 30 && minutes % 30 === 0) || minutes === 24 * 60);
        if (!ok) out.push(finding(["groups", name, "activation", "maximumDuration"], messages.pimDurationStep(a.maximumDuration)));
        if (a.requireApproval && a.approvers.length === 0) out.push(finding(["groups", name, "activation", "requireApproval"], messages.approversRequired()));
        if (!a.requireApproval && a.approvers.length > 0) out.push(finding(["groups", name, "activation", "approvers"], messages.approversWithoutApproval()));
        if (!group.eligibleMembers?.length && !group.objectId) out.push(finding(["groups", name, "activation"], messages.activationWithoutEligibility()));
      }
      (group.eligibleMembers ?? []).forEach((e, i) => {
        const path = ["groups", name, "eligibleMembers", i];
        const given = [e.duration, e.expirationDate, e.permanent ? true : undefined].filter((x) => x !== undefined);
        if (given.length > 1) out.push(finding(path, messages.eligibilityExclusive()));
        if (e.duration !== undefined) {
          const minutes = durationMinutes(e.duration);
          if (minutes === undefined || minutes < 24 * 60) out.push(finding([...path, "duration"], messages.eligibilityDuration(e.duration)));
        }
        if (e.expirationDate !== undefined) {
          const t = new Date(e.expirationDate).getTime();
          if (Number.isNaN(t)) out.push(finding([...path, "expirationDate"], messages.badFormat(e.expirationDate, "a valid date")));
          else if (t <= now.getTime()) out.push(finding([...path, "expirationDate"], messages.eligibilityExpiryPast(e.expirationDate)));
        }
      });
    }
    return out;
  },
};
