/** The access diff as Markdown for a pull-request comment: escalations first, then every change as tables. */
import { showAccount } from "./access";
import type { AccessDiff, Change, ChangeArea, DiffSide, EscalationKind, ImportsDiff } from "./diff-types";
import { printable } from "../printable";
import { code, details, type Markdown, md, raw, table } from "./markdown";

export interface DiffMarkdownOptions {
  /** Rows per table before it is cut (the JSON output is never cut). @default 100 */
  readonly maxRows?: number;
}

const KIND_TITLES: Record<EscalationKind, string> = {
  "privileged-grant": "privileged grant",
  "privileged-policy-added": "privileged policy added",
  "review-rules-relaxed": "review rules relaxed",
  "eligible-to-standing": "eligible → standing",
  "privileged-member-added": "member of a privileged group",
  "privileged-eligible-added": "eligible for a privileged group",
  "eligibility-extended": "longer eligibility",
  "privileged-set-added": "privileged permission set added",
  "privileged-group-replaced": "privileged group replaced",
  "import-retargeted": "import points at another object",
  "access-import-added": "import of existing access",
  "organization-grant": "OU / root grant",
  "exclusion-removed": "OU exclusion removed",
  "boundary-removed": "boundary removed",
  "boundary-changed": "boundary changed",
  "inline-allow-added": "inline Allow widened",
  "inline-deny-removed": "inline Deny narrowed",
  "pim-relaxed": "PIM activation relaxed",
  "longer-session": "longer session",
};

const AREA_TITLES: Record<ChangeArea, string> = {
  "permission-set": "Permission sets",
  group: "Groups",
  pim: "PIM (just-in-time access)",
  "organization-target": "OU / root targets",
  account: "Accounts",
  provisioning: "Provisioning",
  sso: "SSO",
  "identity-center": "IAM Identity Center",
  review: "Review rules",
  state: "Terraform state",
  protection: "Destroy protection",
};

const principal = (key: string) => {
  const i = key.indexOf(":");
  return md`${key.slice(0, i)} ${code(key.slice(i + 1))}`;
};
const set = (name: string, privileged: boolean) => md`${code(name)}${raw(privileged ? " ★" : "")}`;
const value = (v: unknown): string =>
  v === null || v === undefined ? "—" : (typeof v === "string" ? code(v) : code(JSON.stringify(v) ?? String(v))).source;

