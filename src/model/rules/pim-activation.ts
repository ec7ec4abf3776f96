/**
 * PIM for groups: the member-role policy's maximum activation is PT30M..PT23H30M in 30-minute steps or one day;
 * approval needs approvers (listed once; an eligible member who is the only approver could never be approved);
 * eligibility has at most one of duration/expirationDate/permanent, lasts at least a day and, unless permanent, at
 * most 365 days (the member policy's maximum for expiring eligibility).
 */
import { messages } from "../messages";
import { durationMinutes } from "../patterns";
import { finding, type Finding, type Rule } from "./rule";

const DAY_MINUTES = 24 * 60;
const MAX_ELIGIBILITY_DAYS = 365;

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
        a.approvers.forEach((p, i) => {
          if (a.approvers.findIndex((x) => x.toLowerCase() === p.toLowerCase()) !== i) {
            out.push(finding(["groups", name, "activation", "approvers", i], messages.duplicateMember(p, "approvers")));
          }
        });
        const approvers = new Set(a.approvers.map((p) => p.toLowerCase()));
        if (a.requireApproval && approvers.size === 1) {
          (group.eligibleMembers ?? []).forEach((e, i) => {
            if (approvers.has(e.principal.toLowerCase())) {
              out.push(finding(["groups", name, "eligibleMembers", i, "principal"], messages.selfApproval(e.principal)));
            }
          });
        }
      }
      (group.eligibleMembers ?? []).forEach((e, i) => {
        const path = ["groups", name, "eligibleMembers", i];
        const given = [e.duration, e.expirationDate, e.permanent ? true : undefined].filter((x) => x !== undefined);
        if (given.length > 1) out.push(finding(path, messages.eligibilityExclusive()));
        if (e.duration !== undefined) {
          const minutes = durationMinutes(e.duration);
          if (minutes === undefined || minutes < DAY_MINUTES) out.push(finding([...path, "duration"], messages.eligibilityDuration(e.duration)));
          else if (minutes > MAX_ELIGIBILITY_DAYS * DAY_MINUTES) {
            out.push(finding([...path, "duration"], messages.eligibilityTooLong(e.duration, Math.ceil(minutes / DAY_MINUTES))));
          }
        }
        if (e.expirationDate !== undefined) {
          const t = new Date(e.expirationDate).getTime();
          if (Number.isNaN(t)) out.push(finding([...path, "expirationDate"], messages.badFormat(e.expirationDate, "a valid date")));
          else if (t <= now.getTime()) out.push(finding([...path, "expirationDate"], messages.eligibilityExpiryPast(e.expirationDate)));
          else if (t - now.getTime() > MAX_ELIGIBILITY_DAYS * DAY_MINUTES * 60_000) {
            out.push(finding([...path, "expirationDate"], messages.eligibilityTooLong(e.expirationDate, Math.ceil((t - now.getTime()) / (DAY_MINUTES * 60_000)))));
          }
        }
      });
    }
    return out;
  },
};
