/**
 * User principal names (every member, owner, approver and assignment user that is not an object id) use only what
 * Entra allows before the @ — ASCII letters, digits and ' . - _ ! # ^ ~ — so a Cyrillic "о" or an invisible character
 * cannot smuggle in a lookalike of a real user. (Other ASCII such as + is left to Entra: Identity Center user names
 * may carry it.)
 */
import type { PathSegment } from "../diagnostics";
import { messages } from "../messages";
import { GUID } from "../patterns";
import { codePoint } from "../unicode";
import { finding, type Finding, type Rule } from "./rule";

export const upnCharacters: Rule = {
  name: "upn-characters",
  check: ({ model }) => {
    const spec = model.spec;
    const out: Finding[] = [];
    const check = (upn: string | undefined, path: readonly PathSegment[]) => {
      if (upn === undefined || GUID.test(upn)) return;
      const bad = [...new Set([...upn].filter((c) => !/^[\x21-\x7E]$/.test(c)))];
      if (bad.length) out.push(finding(path, messages.upnCharacters(upn, bad.map((c) => `${JSON.stringify(c)} (${codePoint(c)})`))));
    };
    (spec.entra?.application.owners ?? []).forEach((o, i) => check(o, ["entra", "application", "owners", i]));
    for (const [name, g] of Object.entries(spec.groups)) {
      for (const list of ["owners", "members"] as const) (g[list] ?? []).forEach((m, i) => check(m, ["groups", name, list, i]));
      (g.eligibleMembers ?? []).forEach((e, i) => check(e.principal, ["groups", name, "eligibleMembers", i, "principal"]));
      (g.activation?.approvers ?? []).forEach((a, i) => check(a, ["groups", name, "activation", "approvers", i]));
    }
    spec.assignments.forEach((a, i) => check(a.user, ["assignments", i, "user"]));
    return out;
  },
};
