/** The access report as Markdown tables a reviewer can read in a pull request. */
import { showAccount } from "./access";
import type { EffectiveActivation } from "./activation";
import { listSome } from "./describe";
import { code, type Markdown, md, raw, table, text } from "./markdown";
import type { AccessReport, PrincipalReport, SetAccess } from "./report";

export interface ReportMarkdownOptions {
  /** Rows per table before it is cut (JSON is never cut). @default 200 */
  readonly maxRows?: number;
  /** Accounts listed per cell before `+N more`. @default 20 */
  readonly maxAccounts?: number;
}

export function renderReportMarkdown(r: AccessReport, options: ReportMarkdownOptions = {}): string {
  const t = { maxRows: options.maxRows ?? 200 };
  const maxAccounts = options.maxAccounts ?? 20;
  const s = r.summary;
  const out: string[] = [md`### Access report: ${code(r.config)}`.source, ""];
  out.push(
    [
      `${s.principals} principal${s.principals === 1 ? "" : "s"}`,
      `${s.grants} grant${s.grants === 1 ? "" : "s"} in ${s.accounts} account${s.accounts === 1 ? "" : "s"}`,
      `${s.organizationTargets} OU/root target${s.organizationTargets === 1 ? "" : "s"} (resolved at plan time)`,
      `★ ${s.privilegedGrants} privileged grant${s.privilegedGrants === 1 ? "" : "s"}`,
      ...(s.pending !== undefined ? [`${s.pending} pending`] : []),
    ].join(" · "),
    "",
  );

  // Entra (external id, then name) is the default and says nothing; another IdP says how principals are found.
  if (r.identitySource.matching !== "external-id-then-name") {
    out.push(md`Identity source: ${r.identitySource.title}; principals are matched ${r.identitySource.matchingText}.`.source, "");
  }
  if (!r.identitySource.groupsProvisioned) {
    out.push(`**${text(r.identitySource.title).source} provisions users only:** the groups below (⚠️) do not reach IAM Identity Center from the IdP; their grants stay pending until groups of these names exist there.`, "");
  }
  out.push("#### Access by principal", "");
  const rows: (string | Markdown)[][] = [];
  for (const p of r.principals) {
    const who = md`${p.kind} ${code(p.name)}${raw(`${p.pending ? " ⏳ pending" : ""}${p.provisionedByIdp === false ? " ⚠️ not provisioned by the IdP" : ""}`)}`;
    const members = membersCell(p);
    if (p.access.length === 0) rows.push([who, members, "—", "", "no grants"]);
    p.access.forEach((a, i) => rows.push([i === 0 ? who : "", i === 0 ? members : "", md`${code(a.permissionSet)}${raw(a.privileged ? " ★" : "")}`, a.sessionDuration, where(a, maxAccounts)]));
  }
  out.push(...table(["Principal", "Members", "Permission set", "Session", "Accounts / targets"], rows, t), "");

  out.push("#### Permission sets", "");
  out.push(
    ...table(
      ["Permission set", "Session", "Policies", "Boundary", "Held by", "Privileged"],
      r.permissionSets.map((p) => [
        code(p.name),
        p.sessionDuration,
        [...p.managedPolicies.map((a) => a.slice(a.lastIndexOf("/") + 1)), ...p.customerManagedPolicies, ...(p.inlinePolicy ? ["inline policy"] : [])].join(", ") || "—",
        p.permissionsBoundary ?? "—",
        `${p.principals} principal${p.principals === 1 ? "" : "s"}, ${p.accounts} account${p.accounts === 1 ? "" : "s"}${p.organizationalUnits ? `, ${p.organizationalUnits} OU/root` : ""}`,
        p.privileged.length ? md`\u2605 ${p.privileged.join(", ")}` : "",
      ]),
      t,
    ),
    "",
  );

  const pending = r.principals.filter((p) => p.pending);
  if (s.pending !== undefined) {
    out.push("#### Pending principals", "");
    out.push(
      pending.length
        ? `Not yet provisioned into IAM Identity Center (their grants follow on a later run): ${pending.map((p) => md`${p.kind} ${code(p.name)}`.source).join(", ")}`
        : "None: every principal is provisioned.",
    );
    if (r.unmatchedPending?.length) out.push("", `Listed as pending but not in this file: ${r.unmatchedPending.map((x) => code(x).source).join(", ")}`);
    out.push("");
  }
  out.push("★ privileged permission set (see `review:` in the federation file). ⏳ pending: not provisioned yet.");
  return `${out.join("\n")}\n`;
}

function membersCell(p: PrincipalReport): string {
  if (p.kind === "user") return "user";
  const m = p.members;
  if (!m) return "";
  if (m.existingObjectId) return `existing Entra group ${m.existingObjectId} (members managed elsewhere)`;
  const parts = [m.standing.length ? `standing: ${listSome(m.standing, 10)}` : "no standing members"];
  if (m.eligible.length) parts.push(`eligible (just in time): ${listSome(m.eligible.map((e) => `${e.principal} (${e.expiry})`), 10)}`);
  if (m.activation && m.eligible.length) parts.push(`activation: ${activationText(m.activation)}`);
  return parts.join("; ");
}

export function activationText(a: EffectiveActivation): string {
  const req = [
    a.requireApproval ? `approval${a.approvers.length ? ` by ${a.approvers.join(", ")}` : ""}` : "",
    a.requireJustification ? "justification" : "",
    a.requireMfa ? "MFA" : "",
    a.requireTicket ? "ticket" : "",
  ].filter(Boolean);
  return `max ${a.maximumDuration}${req.length ? `, requires ${req.join(", ")}` : ", no approval, MFA or justification"}`;
}

function where(a: SetAccess, max: number): string {
  const parts: string[] = [];
  if (a.accounts.length) parts.push(listSome(a.accounts.map(showAccount), max));
  for (const t of a.organizationalUnits) {
    const base = t.scope === "root" ? `whole organization (root ${t.targetId})` : `every ACTIVE account below ${t.targetId}`;
    parts.push(t.excludeAccounts.length ? `${base} except ${t.excludeAccounts.map(showAccount).join(", ")}` : base);
  }
  return parts.join("; ");
}
