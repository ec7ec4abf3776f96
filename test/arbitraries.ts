/**
 * fast-check generators for the property tests: random VALID federation files, built as objects (so a property
 * can reason about what it generated), serialized with the `yaml` package and loaded through the real loader
 * (`validFile` proves every generated file valid). Plus a seeded shuffle and a reference expansion written from the
 * contract, independent of src/model/expand.ts.
 */
import fc from "fast-check";
import { stringify } from "yaml";
import type { FederationModel } from "../src/model/model";
import { loadText } from "./helpers";

/** The generated file as plain data (what `yaml` serializes). */
export interface FederationDoc {
  version: 1;
  entra: Record<string, unknown>;
  identityCenter: Record<string, unknown>;
  groups: Record<string, GroupDoc>;
  permissionSets: Record<string, PermissionSetDoc>;
  accounts: Record<string, { id: string; description?: string }>;
  assignments: AssignmentDoc[];
}

export interface GroupDoc {
  description?: string;
  members?: string[];
  eligibleMembers?: { principal: string; duration?: string; permanent?: boolean; expirationDate?: string }[];
  activation?: { maximumDuration: string; requireApproval: boolean; approvers?: string[] };
  objectId?: string;
}

export interface PermissionSetDoc {
  description?: string;
  sessionDuration: string;
  managedPolicies: string[];
  tags?: Record<string, string>;
}

export interface AssignmentDoc {
  group?: string;
  user?: string;
  permissionSet: string;
  accounts?: string[];
  organizationalUnits?: string[];
  excludeAccounts?: string[];
}

const REGIONS = [
  { region: "us-east-1", store: "d-0123456789" },
  { region: "eu-central-1", store: "d-99887766aa" },
];
export const SESSION_DURATIONS = ["PT1H", "PT1H30M", "PT2H", "PT4H", "PT8H", "PT12H"];
const MANAGED_POLICIES = ["ReadOnlyAccess", "job-function/ViewOnlyAccess", "AdministratorAccess", "PowerUserAccess", "SecurityAudit"].map(
  (p) => `arn:aws:iam::aws:policy/${p}`,
);

// --- names and ids (built from character sets: fc.stringMatching is several times slower) ----------------------
const LOWER = "abcdefghijklmnopqrstuvwxyz";
const DIGITS = "0123456789";
/** A string of `min`–`max` characters from `chars`. */
const token = (chars: string, min: number, max: number) => fc.string({ unit: fc.constantFrom(...chars), minLength: min, maxLength: max });
/** Group names: lowercase (no case clashes), sometimes non-Latin in one script or Latin + Japanese. */
const groupName = fc.oneof(
  { weight: 8, arbitrary: token(`${LOWER}${DIGITS}-`, 1, 14).map((s) => `g-${s}`) },
  { weight: 1, arbitrary: fc.constantFrom("développeurs", "διαχειριστές", "aws-管理者", "администраторы", "aws sso admins") },
);
const permissionSetName = token(`${LOWER}${LOWER.toUpperCase()}${DIGITS}+=,.@_-`, 0, 20).map((s) => `P${s}`);
const accountName = token(`${LOWER}${DIGITS}-`, 1, 12).map((s) => `acct-${s}`);
const accountId = fc.integer({ min: 100_000_000_000, max: 999_999_999_999 }).map(String);
const upn = fc
  .tuple(fc.constantFrom(...LOWER), token(`${LOWER}${DIGITS}._-`, 0, 10), fc.constantFrom("example.com", "contoso.example", "fabrikam.example"))
  .map(([first, rest, domain]) => `${first}${rest}@${domain}`);
const ouId = fc.tuple(token(`${LOWER}${DIGITS}`, 4, 4), token(`${LOWER}${DIGITS}`, 8, 8)).map(([a, b]) => `ou-${a}-${b}`);
const rootId = token(`${LOWER}${DIGITS}`, 4, 4).map((a) => `r-${a}`);
const guid = fc.uuid({ version: 4 });
const latin1Text = fc.tuple(fc.constantFrom(..."ABCabc"), token(`${LOWER} ,.()éü-`, 0, 40)).map(([a, b]) => `${a}${b}`);

/** Unique by a key (lowercase for names Entra compares without case). */
const uniqueNames = (arb: fc.Arbitrary<string>, min: number, max: number) =>
  fc.uniqueArray(arb, { minLength: min, maxLength: max, selector: (s) => s.toLowerCase() });

// --- the file ---------------------------------------------------------------------------------------------------

