/**
 * PIM for groups as the file says it, with every default made explicit: what the member-role policy and each
 * eligibility schedule get. Pure (no cdktf): the constructs synthesize it and the summary prints it, so both always
 * agree.
 */
import { durationMinutes } from "../model/patterns";
import { type ActivationSpec, DEFAULT_ACTIVATION_RULES, type EligibleMemberSpec, type GroupSpec } from "../model/schema";

/**
 * How long an eligibility lasts when the file gives neither `duration`, `expirationDate` nor `permanent`: one year,
 * the longest expiring eligibility the default member-role policy accepts. Never permanent by accident.
 */
export const DEFAULT_ELIGIBILITY_DURATION = "P365D";

/** The activation rules used when a group with eligible members has no `activation:` block (the schema's defaults). */
export const DEFAULT_ACTIVATION: ActivationSpec = DEFAULT_ACTIVATION_RULES;

/** The activation rules that apply to a group: its own, or the defaults. */
export function effectiveActivation(group: GroupSpec): ActivationSpec {
  return group.activation ?? DEFAULT_ACTIVATION;
}

/**
 * The provider's spelling of a maximum activation: `PT30M` … `PT23H30M`, or `P1D` for a full day (the provider
 * validates against that literal list, so `PT90M` or `PT24H` must be rewritten). Input already passed the
 * `pim-activation` rule.
 */
export function canonicalActivationDuration(value: string): string {
  const minutes = durationMinutes(value);
  if (minutes === undefined) return value;
  if (minutes === 24 * 60) return "P1D";
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return `PT${h ? `${h}H` : ""}${m ? `${m}M` : ""}`;
}

/** One eligibility window, exactly one of the three fields set (what the schedule resource takes). */
export type EligibilityWindow =
  | { readonly kind: "duration"; readonly duration: string; readonly defaulted: boolean }
  | { readonly kind: "expirationDate"; readonly expirationDate: string }
  | { readonly kind: "permanent" };

export function eligibilityWindow(member: EligibleMemberSpec): EligibilityWindow {
  if (member.permanent) return { kind: "permanent" };
  if (member.expirationDate !== undefined) return { kind: "expirationDate", expirationDate: rfc3339(member.expirationDate) };
  if (member.duration !== undefined) return { kind: "duration", duration: member.duration, defaulted: false };
  return { kind: "duration", duration: DEFAULT_ELIGIBILITY_DURATION, defaulted: true };
}

/** Human wording of a window, for the summary. */
export function describeWindow(w: EligibilityWindow): string {
  switch (w.kind) {
    case "permanent":
      return "permanently";
    case "expirationDate":
      return `until ${w.expirationDate}`;
    case "duration":
      return `for ${w.duration} from deployment${w.defaulted ? " (default)" : ""}`;
  }
}

/** True when any eligible member of the group is permanent: the policy must then allow eligibility without expiry. */
export function allowsPermanentEligibility(group: GroupSpec): boolean {
  return (group.eligibleMembers ?? []).some((e) => e.permanent === true);
}

/** `2027-03-31` → `2027-03-31T00:00:00Z`; date-times are normalized to UTC without milliseconds (RFC 3339). */
export function rfc3339(value: string): string {
  const date = new Date(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value);
  if (Number.isNaN(date.getTime())) return value;
  return date.toISOString().replace(/\.\d+Z$/, "Z");
}
