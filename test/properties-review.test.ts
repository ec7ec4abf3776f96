/**
 * Properties of the review tools (src/review): a file diffed against itself, or against itself reordered, is empty;
 * the report does not depend on order; a random single edit produces a diff that names exactly that edit and nothing
 * else; and for any two files the grants the diff adds and removes are exactly the difference of their expansions.
 */
import fc from "fast-check";
import { diffFederations } from "../src/review/diff";
import type { AccessDiff } from "../src/review/diff-types";
import { buildReport } from "../src/review/report";
import {
  type FederationDoc,
  federationDoc,
  idOf,
  modelOf,
  principalOf,
  referenceGrantKeys,
  reordered,
  runs,
  SESSION_DURATIONS,
} from "./arbitraries";

const RUNS = runs(20);
const diff = (base: FederationDoc, head: FederationDoc) => diffFederations(modelOf(base), modelOf(head), { baseLabel: "base", headLabel: "head" });

/** The non-empty parts of a diff (escalations and warnings apart), by name: what a reviewer would read. */
function parts(d: AccessDiff): Record<string, unknown[]> {
  const out: Record<string, unknown[]> = {};
  for (const side of ["added", "removed"] as const) {
    for (const [k, v] of Object.entries(d[side])) if ((v as unknown[]).length) out[`${side}.${k}`] = v as unknown[];
  }
  if (d.changed.length) out.changed = [...d.changed];
  return out;
}

const grantKeys = (d: AccessDiff, side: "added" | "removed") => d[side].grants.map((g) => g.key);

describe("the access diff", () => {
  test("of a file against itself, and against itself in another order, is empty", () => {
    fc.assert(
      fc.property(federationDoc, fc.integer(), (doc, seed) => {
        for (const other of [doc, reordered(doc, seed)]) {
          const d = diff(doc, other);
          expect({ parts: parts(d), escalations: d.escalations, warnings: d.warnings }).toEqual({ parts: {}, escalations: [], warnings: [] });
          expect(Object.entries(d.summary).filter(([, n]) => n !== 0)).toEqual([]);
        }
      }),
      RUNS,
    );
  });

  test("of any two files adds and removes exactly the grants that differ between their expansions", () => {
    fc.assert(
      fc.property(federationDoc, federationDoc, (base, head) => {
        const d = diff(base, head);
        const b = new Set(referenceGrantKeys(base));
        const h = new Set(referenceGrantKeys(head));
        expect(grantKeys(d, "added")).toEqual([...h].filter((k) => !b.has(k)).sort());
        expect(grantKeys(d, "removed")).toEqual([...b].filter((k) => !h.has(k)).sort());
      }),
      RUNS,
    );
  });
});