/** A valid federation file as data. */
export const federationDoc: fc.Arbitrary<FederationDoc> = fc
  .record({
    region: fc.constantFrom(...REGIONS),
    groupNames: uniqueNames(groupName, 0, 6),
    setNames: uniqueNames(permissionSetName, 1, 5),
    accountNames: uniqueNames(accountName, 0, 6),
    ids: fc.uniqueArray(accountId, { minLength: 8, maxLength: 8 }),
    users: uniqueNames(upn, 6, 6),
    ous: fc.uniqueArray(fc.oneof({ weight: 4, arbitrary: ouId }, { weight: 1, arbitrary: rootId }), { minLength: 1, maxLength: 3 }),
  })
  .chain((n) => {
    // The inventory names the first ids; the others are referenced by id only.
    const inventory = n.accountNames.map((name, i) => ({ name, id: n.ids[i] }));
    const group = () =>
      fc.oneof(
        { weight: 1, arbitrary: guid.map((objectId): GroupDoc => ({ objectId })) },
        {
          weight: 4,
          arbitrary: fc
            .record({
              description: fc.option(latin1Text, { nil: undefined }),
              people: fc.shuffledSubarray(n.users, { minLength: 0, maxLength: 5 }),
              eligibleCount: fc.nat(2),
              ends: fc.array(
                fc.oneof(
                  fc.constantFrom("P1D", "P30D", "P180D", "P365D").map((duration) => ({ duration })),
                  fc.constant({ permanent: true }),
                  fc.constant({ expirationDate: "2027-06-30T00:00:00Z" }),
                ),
                { minLength: 2, maxLength: 2 },
              ),
              activation: fc.option(
                fc.record({
                  maximumDuration: fc.constantFrom("PT30M", "PT1H", "PT4H", "PT8H", "PT23H30M", "P1D"),
                  requireApproval: fc.boolean(),
                  approver: fc.constantFrom(...n.users),
                }),
                { nil: undefined },
              ),
            })
            .map(({ description, people, eligibleCount, ends, activation }): GroupDoc => {
              const eligible = people.slice(0, Math.min(eligibleCount, people.length));
              const members = people.slice(eligible.length);
              const g: GroupDoc = {};
              if (description !== undefined) g.description = description;
              if (members.length) g.members = members;
              if (eligible.length) {
                g.eligibleMembers = eligible.map((principal, i) => ({ principal, ...ends[i] }));
                if (activation) {
                  g.activation = {
                    maximumDuration: activation.maximumDuration,
                    requireApproval: activation.requireApproval,
                    ...(activation.requireApproval ? { approvers: [activation.approver] } : {}),
                  };
                }
              }
              return g;
            }),
        },
      );
    const permissionSet = fc.record({
      description: fc.option(latin1Text, { nil: undefined }),
      sessionDuration: fc.constantFrom(...SESSION_DURATIONS),
      managedPolicies: fc.shuffledSubarray(MANAGED_POLICIES, { minLength: 0, maxLength: 3 }),
      tags: fc.option(fc.dictionary(token(LOWER, 1, 8), token(`${LOWER}${DIGITS}`, 0, 8), { maxKeys: 3 }), { nil: undefined }),
    });
    /** A reference to account i: its inventory name or its id (both mean the same account). */
    const ref = (i: number, byName: boolean) => (byName && i < inventory.length ? inventory[i].name : n.ids[i]);
    const accountRefs = (min: number, max: number) =>
      fc
        .tuple(fc.shuffledSubarray(n.ids.map((_, i) => i), { minLength: min, maxLength: max }), fc.array(fc.boolean(), { minLength: 8, maxLength: 8 }))
        .map(([indices, byName]) => indices.map((i) => ref(i, byName[i])));
    const assignment = fc
      .record({
        principal: n.groupNames.length
          ? fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...n.groupNames).map((group) => ({ group })) }, { weight: 1, arbitrary: fc.constantFrom(...n.users).map((user) => ({ user })) })
          : fc.constantFrom(...n.users).map((user) => ({ user })),
        permissionSet: fc.constantFrom(...n.setNames),
        accounts: accountRefs(0, 4),
        ous: fc.shuffledSubarray(n.ous, { minLength: 0, maxLength: Math.min(2, n.ous.length) }),
        excludes: accountRefs(0, 2),
      })
      .filter((a) => a.accounts.length + a.ous.length > 0)
      .map((a): AssignmentDoc => {
        const out: AssignmentDoc = { ...a.principal, permissionSet: a.permissionSet };
        if (a.accounts.length) out.accounts = a.accounts;
        if (a.ous.length) out.organizationalUnits = a.ous;
        if (a.excludes.length) out.excludeAccounts = a.excludes;
        return out;
      });
    return fc.record({
      groups: fc.tuple(...n.groupNames.map(() => group())).map((gs) => Object.fromEntries(n.groupNames.map((name, i) => [name, gs[i]]))),
      permissionSets: fc.tuple(...n.setNames.map(() => permissionSet)).map((ps) =>
        Object.fromEntries(n.setNames.map((name, i) => [name, compact(ps[i]) as PermissionSetDoc])),
      ),
      assignments: fc.array(assignment, { maxLength: 10 }),
    }).map(
      (parts): FederationDoc => ({
        version: 1,
        entra: { tenantId: "00000000-0000-0000-0000-000000000000", provisioning: { enabled: true, scope: "assigned" } },
        identityCenter: {
          region: n.region.region,
          identityStoreId: n.region.store,
          serviceProvider: {
            acsUrl: `https://${n.region.region}.signin.aws.amazon.com/platform/saml/acs/6f0e3d2c-0000-0000-0000-000000000000`,
            issuerUrl: `https://${n.region.region}.signin.aws.amazon.com/platform/saml/${n.region.store}`,
            accessPortalUrl: `https://${n.region.store}.awsapps.com/start`,
          },
          scimSecret: "identity-federation/scim",
        },
        groups: parts.groups,
        permissionSets: parts.permissionSets,
        accounts: Object.fromEntries(inventory.map((a) => [a.name, { id: a.id }])),
        assignments: parts.assignments,
      }),
    );
  });

