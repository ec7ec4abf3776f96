/**
 * PIM activation rules as they take effect: the group's `activation:` with schema defaults, or the PIM construct's
 * defaults when the file gives none. Compared field by field to tell a relaxation (approval, MFA, justification or ticket no
 * longer required, a longer maximum) from a tightening.
 */
import { DEFAULT_ACTIVATION } from "../entra/pim-settings";
import { durationMinutes } from "../model/patterns";
import type { ActivationSpec } from "../model/schema";

export type EffectiveActivation = ActivationSpec;

/** The rules a group with eligible members gets without `activation:` (the PIM construct's own defaults: pure, shared). */
export { DEFAULT_ACTIVATION };

export interface ActivationRelaxation {
  readonly field: keyof EffectiveActivation;
  readonly reason: string;
}

const REQUIREMENTS: readonly [keyof EffectiveActivation, string][] = [
  ["requireApproval", "approval"],
  ["requireMfa", "MFA"],
  ["requireJustification", "a justification"],
  ["requireTicket", "a ticket"],
];

export function activationRelaxations(before: EffectiveActivation, after: EffectiveActivation): ActivationRelaxation[] {
  const out: ActivationRelaxation[] = [];
  for (const [field, what] of REQUIREMENTS) {
    if (before[field] === true && after[field] === false) out.push({ field, reason: `activation no longer requires ${what}` });
  }
  const b = durationMinutes(before.maximumDuration);
  const a = durationMinutes(after.maximumDuration);
  if (b !== undefined && a !== undefined && a > b) {
    out.push({ field: "maximumDuration", reason: `maximum activation grows from ${before.maximumDuration} to ${after.maximumDuration}` });
  }
  return out;
}
