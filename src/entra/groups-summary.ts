/**
 * The `npm start` summary section about groups: who is a standing member, who is eligible through PIM (until when,
 * under which activation rules) and what is assigned to the enterprise application. Pure: reads only the model.
 */
import { entraOf } from "../idp/providers";
import type { FederationModel } from "../model/model";
import { DEFAULT_APP_ROLE } from "./groups-keys";
import { canonicalActivationDuration, describeWindow, effectiveActivation, eligibilityWindow } from "./pim-settings";

/** Longest list of names printed on one line before "… and N more" (large groups stay readable). */
const MAX_LISTED = 8;

export function groupsSummary(model: FederationModel): string[] {
  const { groups, assignments } = model.spec;
  const entra = entraOf(model.spec);
  const names = Object.keys(groups).sort();
  const users = [...new Set(assignments.flatMap((a) => (a.user ? [a.user.toLowerCase()] : [])))].sort();
  const lines = [`Entra groups and users assigned to "${entra.application.displayName}" (${count(names.length, "group")}, ${count(users.length, "user")}):`];
  if (names.length === 0) lines.push("  no groups");
  const width = Math.min(32, Math.max(0, ...names.map((n) => n.length)));
  for (const name of names) {
    const g = groups[name];
    const role = `app role "${g.appRole}"`;
    if (g.objectId) {
      lines.push(`  ${name.padEnd(width)}  existing group ${g.objectId}, ${role}; members managed outside this file`);
      continue;
    }
    lines.push(`  ${name.padEnd(width)}  created, ${role}${g.owners?.length ? `, owners ${list(g.owners)}` : ""}`);
    lines.push(`    standing members   ${g.members?.length ? list(g.members) : "none"}`);
    const eligible = g.eligibleMembers ?? [];
    if (eligible.length === 0) continue;
    for (const e of eligible) lines.push(`    PIM eligible       ${e.principal} ${describeWindow(eligibilityWindow(e))}`);
    const a = effectiveActivation(g);
    const checks = [a.requireJustification && "justification", a.requireMfa && "MFA", a.requireTicket && "ticket"].filter(Boolean);
    lines.push(
      `    activation         at most ${canonicalActivationDuration(a.maximumDuration)}; ` +
        `${a.requireApproval ? `approval by ${list(a.approvers)}` : "no approval"}; ` +
        `${checks.length ? `requires ${checks.join(", ")}` : "no other checks"}${g.activation ? "" : " (defaults)"}`,
    );
  }
  if (users.length) lines.push(`  users assigned directly (app role "${DEFAULT_APP_ROLE}"): ${list(users)}`);
  return lines;
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}

function list(items: readonly string[]): string {
  if (items.length <= MAX_LISTED) return items.join(", ");
  return `${items.slice(0, MAX_LISTED).join(", ")} … and ${items.length - MAX_LISTED} more`;
}
