/** A plan summary as Markdown: counts, replacements and deletions first, then each category as a table. */
import { code, type Markdown, md, raw, table } from "./markdown";
import type { PlanAction, PlannedChange, PlanSummary } from "./plan-summary";

const SIGN: Record<PlanAction, string> = {
  create: "+ create",
  update: "~ update",
  replace: "± replace",
  delete: "− delete",
  forget: "⊘ forget",
  read: "read",
  "no-op": "no-op",
  unknown: "? unknown",
};

export function renderPlanSummaryMarkdown(s: PlanSummary, options: { readonly maxRows?: number } = {}): string {
  const t = { maxRows: options.maxRows };
  const out: string[] = [md`### Terraform plan${raw(s.title ? `: ${code(s.title).source}` : "")}`.source, ""];
  const n = s.totals;
  // Like Terraform's own "Plan: N to import, …": the import count only when there are imports.
  const counts = `${s.imports.length ? `${s.imports.length} to import, ` : ""}${n.create} to add, ${n.update} to change, ${n.replace} to replace, ${n.delete} to destroy`;
  const flags = [n.replace ? `⚠️ ${n.replace} replacement${n.replace === 1 ? "" : "s"}` : "", n.delete ? `⚠️ ${n.delete} deletion${n.delete === 1 ? "" : "s"}` : ""]
    .filter(Boolean)
    .join(", ");
  out.push(`**${counts}**${flags ? ` · ${flags}` : ""}${n.unknown ? ` · ${n.unknown} with unrecognized actions` : ""}`, "");
  if (s.errored) out.push("> **The plan stopped on an error**: what follows is incomplete. See the job log.", "");
  if (s.categories.length === 0 && !s.errored) out.push("No changes. The infrastructure matches the configuration.", "");

  if (s.flagged.length) {
    out.push("#### ⚠️ Replacements and deletions", "");
    out.push(
      ...table(
        ["Action", "Resource", "What it means"],
        s.flagged.map((c) => [SIGN[c.action], code(c.address), meaning(c)]),
        t,
      ),
      "",
    );
  }

  for (const c of s.categories) {
    out.push(`#### ${c.title} (${c.changes.length})`, "");
    if (c.category === "grants") {
      out.push(
        ...table(
          ["Action", "Principal", "Permission set", "Account"],
          c.changes.map((x) =>
            x.grant
              ? [actionText(x), code(x.grant.principal), code(x.grant.permissionSet), code(x.grant.accountId)]
              : [actionText(x), code(x.address), "", ""],
          ),
          t,
        ),
        "",
      );
    } else {
      out.push(...table(["Action", "Resource", "Changes"], c.changes.map((x) => [actionText(x), code(x.address), attributesText(x)]), t), "");
    }
  }

  if (s.outputs.length) out.push(`Outputs changing: ${s.outputs.map((o) => md`${code(o.name)} (${o.action})`.source).join(", ")}`, "");
  if (s.drift) out.push(`${s.drift} resource(s) changed outside Terraform since the last apply (\`terraform plan -refresh-only\` shows them).`, "");
  if (s.failedChecks.length) {
    out.push("#### Failed checks", "");
    for (const f of s.failedChecks) out.push(md`- ${code(f.address)} (${f.status})${raw(f.problems.length ? `: ${md`${f.problems.join("; ")}`.source}` : "")}`.source);
    out.push("");
  }
  for (const note of s.notes) out.push(md`> Note: ${note}`.source);
  if (s.notes.length) out.push("");
  return `${out.join("\n").trimEnd()}\n`;
}

/** The action column: an import first (`⇐ import`), then what else the plan does to it (nothing for a no-op). */
function actionText(c: PlannedChange): string {
  if (!c.importing) return SIGN[c.action];
  return c.action === "no-op" ? IMPORT_SIGN : `${IMPORT_SIGN}, ${SIGN[c.action]}`;
}

const IMPORT_SIGN = "⇐ import";

function meaning(c: PlannedChange): string {
  const parts: string[] = [];
  if (c.grant) parts.push(`${c.grant.principal} / ${c.grant.permissionSet} / ${c.grant.accountId}`);
  if (c.consequence) parts.push(c.consequence);
  if (c.reason) parts.push(`reason: ${c.reason}`);
  if (c.replacePaths?.length) parts.push(`forced by: ${c.replacePaths.join(", ")}`);
  if (c.deposed) parts.push(`deposed object ${c.deposed}`);
  return parts.join("; ") || "—";
}

/** The changes column; an import names the id it imports from. */
function attributesText(c: PlannedChange): Markdown {
  const text = c.action === "no-op" ? "" : changesText(c);
  if (!c.importing) return md`${text}`;
  const from = md`imported from ${code(c.importing.id ?? "?")}`;
  return text ? md`${from}; ${text}` : from;
}

function changesText(c: PlannedChange): string {
  if (c.action === "create" || c.action === "delete") return c.consequence ?? "";
  const attrs = (c.attributes ?? []).map((a) => (a.before !== undefined ? `${a.attribute}: ${a.before} → ${a.after}` : a.attribute));
  const text = attrs.length ? attrs.join(", ") : "—";
  return c.action === "replace" ? `${text}${c.replacePaths?.length ? ` (forced by ${c.replacePaths.join(", ")})` : ""}` : text;
}