export function renderDiffMarkdown(diff: AccessDiff, options: DiffMarkdownOptions = {}): string {
  const t = { maxRows: options.maxRows };
  const s = diff.summary;
  // Escaped characters in tagged templates: esbuild keeps their text as written, and the bundle is ASCII (bin/launch.js).
  const out: string[] = [md`### Access review: ${code(diff.base)} \u2192 ${code(diff.head)}`.source, ""];
  const n = (count: number, one: string, many = `${one}s`) => `${count} ${count === 1 ? one : many}`;
  const counts = [
    s.escalations ? `**⚠️ ${n(s.escalations, "escalation")}**` : "no escalations",
    `${n(s.grantsAdded, "grant")} added`,
    `${s.grantsRemoved} removed`,
    // Every other kind of change that happened, counted.
    ...(
      [
        [s.organizationTargetsAdded, s.organizationTargetsRemoved, "OU/root target"],
        [s.permissionSetsAdded, s.permissionSetsRemoved, "permission set"],
        [s.groupsAdded, s.groupsRemoved, "group"],
        [s.membersAdded, s.membersRemoved, "member"],
        [s.eligibleMembersAdded, s.eligibleMembersRemoved, "eligible member"],
        [s.accountsAdded, s.accountsRemoved, "account"],
      ] as const
    )
      .filter(([a, r]) => a + r > 0)
      .map(([a, r, what]) => `${what}s +${a} −${r}`),
    ...(diff.imports ? [`import blocks +${s.importsAdded} −${s.importsRemoved} ~${s.importsRetargeted}`] : []),
    `${n(s.changes, "other change")}`,
  ];
  if (s.warnings) counts.push(`**${s.warnings} warning${s.warnings === 1 ? "" : "s"}**`);
  if (diff.lockout?.length) counts.unshift("**⛔ lockout**");
  out.push(counts.join(" · "), "");
  if (isEmpty(diff)) {
    out.push("No access changes.");
    return `${out.join("\n")}\n`;
  }

  if (diff.lockout?.length) {
    out.push("#### ⛔ Lockout — this change leaves AWS without administrators", "");
    for (const l of diff.lockout) out.push(md`- ${l.message} ${code(`[${l.id}]`)}`.source);
    out.push("", "`federation diff` and `federation validate --base` refuse this change (exit 4) unless `--allow-lockout` is given.", "");
  }
  if (diff.escalations.length) {
    out.push("#### ⚠️ Escalations — review these first", "");
    out.push(
      ...table(
        ["#", "Kind", "Subject", "Why"],
        diff.escalations.map((e, i) => [String(i + 1), KIND_TITLES[e.kind], code(e.subject), e.reason]),
        t,
      ),
      "",
    );
  }
  if (diff.warnings.length) {
    out.push("#### Warnings", "");
    for (const w of diff.warnings) out.push(md`- ${w.message} ${code(`[${w.id}]`)}`.source);
    out.push("");
  }

  grantSection(out, "Grants added", diff.added, t);
  grantSection(out, "Grants removed", diff.removed, t);
  targetSection(out, "OU / root targets added (resolved at plan time)", diff.added, t);
  targetSection(out, "OU / root targets removed", diff.removed, t);

  const named = (title: string, added: readonly string[], removed: readonly string[]) => {
    if (!added.length && !removed.length) return;
    out.push(`#### ${title}`, "");
    if (added.length) out.push(`- added: ${added.map((x) => code(x).source).join(", ")}`);
    if (removed.length) out.push(`- removed: ${removed.map((x) => code(x).source).join(", ")}`);
    out.push("");
  };
  const created = diff.changed.filter((c) => c.area === "permission-set" && c.field === "created");
  if (created.length) {
    const privileged = new Set(diff.escalations.filter((e) => e.kind === "privileged-set-added").map((e) => e.subject));
    out.push("#### Permission sets added", "");
    out.push(
      ...table(
        ["Permission set", "Session", "Policies", "Inline policy", "Boundary"],
        created.map((c) => {
          const a = c.after as { sessionDuration: string; managedPolicies: string[]; customerManagedPolicies: string[]; inlinePolicy: string | null; permissionsBoundary: string | null };
          return [
            set(c.subject.slice(c.subject.indexOf(":") + 1), privileged.has(c.subject)),
            a.sessionDuration,
            [...a.managedPolicies.map((p) => p.slice(p.lastIndexOf("/") + 1)), ...a.customerManagedPolicies].join(", ") || "—",
            a.inlinePolicy ?? "—",
            a.permissionsBoundary ?? "—",
          ];
        }),
        t,
      ),
      "",
    );
  }
  named("Permission sets removed", [], diff.removed.permissionSets);
  named("Groups added or removed", diff.added.groups, diff.removed.groups);
  named(
    "Accounts (inventory) added or removed",
    diff.added.accounts.map((a) => `${a.name} (${a.id})`),
    diff.removed.accounts.map((a) => `${a.name} (${a.id})`),
  );

  const memberRows = [
    ...diff.added.members.map((m) => ["+", code(m.group), code(m.principal), "standing"]),
    ...diff.added.eligibleMembers.map((m) => ["+", code(m.group), code(m.principal), `eligible (${m.expiry})`]),
    ...diff.removed.members.map((m) => ["−", code(m.group), code(m.principal), "standing"]),
    ...diff.removed.eligibleMembers.map((m) => ["−", code(m.group), code(m.principal), `eligible (${m.expiry})`]),
  ];
  if (memberRows.length) out.push("#### Group members", "", ...table(["", "Group", "Member", "Membership"], memberRows, t), "");

  if (diff.imports) importSection(out, diff.imports, t);

  const byArea = new Map<ChangeArea, Change[]>();
  for (const c of diff.changed) if (c.field !== "created") byArea.set(c.area, [...(byArea.get(c.area) ?? []), c]);
  for (const area of Object.keys(AREA_TITLES) as ChangeArea[]) {
    const list = byArea.get(area);
    if (!list?.length) continue;
    out.push(`#### ${AREA_TITLES[area]}: changes`, "");
    out.push(...table(["Subject", "Field", "Before", "After"], list.map(changeRow), t), "");
    const notes = list.filter((c) => c.note);
    if (notes.length) out.push(...notes.map((c) => md`- **${c.subject}** (${c.field}): ${c.note as string}`.source), "");
    for (const c of list.filter(hasObjects)) {
      out.push(
        ...details(`${c.subject} ${c.field}`, [
          "```diff",
          ...(c.removed ?? []).map((x) => fenced(`- ${JSON.stringify(x)}`)),
          ...(c.added ?? []).map((x) => fenced(`+ ${JSON.stringify(x)}`)),
          "```",
        ]),
        "",
      );
    }
  }
  out.push("★ privileged permission set. Keys and the complete list: `federation diff --format json`.");
  return `${out.join("\n")}\n`;
}

