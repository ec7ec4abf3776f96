/**
 * Properties of the model, searched with random valid federation files (test/arbitraries.ts): expansion is
 * deterministic and independent of order, keys are unique and built only from the file's names and ids, exclusions
 * always win, every grant traces back to the assignment that makes it, and the result matches the contract written
 * out independently. Each generated file goes through the real loader, which proves the generator valid.
 */
import fc from "fast-check";
import { expand } from "../src/model/expand";
import {
  type FederationDoc,
  federationDoc,
  idOf,
  modelOf,
  principalOf,
  referenceGrantKeys,
  referenceOuTargets,
  reordered,
  runs,
  toYaml,
  validFile,
} from "./arbitraries";

const RUNS = runs(35);
const expansionOf = (doc: FederationDoc) => expand(modelOf(doc));
/** A grant without its trace (trace positions change when assignments are reordered). */
const bare = <T extends { sources: unknown }>({ sources: _, ...rest }: T) => rest;

describe("expansion of random valid federation files", () => {
  test("every generated file is valid (the generator is proven by the real loader)", () => {
    fc.assert(fc.property(federationDoc, (doc) => void modelOf(doc)), RUNS);
  });

  test("the generator reaches the cases the properties are about (so none of them holds vacuously)", () => {
    const docs = fc.sample(federationDoc, { numRuns: 200, seed: 20261122 });
    const share = (p: (d: FederationDoc) => boolean) => docs.filter(p).length / docs.length;
    const targetedAndExcluded = (d: FederationDoc) =>
      d.assignments.some((a) => (a.excludeAccounts ?? []).some((x) => (a.accounts ?? []).some((r) => idOf(d, r) === idOf(d, x))));
    const sameGrantTwice = (d: FederationDoc) => {
      const keys = d.assignments.flatMap((a) => (a.accounts ?? []).map((r) => `${principalOf(a)}/${a.permissionSet}/${idOf(d, r)}`));
      return new Set(keys).size < keys.length;
    };
    const shares: Record<string, number> = {
      grants: share((d) => referenceGrantKeys(d).length > 0),
      ouTargets: share((d) => d.assignments.some((a) => a.organizationalUnits)),
      users: share((d) => d.assignments.some((a) => a.user !== undefined)),
      targetedAndExcluded: share(targetedAndExcluded),
      sameGrantTwice: share(sameGrantTwice),
      byName: share((d) => d.assignments.some((a) => (a.accounts ?? []).some((r) => !/^\d{12}$/.test(r)))),
      existingGroups: share((d) => Object.values(d.groups).some((g) => g.objectId)),
      pim: share((d) => Object.values(d.groups).some((g) => g.eligibleMembers)),
      nonAsciiNames: share((d) => Object.keys(d.groups).some((g) => /[^\x00-\x7f]/.test(g))),
    };
    const floors: Record<string, number> = { grants: 0.5, ouTargets: 0.5, users: 0.3, targetedAndExcluded: 0.3, sameGrantTwice: 0.1, byName: 0.3, existingGroups: 0.1, pim: 0.3, nonAsciiNames: 0.1 };
    expect(Object.entries(shares).filter(([k, v]) => !(v > floors[k]))).toEqual([]);
  });

  test("is deterministic: loading and expanding the same text again gives the same grants and targets", () => {
    fc.assert(
      fc.property(federationDoc, (doc) => {
        expect(expand(validFile(toYaml(doc)))).toEqual(expand(modelOf(doc)));
      }),
      RUNS,
    );
  });

  test("does not depend on order: shuffling groups, permission sets, accounts, assignments and targets keeps every key", () => {
    fc.assert(
      fc.property(federationDoc, fc.integer(), (doc, seed) => {
        const a = expansionOf(doc);
        const b = expansionOf(reordered(doc, seed));
        expect(b.grants.map(bare)).toEqual(a.grants.map(bare));
        expect(b.ouTargets.map(bare)).toEqual(a.ouTargets.map(bare));
      }),
      RUNS,
    );
  });

  test("keys are unique and sorted", () => {
    fc.assert(
      fc.property(federationDoc, (doc) => {
        const { grants, ouTargets } = expansionOf(doc);
        for (const keys of [grants.map((g) => g.key), ouTargets.map((t) => t.key)]) {
          expect(new Set(keys).size).toBe(keys.length);
          expect([...keys].sort()).toEqual(keys);
        }
      }),
      RUNS,
    );
  });

  test("matches the contract written out independently (grants and plan-time targets with their exclusions)", () => {
    fc.assert(
      fc.property(federationDoc, (doc) => {
        const { grants, ouTargets } = expansionOf(doc);
        expect(grants.map((g) => g.key)).toEqual(referenceGrantKeys(doc));
        expect(Object.fromEntries(ouTargets.map((t) => [t.key, [...t.excludeAccountIds]]))).toEqual(referenceOuTargets(doc));
      }),
      RUNS,
    );
  });

  test("exclusions always win: no grant comes from an assignment that excludes its account", () => {
    fc.assert(
      fc.property(federationDoc, (doc) => {
        const { grants, ouTargets } = expansionOf(doc);
        for (const g of grants) {
          for (const s of g.sources) {
            const excluded = (doc.assignments[s.assignment].excludeAccounts ?? []).map((r) => idOf(doc, r));
            expect(excluded).not.toContain(g.accountId);
          }
        }
        for (const t of ouTargets) {
          for (const s of t.sources) {
            const excluded = (doc.assignments[s.assignment].excludeAccounts ?? []).map((r) => idOf(doc, r));
            for (const id of t.excludeAccountIds) expect(excluded).toContain(id);
          }
        }
      }),
      RUNS,
    );
  });

  test("every grant traces to an assignment whose principal, permission set and target produce it", () => {
    fc.assert(
      fc.property(federationDoc, (doc) => {
        const { grants, ouTargets } = expansionOf(doc);
        for (const g of [...grants, ...ouTargets]) expect(g.sources.length).toBeGreaterThan(0);
        for (const g of grants) {
          for (const s of g.sources) {
            const a = doc.assignments[s.assignment];
            expect(`${principalOf(a)}/${a.permissionSet}`).toBe(`${g.principal.kind}:${g.principal.name}/${g.permissionSet}`);
            const ref = s.target.replace(/^account:/, "");
            expect(s.target).toBe(`account:${ref}`);
            expect(a.accounts).toContain(ref);
            expect(idOf(doc, ref)).toBe(g.accountId);
          }
        }
        for (const t of ouTargets) {
          for (const s of t.sources) {
            const a = doc.assignments[s.assignment];
            expect(`${principalOf(a)}/${a.permissionSet}`).toBe(`${t.principal.kind}:${t.principal.name}/${t.permissionSet}`);
            expect(s.target).toBe(`ou:${t.targetId}`);
            expect(a.organizationalUnits).toContain(t.targetId);
          }
        }
      }),
      RUNS,
    );
  });

  test("grant keys are made only of the file's principal names, permission-set names and account ids", () => {
    fc.assert(
      fc.property(federationDoc, (doc) => {
        const principals = new Set([...Object.keys(doc.groups).map((g) => `group:${g}`), ...doc.assignments.flatMap((a) => (a.user ? [`user:${a.user}`] : []))]);
        const sets = new Set(Object.keys(doc.permissionSets));
        const ids = new Set(doc.assignments.flatMap((a) => (a.accounts ?? []).map((r) => idOf(doc, r))));
        const ous = new Set(doc.assignments.flatMap((a) => a.organizationalUnits ?? []));
        const { grants, ouTargets } = expansionOf(doc);
        for (const [keys, targets] of [[grants.map((g) => g.key), ids], [ouTargets.map((t) => t.key), ous]] as const) {
          for (const key of keys) {
            const m = /^((?:group|user):.+)\/([^/]+)\/([^/]+)$/.exec(key);
            expect(m).not.toBeNull();
            expect(principals.has(m![1]) && sets.has(m![2]) && targets.has(m![3])).toBe(true);
          }
        }
      }),
      RUNS,
    );
  });

  test("renaming every account in the inventory (and its references) keeps every key; only the shown names change", () => {
    fc.assert(
      fc.property(federationDoc, (doc) => {
        const renamed = (name: string) => `renamed-${name}`;
        const rename = (r: string) => (/^\d{12}$/.test(r) ? r : renamed(r));
        const other: FederationDoc = {
          ...doc,
          accounts: Object.fromEntries(Object.entries(doc.accounts).map(([n, a]) => [renamed(n), a])),
          assignments: doc.assignments.map((a) => ({
            ...a,
            ...(a.accounts ? { accounts: a.accounts.map(rename) } : {}),
            ...(a.excludeAccounts ? { excludeAccounts: a.excludeAccounts.map(rename) } : {}),
          })),
        };
        const before = expansionOf(doc);
        const after = expansionOf(other);
        expect(after.grants.map((g) => g.key)).toEqual(before.grants.map((g) => g.key));
        expect(after.ouTargets.map(bare)).toEqual(before.ouTargets.map(bare));
        expect(after.grants.map((g) => g.accountName)).toEqual(before.grants.map((g) => (g.accountName === undefined ? undefined : renamed(g.accountName))));
      }),
      RUNS,
    );
  });
});
