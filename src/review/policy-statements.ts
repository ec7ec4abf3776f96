/**
 * Inline-policy statements in comparable form, and what changed between two documents in access terms: which
 * changes allow more (an Allow that grows, a Deny that shrinks) and which allow less.
 */
import { canonicalJson } from "../model/model";

export interface Statement {
  readonly sid?: string;
  readonly effect: string;
  readonly actions: readonly string[];
  readonly notActions: readonly string[];
  readonly resources: readonly string[];
  readonly notResources: readonly string[];
  /** Canonical JSON of the Condition block, when there is one. */
  readonly condition?: string;
  /** Canonical JSON of the whole statement, lists sorted: statements that mean the same are equal strings. */
  readonly canonical: string;
  /** The statement as written. */
  readonly raw: unknown;
}

/** A change that lets a statement allow more than before. */
export interface Loosening {
  readonly kind: "inline-allow-added" | "inline-deny-removed";
  readonly reason: string;
}

export interface StatementDiff {
  readonly added: readonly Statement[];
  readonly removed: readonly Statement[];
  /** Matched by Sid, with different content. */
  readonly changed: readonly { readonly before: Statement; readonly after: Statement }[];
  readonly loosenings: readonly Loosening[];
}

const list = (v: unknown): string[] => (v === undefined || v === null ? [] : (Array.isArray(v) ? v : [v]).map((x) => String(x)));

/** The statements of a policy document (a single statement object counts as a list of one). */
export function statementsOf(document: unknown): Statement[] {
  if (!document || typeof document !== "object") return [];
  const s = (document as Record<string, unknown>).Statement;
  const raw = Array.isArray(s) ? s : s !== undefined ? [s] : [];
  return raw
    .filter((x): x is Record<string, unknown> => !!x && typeof x === "object" && !Array.isArray(x))
    .map((x) => ({
      sid: typeof x.Sid === "string" && x.Sid !== "" ? x.Sid : undefined,
      effect: String(x.Effect ?? ""),
      actions: list(x.Action),
      notActions: list(x.NotAction),
      resources: list(x.Resource),
      notResources: list(x.NotResource),
      condition: x.Condition === undefined ? undefined : canonicalJson(x.Condition),
      canonical: canonicalJson(normalized(x)),
      raw: x,
    }));
}

/** Order inside Action/NotAction/Resource/NotResource lists does not matter to IAM, so it does not matter here. */
function normalized(x: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...x };
  for (const k of ["Action", "NotAction", "Resource", "NotResource"]) if (out[k] !== undefined) out[k] = [...new Set(list(out[k]))].sort();
  return out;
}

/** Short human name of a statement: its Sid, or its effect and first actions. */
export function describeStatement(s: Statement): string {
  if (s.sid) return `${s.effect} statement "${s.sid}"`;
  const acts = s.actions.length ? s.actions : s.notActions.map((a) => `not ${a}`);
  const shown = acts.slice(0, 3).join(", ") + (acts.length > 3 ? `, +${acts.length - 3} more` : "");
  return `${s.effect} statement (${shown})`;
}

const lower = (xs: readonly string[]) => new Set(xs.map((x) => x.toLowerCase()));
const minus = (a: readonly string[], b: readonly string[]) => {
  const bs = lower(b);
  return a.filter((x) => !bs.has(x.toLowerCase()));
};
const quoteAll = (xs: readonly string[]) => xs.map((x) => JSON.stringify(x)).join(", ");

/**
 * Compares two policy documents. Statements pair up by Sid first, then by identical content; what is left is added or
 * removed. Loosenings: an added Allow, an Allow that gains actions, resources or loses a condition; a removed Deny, a
 * Deny that loses actions or resources, gains a condition or becomes an Allow.
 */
export function diffStatements(before: unknown, after: unknown): StatementDiff {
  const b = statementsOf(before);
  const a = statementsOf(after);
  const changed: { before: Statement; after: Statement }[] = [];
  const usedB = new Set<Statement>();
  const usedA = new Set<Statement>();
  const bySid = new Map(b.filter((s) => s.sid).map((s) => [s.sid as string, s]));
  for (const s of a) {
    const match = s.sid ? bySid.get(s.sid) : undefined;
    if (!match || usedB.has(match)) continue;
    usedB.add(match);
    usedA.add(s);
    if (match.canonical !== s.canonical) changed.push({ before: match, after: s });
  }
  const restB = b.filter((s) => !usedB.has(s));
  for (const s of a.filter((x) => !usedA.has(x))) {
    const same = restB.find((x) => !usedB.has(x) && x.canonical === s.canonical);
    if (same) {
      usedB.add(same);
      usedA.add(s);
    }
  }
  const added = a.filter((s) => !usedA.has(s));
  const removed = b.filter((s) => !usedB.has(s));

  const loosenings: Loosening[] = [];
  for (const s of added) {
    if (s.effect === "Allow") loosenings.push({ kind: "inline-allow-added", reason: `adds ${describeStatement(s)}${actionsText(s)}` });
  }
  for (const s of removed) {
    if (s.effect === "Deny") loosenings.push({ kind: "inline-deny-removed", reason: `removes ${describeStatement(s)}${actionsText(s)}` });
  }
  for (const { before: x, after: y } of changed) loosenings.push(...changedLoosenings(x, y));
  return { added, removed, changed, loosenings };
}

function actionsText(s: Statement): string {
  if (s.actions.length) return ` (actions ${quoteAll(s.actions)})`;
  if (s.notActions.length) return ` (every action except ${quoteAll(s.notActions)})`;
  return "";
}

function changedLoosenings(x: Statement, y: Statement): Loosening[] {
  const name = describeStatement(y);
  if (x.effect === "Deny" && y.effect === "Allow") {
    return [{ kind: "inline-allow-added", reason: `turns ${describeStatement(x)} into an Allow${actionsText(y)}` }];
  }
  if (x.effect === "Allow" && y.effect === "Allow") {
    const reasons: string[] = [];
    const acts = minus(y.actions, x.actions);
    if (acts.length) reasons.push(`allows more actions: ${quoteAll(acts)}`);
    const notActs = minus(x.notActions, y.notActions);
    if (notActs.length) reasons.push(`no longer excludes ${quoteAll(notActs)}`);
    if (y.notActions.length && !x.notActions.length) reasons.push("now allows every action except those listed (NotAction)");
    const res = minus(y.resources, x.resources);
    if (res.length) reasons.push(`applies to more resources: ${quoteAll(res)}`);
    if (x.condition !== undefined && y.condition !== x.condition) reasons.push(y.condition === undefined ? "drops its Condition" : "changes its Condition");
    return reasons.length ? [{ kind: "inline-allow-added", reason: `${name} ${reasons.join("; ")}` }] : [];
  }
  if (x.effect === "Deny" && y.effect === "Deny") {
    const reasons: string[] = [];
    const acts = minus(x.actions, y.actions);
    if (acts.length) reasons.push(`no longer denies ${quoteAll(acts)}`);
    const res = minus(x.resources, y.resources);
    if (res.length) reasons.push(`no longer covers resources ${quoteAll(res)}`);
    if (y.notActions.length > 0 && minus(y.notActions, x.notActions).length) reasons.push(`now exempts ${quoteAll(minus(y.notActions, x.notActions))}`);
    if (y.condition !== undefined && y.condition !== x.condition) reasons.push(x.condition === undefined ? "now applies only under a Condition" : "changes its Condition");
    return reasons.length ? [{ kind: "inline-deny-removed", reason: `${name} ${reasons.join("; ")}` }] : [];
  }
  return [];
}