function grantSection(out: string[], title: string, side: DiffSide, t: { maxRows?: number }): void {
  if (!side.grants.length) return;
  out.push(`#### ${title} (${side.grants.length})`, "");
  out.push(
    ...table(
      ["Principal", "Permission set", "Account"],
      side.grants.map((g) => [principal(g.principal), set(g.permissionSet, g.privileged), showAccount(g.account)]),
      t,
    ),
    "",
  );
}

function targetSection(out: string[], title: string, side: DiffSide, t: { maxRows?: number }): void {
  if (!side.organizationTargets.length) return;
  out.push(`#### ${title}`, "");
  out.push(
    ...table(
      ["Principal", "Permission set", "Target", "Excludes"],
      side.organizationTargets.map((x) => [
        principal(x.principal),
        set(x.permissionSet, x.privileged),
        x.targetId.startsWith("r-") ? md`${code(x.targetId)} (whole organization)` : code(x.targetId),
        x.excludeAccounts.length ? x.excludeAccounts.map(showAccount).join(", ") : "—",
      ]),
      t,
    ),
    "",
  );
}

/** The import file's changes: `imports:` itself, then every block added (+), removed (−) or pointed elsewhere (~). */
function importSection(out: string[], imports: ImportsDiff, t: { maxRows?: number }): void {
  out.push("#### Import blocks (the import file)", "");
  if (imports.file) {
    const path = (p: string | null) => (p === null ? md`none` : code(p));
    out.push(md`- ${code("imports:")} ${path(imports.file.before)} \u2192 ${path(imports.file.after)}`.source, "");
  }
  const rows = [
    ...imports.added.map((x) => ["+", code(x.stack), code(x.to), code(x.id)]),
    ...imports.removed.map((x) => ["−", code(x.stack), code(x.to), code(x.id)]),
    ...imports.retargeted.map((x) => ["~", code(x.stack), code(x.to), md`${code(x.before)} \u2192 ${code(x.after)}`]),
  ];
  if (rows.length) out.push(...table(["", "Stack", "Address", "Import id"], rows, t), "");
}

const hasObjects = (c: Change) => [...(c.added ?? []), ...(c.removed ?? [])].some((x) => x !== null && typeof x === "object");

function changeRow(c: Change): (string | Markdown)[] {
  if (c.added || c.removed) {
    if (hasObjects(c)) {
      return [code(c.subject), c.field, `${c.removed?.length ?? 0} removed`, `${c.added?.length ?? 0} added (details below)`];
    }
    const list = (xs: readonly unknown[] | undefined, sign: string) => raw(xs?.length ? xs.map((x) => `${sign} ${value(x)}`).join("<br>") : "—");
    return [code(c.subject), c.field, list(c.removed, "−"), list(c.added, "+")];
  }
  return [code(c.subject), c.field, raw(value(c.before)), raw(value(c.after))];
}

/** A line inside a fenced code block: printable, and never a line that closes the fence. */
function fenced(line: string): string {
  return printable(line).replace(/^(\s*)(`{3,}|~{3,})/, "$1\\$2");
}

function isEmpty(d: AccessDiff): boolean {
  const side = (s: DiffSide) => Object.values(s).every((v) => (v as unknown[]).length === 0);
  return !d.imports && d.escalations.length === 0 && d.warnings.length === 0 && d.changed.length === 0 && side(d.added) && side(d.removed);
}