describe("a random single edit", () => {
  const FRESH_ACCOUNT = "000000000042"; // generated ids are ≥ 100000000000
  const FRESH_USER = "zz.new.member.x@example.com"; // generated local parts have at most 11 characters
  const pick = <T>(items: readonly T[], n: number) => items[n % items.length];

  test("adding an account to an assignment adds exactly that grant", () => {
    fc.assert(
      fc.property(federationDoc, fc.nat(), (doc, n) => {
        fc.pre(doc.assignments.length > 0);
        const i = n % doc.assignments.length;
        const head = structuredClone(doc);
        const a = head.assignments[i];
        a.accounts = [...(a.accounts ?? []), FRESH_ACCOUNT];
        const d = diff(doc, head);
        const key = `${principalOf(a)}/${a.permissionSet}/${FRESH_ACCOUNT}`;
        expect(Object.keys(parts(d))).toEqual(["added.grants"]);
        expect(grantKeys(d, "added")).toEqual([key]);
        for (const e of d.escalations) expect(e.subject).toBe(`${principalOf(a)}/${a.permissionSet}`);
      }),
      RUNS,
    );
  });

  test("removing an account from an assignment removes exactly the grants nothing else gives", () => {
    fc.assert(
      fc.property(federationDoc, fc.nat(), fc.nat(), (doc, n, m) => {
        const candidates = doc.assignments.map((_, i) => i).filter((i) => (doc.assignments[i].accounts?.length ?? 0) + (doc.assignments[i].organizationalUnits?.length ?? 0) > 1 && doc.assignments[i].accounts?.length);
        fc.pre(candidates.length > 0);
        const i = pick(candidates, n);
        const head = structuredClone(doc);
        const accounts = head.assignments[i].accounts!;
        const [ref] = accounts.splice(m % accounts.length, 1);
        if (accounts.length === 0) delete head.assignments[i].accounts;
        const d = diff(doc, head);
        const gone = referenceGrantKeys(doc).filter((k) => !referenceGrantKeys(head).includes(k));
        expect(gone.every((k) => k === `${principalOf(doc.assignments[i])}/${doc.assignments[i].permissionSet}/${idOf(doc, ref)}`)).toBe(true);
        expect(parts(d)).toEqual(gone.length ? { "removed.grants": d.removed.grants } : {});
        expect(grantKeys(d, "removed")).toEqual(gone);
        expect(d.escalations).toEqual([]);
      }),
      RUNS,
    );
  });

  test("changing a session duration is one change of that permission set, and at most a longer-session escalation", () => {
    fc.assert(
      fc.property(federationDoc, fc.nat(), fc.nat(), (doc, n, m) => {
        const name = pick(Object.keys(doc.permissionSets), n);
        const before = doc.permissionSets[name].sessionDuration;
        const after = pick(SESSION_DURATIONS.filter((s) => s !== before), m);
        const head = structuredClone(doc);
        head.permissionSets[name].sessionDuration = after;
        const d = diff(doc, head);
        expect(parts(d)).toEqual({ changed: [{ area: "permission-set", subject: `permissionSet:${name}`, field: "sessionDuration", before, after }] });
        for (const e of d.escalations) expect([e.kind, e.subject]).toEqual(["longer-session", `permissionSet:${name}`]);
      }),
      RUNS,
    );
  });

  test("adding a standing member to a group adds exactly that member", () => {
    fc.assert(
      fc.property(federationDoc, fc.nat(), (doc, n) => {
        const created = Object.keys(doc.groups).filter((g) => !doc.groups[g].objectId);
        fc.pre(created.length > 0);
        const group = pick(created, n);
        const head = structuredClone(doc);
        head.groups[group].members = [...(head.groups[group].members ?? []), FRESH_USER];
        const d = diff(doc, head);
        expect(parts(d)).toEqual({ "added.members": [{ group, principal: FRESH_USER }] });
        for (const e of d.escalations) expect(e.subject).toBe(`group:${group}/member:${FRESH_USER}`);
      }),
      RUNS,
    );
  });

  test("removing a standing member removes exactly that member and escalates nothing", () => {
    fc.assert(
      fc.property(federationDoc, fc.nat(), fc.nat(), (doc, n, m) => {
        const withMembers = Object.keys(doc.groups).filter((g) => doc.groups[g].members?.length);
        fc.pre(withMembers.length > 0);
        const group = pick(withMembers, n);
        const head = structuredClone(doc);
        const [principal] = head.groups[group].members!.splice(m % head.groups[group].members!.length, 1);
        const d = diff(doc, head);
        expect(parts(d)).toEqual({ "removed.members": [{ group, principal }] });
        expect(d.escalations).toEqual([]);
      }),
      RUNS,
    );
  });
});

describe("the access report", () => {
  test("does not depend on the order of anything in the file", () => {
    fc.assert(
      fc.property(federationDoc, fc.integer(), (doc, seed) => {
        const report = (d: FederationDoc) => buildReport(modelOf(d), { label: "federation.yaml" });
        expect(report(reordered(doc, seed))).toEqual(report(doc));
      }),
      RUNS,
    );
  });
});