function compact<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

export function toYaml(doc: unknown): string {
  return stringify(doc, { lineWidth: 0 });
}

/** Loads YAML text that must be valid; throws with the diagnostics otherwise (so a bad generator fails loudly). */
export function validFile(text: string): FederationModel {
  const r = loadText(text, "generated.yaml");
  if (!r.model) throw new Error(`generated file is not valid:\n${r.diagnostics.map((d) => `${d.line}: ${d.id} ${d.path}: ${d.message}`).join("\n")}\n---\n${text}`);
  return r.model;
}

/**
 * One seed per test process: every property of a file then searches the same random files, so `modelOf` loads each
 * once. fast-check prints the seed of a failure; `FC_SEED=<seed> npx jest test/properties-…` replays it.
 */
export const SEED = process.env.FC_SEED !== undefined ? Number(process.env.FC_SEED) : Math.floor(Math.random() * 2 ** 31);
export const runs = (numRuns: number): fc.Parameters<unknown> => ({ numRuns, seed: SEED });

const loaded = new Map<string, FederationModel>();
/** The model of a generated file, loaded once per text (models are never mutated). */
export function modelOf(doc: unknown): FederationModel {
  const text = toYaml(doc);
  let model = loaded.get(text);
  if (!model) {
    model = validFile(text);
    if (loaded.size > 5000) loaded.clear();
    loaded.set(text, model);
  }
  return model;
}

// --- helpers for properties ------------------------------------------------------------------------------------

/** A deterministic shuffle from a seed (mulberry32), so a failing case reproduces from fast-check's seed. */
export function shuffled<T>(items: readonly T[], seed: number): T[] {
  let s = seed >>> 0;
  const next = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

const shuffledRecord = <T>(r: Record<string, T>, seed: number): Record<string, T> => Object.fromEntries(shuffled(Object.entries(r), seed));

/** The same file with every map, the assignments and every target list in another order. */
export function reordered(doc: FederationDoc, seed: number): FederationDoc {
  return {
    ...doc,
    groups: shuffledRecord(doc.groups, seed + 1),
    permissionSets: shuffledRecord(doc.permissionSets, seed + 2),
    accounts: shuffledRecord(doc.accounts, seed + 3),
    assignments: shuffled(doc.assignments, seed + 4).map((a, i) => ({
      ...a,
      ...(a.accounts ? { accounts: shuffled(a.accounts, seed + 10 + i) } : {}),
      ...(a.organizationalUnits ? { organizationalUnits: shuffled(a.organizationalUnits, seed + 20 + i) } : {}),
      ...(a.excludeAccounts ? { excludeAccounts: shuffled(a.excludeAccounts, seed + 30 + i) } : {}),
    })),
  };
}

/** Account id a reference means in `doc` (a 12-digit id, or a name in the inventory). */
export function idOf(doc: FederationDoc, ref: string): string {
  return /^\d{12}$/.test(ref) ? ref : doc.accounts[ref].id;
}

export const principalOf = (a: AssignmentDoc): string => (a.group !== undefined ? `group:${a.group}` : `user:${a.user}`);

/**
 * The contract, written out independently of expand.ts: every assignment grants its permission set to its principal
 * in every account it names, except the accounts it excludes; a grant reached several ways is one key.
 */
export function referenceGrantKeys(doc: FederationDoc): string[] {
  const keys = new Set<string>();
  for (const a of doc.assignments) {
    const excluded = new Set((a.excludeAccounts ?? []).map((r) => idOf(doc, r)));
    for (const r of a.accounts ?? []) {
      const id = idOf(doc, r);
      if (!excluded.has(id)) keys.add(`${principalOf(a)}/${a.permissionSet}/${id}`);
    }
  }
  return [...keys].sort();
}

/** Plan-time targets by the contract: key → accounts excluded by every assignment that names the target. */
export function referenceOuTargets(doc: FederationDoc): Record<string, string[]> {
  const out = new Map<string, Set<string>>();
  for (const a of doc.assignments) {
    const excluded = new Set((a.excludeAccounts ?? []).map((r) => idOf(doc, r)));
    for (const ou of a.organizationalUnits ?? []) {
      const key = `${principalOf(a)}/${a.permissionSet}/${ou}`;
      const before = out.get(key);
      out.set(key, before === undefined ? excluded : new Set([...before].filter((id) => excluded.has(id))));
    }
  }
  return Object.fromEntries([...out.entries()].sort(([x], [y]) => (x < y ? -1 : 1)).map(([k, v]) => [k, [...v].sort()]));
}
