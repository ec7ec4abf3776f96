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

// --- every field of the file, and hostile text in it ----------------------------------------------------------

/** A federation file as plain data, with any field of the schema (`fullFederationDoc`). */
export type AnyDoc = Record<string, any>;

const kmsAlias = token(`${LOWER}${DIGITS}-`, 1, 10).map((s) => `alias/${s}`);
const httpsText = latin1Text.map((t) => `https://console.aws.amazon.com/${encodeURIComponent(t).slice(0, 60)}`);
const policyStatement = fc.record({
  Sid: fc.option(token(`${LOWER}${DIGITS}`, 1, 8).map((s) => `S${s}`), { nil: undefined }),
  Effect: fc.constantFrom("Allow", "Deny"),
  Action: fc.oneof(fc.constantFrom("s3:GetObject", "iam:*", "logs:Describe*"), fc.constant(["ec2:Describe*", "s3:List*"])),
  Resource: fc.constantFrom("*", "arn:aws:s3:::bucket/${aws:username}/*"),
  Condition: fc.option(fc.constant({ StringEquals: { "aws:PrincipalTag/team": "${aws:PrincipalTag/team}" } }), { nil: undefined }),
});

/**
 * A valid federation file that may use every field the schema knows (federationDoc plus the optional sections):
 * what the read-back and Markdown properties walk leaf by leaf. test/terraform-readback.test.ts checks that every
 * string path of the schema is generated (so a new field must be added here to be covered).
 */
export const fullFederationDoc: fc.Arbitrary<AnyDoc> = federationDoc.chain((doc) => {
  const people = [...new Set(Object.values(doc.groups).flatMap((g) => [...(g.members ?? []), ...(g.eligibleMembers ?? []).map((e) => e.principal)]))];
  const someone = people.length ? fc.constantFrom(...people) : upn;
  const groupNames = Object.keys(doc.groups);
  const setNames = Object.keys(doc.permissionSets);
  const accountNames = Object.keys(doc.accounts);
  const opt = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });
  /** `arb` in `tenths` of ten files, else undefined. */
  const sometimes = <T>(tenths: number, arb: fc.Arbitrary<T>) =>
    fc.oneof({ weight: 10 - tenths, arbitrary: fc.constant(undefined) }, { weight: tenths, arbitrary: arb as fc.Arbitrary<T | undefined> });
  const sometimesOf = <T>(arb: fc.Arbitrary<T>, tenths: number) => sometimes(tenths, arb);
  return fc
    .record({
      application: fc.record({
        displayName: opt(latin1Text),
        notificationEmails: opt(fc.uniqueArray(upn, { maxLength: 2 })),
        owners: opt(fc.uniqueArray(fc.oneof(someone, guid), { maxLength: 2, selector: (s) => s.toLowerCase() })),
        signingCertificate: opt(fc.record({ endDate: fc.constantFrom("2027-06-01T00:00:00Z", "2029-01-01"), displayName: opt(latin1Text.map((t) => `CN=${t}`)) })),
        kind: opt(fc.constantFrom("gallery", "non-gallery")),
      }),
      // Instead of signingCertificate (one form or the other): a keyed set with one active certificate.
      signingCertificates: sometimes(
        3,
        fc.record({
          old: fc.record({ endDate: opt(fc.constantFrom("2027-06-01T00:00:00Z", "2028-01-01")), displayName: opt(latin1Text.map((t) => `CN=${t}`)), retired: opt(fc.constant(true)) }),
          next: fc.record({ endDate: opt(fc.constantFrom("2029-01-01")), displayName: opt(latin1Text.map((t) => `CN=${t}`)) }),
          names: fc.uniqueArray(token(`${LOWER}${DIGITS}-`, 1, 12).map((k) => `c${k}`), { minLength: 2, maxLength: 2 }),
        }),
      ),
      provisioning: fc.record({
        enabled: fc.boolean(),
        scope: fc.constantFrom("assigned", "all"),
        deleteThreshold: opt(fc.integer({ min: 1, max: 500 })),
        provisionOnDemand: fc.boolean(),
        provisionOnDemandRuleId: opt(guid),
        externalIdFromObjectId: fc.boolean(),
        synchronizationTemplateId: opt(fc.constantFrom("aWSSingleSignon", "scim", "customAppSso.v2")),
      }),
      // Rarely: an import file (written by federation adopt; test/fixtures/imports.json, an empty one, is next to
      // files loaded with loadText; a planted path that does not exist is a located error).
      imports: sometimes(1, fc.constant("imports.json")),
      // Sometimes another identity provider: its section instead of entra (and no Entra-only group settings).
      idp: sometimesOf(
        fc.oneof(
          fc.record({ kind: fc.constant("okta"), section: fc.record({ orgName: token(`${LOWER}${DIGITS}`, 1, 12).map((o) => `o${o}`), baseUrl: opt(fc.constantFrom("okta.com", "oktapreview.com")), application: fc.record({ label: latin1Text }) }) }),
          fc.record({
            kind: fc.constant("entrust"),
            section: fc.record({
              tenantHostname: fc.constant("example.us.trustedauth.com"),
              application: fc.record({ name: latin1Text, signingCertificate: opt(latin1Text) }),
              domain: opt(fc.constant("example.com")),
              provisionerName: opt(latin1Text),
            }),
          }),
          fc.record({ kind: fc.constant("google"), section: fc.record({ primaryDomain: fc.constant("example.com"), application: fc.record({ name: latin1Text }) }) }),
          fc.record({ kind: fc.constant("saml"), section: fc.record({ name: latin1Text, application: fc.record({ name: latin1Text }) }) }),
        ),
        2,
      ),
      instanceArn: opt(fc.constant("arn:aws:sso:::instance/ssoins-0123456789abcdef")),
      portalFragment: fc.boolean(),
      scimSecret: opt(
        fc.record({
          name: token(`${LOWER}${DIGITS}/_+=.@-`, 1, 20).map((s) => `s${s}`),
          existing: fc.boolean(),
          kmsKeyId: opt(kmsAlias),
          description: opt(latin1Text),
          tags: opt(fc.dictionary(token(LOWER, 1, 6), token(`${LOWER}${DIGITS}`, 0, 6), { maxKeys: 2 })),
        }),
      ),
      abac: opt(fc.dictionary(token(`${LOWER}${DIGITS}`, 1, 8).map((s) => `A${s}`), token(`${LOWER}.`, 1, 12).map((s) => `\${path:enterprise.${s}}`), { minKeys: 1, maxKeys: 3 })),
      managementAccount: opt(accountNames.length ? fc.constantFrom(...accountNames) : accountId),
      assignmentShards: opt(fc.oneof(fc.constant("auto"), fc.integer({ min: 1, max: 3 }))),
      groups: fc.tuple(
        ...groupNames.map((name) =>
          fc.record({
            owners: doc.groups[name].objectId ? fc.constant(undefined) : opt(fc.uniqueArray(someone, { maxLength: 2, selector: (s) => s.toLowerCase() })),
            appRole: opt(fc.oneof(fc.constantFrom("User", "msiam_access"), latin1Text)),
            checks: fc.record({ requireJustification: fc.boolean(), requireMfa: fc.boolean(), requireTicket: fc.boolean() }),
          }),
        ),
      ),
      sets: fc.tuple(
        ...setNames.map(() =>
          fc.record({
            relayState: opt(httpsText),
            customerManagedPolicies: opt(
              fc.uniqueArray(fc.record({ name: token(`${LOWER}${DIGITS}-`, 1, 10).map((s) => `p${s}`), path: fc.constantFrom("/", "/team/", "/a/b/") }), {
                maxLength: 2,
                selector: (p) => `${p.path}${p.name}`,
              }),
            ),
            inlinePolicy: opt(fc.array(policyStatement, { minLength: 1, maxLength: 3 }).map((Statement) => ({ Version: "2012-10-17", Statement: Statement.map((s) => compact(s)) }))),
            permissionsBoundary: opt(
              fc.oneof(
                fc.constantFrom(...MANAGED_POLICIES).map((managedPolicyArn) => ({ managedPolicyArn })),
                fc.record({ name: token(LOWER, 1, 8), path: fc.constantFrom("/", "/b/") }).map((customerManagedPolicy) => ({ customerManagedPolicy })),
              ),
            ),
          }),
        ),
      ),
      accountDescriptions: fc.array(opt(latin1Text), { minLength: accountNames.length, maxLength: accountNames.length }),
      state: opt(
        fc.record({
          bucket: token(`${LOWER}${DIGITS}-`, 3, 20).map((s) => `b${s}x`),
          region: fc.constantFrom("us-east-1", "eu-west-1"),
          // Segments separated by one `/`, a trailing one allowed: Terraform's S3 backend refuses `//` in a key.
          keyPrefix: opt(token(`${LOWER}${DIGITS}/_-`, 1, 16).map((s) => `k${s}`.replace(/\/{2,}/g, "/"))),
          kmsKeyId: opt(fc.oneof(kmsAlias, fc.constant("arn:aws:kms:us-east-1:111122223333:key/57ff7a43-341d-46b6-aee3-a450c9de6dc8"))),
        }),
      ),
      review: opt(
        fc.record({
          privilegedPolicies: fc.uniqueArray(fc.constantFrom("AdministratorAccess", "PowerUserAccess", "IAMFullAccess", "*Admin*"), { minLength: 1, maxLength: 3 }),
          privilegedActions: fc.uniqueArray(fc.constantFrom("*", "iam:*", "organizations:*", "sso:*", "kms:*"), { minLength: 1, maxLength: 3 }),
        }),
      ),
      protection: opt(
        fc.record({ enterpriseApplication: fc.boolean(), scimSecret: fc.boolean(), permissionSets: fc.shuffledSubarray(setNames, { maxLength: Math.min(2, setNames.length) }) }),
      ),
    })
    .map((x): AnyDoc => {
      const out: AnyDoc = structuredClone(doc);
      out.entra.application = compact(x.application);
      out.entra.provisioning = compact(x.provisioning);
      if (x.signingCertificates) {
        const [oldName, nextName] = x.signingCertificates.names;
        delete out.entra.application.signingCertificate;
        out.entra.application.signingCertificates = { [oldName]: compact(x.signingCertificates.old), [nextName]: { ...compact(x.signingCertificates.next), active: true } };
      }
      if (x.imports) out.imports = x.imports;
      const ic = out.identityCenter;
      if (x.instanceArn) ic.instanceArn = x.instanceArn;
      if (x.portalFragment) ic.serviceProvider.accessPortalUrl += "#/accounts";
      if (x.scimSecret) ic.scimSecret = compact(x.scimSecret);
      if (x.abac) ic.accessControlAttributes = x.abac;
      if (x.managementAccount !== undefined) ic.managementAccount = x.managementAccount;
      if (x.assignmentShards !== undefined) ic.assignmentShards = x.assignmentShards;
      groupNames.forEach((name, i) => {
        const g = out.groups[name];
        const extra = x.groups[i];
        if (extra.owners?.length) g.owners = extra.owners;
        if (extra.appRole !== undefined) g.appRole = extra.appRole;
        if (g.activation) Object.assign(g.activation, extra.checks);
      });
      setNames.forEach((name, i) => Object.assign(out.permissionSets[name], compact(x.sets[i])));
      accountNames.forEach((name, i) => {
        if (x.accountDescriptions[i] !== undefined) out.accounts[name].description = x.accountDescriptions[i];
      });
      if (x.state) out.state = { s3: compact(x.state) };
      if (x.review) out.review = x.review;
      if (x.protection) out.protection = { allowDestroy: x.protection };
      if (x.idp) {
        // The AWS side stays; the Entra-only parts go (src/model/rules/identity-provider.ts refuses them elsewhere).
        delete (out as Partial<AnyDoc>).entra;
        out.identityProvider = x.idp.kind;
        out[x.idp.kind] = compact(x.idp.section);
        const isGuid = (p: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-/i.test(p);
        for (const g of Object.values<Record<string, any>>(out.groups)) {
          for (const k of ["eligibleMembers", "activation", "objectId", "appRole", "owners"] as const) delete g[k];
          if (g.members) g.members = g.members.filter((m: string) => !isGuid(m));
        }
        out.assignments = out.assignments.filter((a: AssignmentDoc) => a.user === undefined || !isGuid(a.user));
      }
      // No shared objects (fast-check constants are one object): each leaf is its own, and YAML writes no aliases.
      return JSON.parse(JSON.stringify(out)) as AnyDoc;
    });
});

/**
 * Pieces of hostile text: Terraform template sequences (and their escapes), quotes and backslashes, shell, Markdown
 * and HTML syntax, mentions and links, bidi overrides and invisible characters, line breaks, non-Latin text.
 */
export const HOSTILE_PIECES = [
  "${", "%{", "$${", "%%{", "}", "${file(\"/proc/self/environ\")}", "%{ if true }x%{ endif }", "${TfToken[TOKEN.1]}", "$", "%", "{",
  '"', "\\", '\\"', "'", "`", "``", "$(id)", ";", "|", "&&", "\n", "\r\n", "\t", "\u2028",
  "<b>", "<details>", "</summary>", "<img src=x onerror=alert(1)>", "&lt;", "[x](https://evil.example)", "![i](https://evil.example/i.png)",
  "@octocat", "@org/team", "https://evil.example", "www.evil.example", "x@evil.example", "*", "_", "~~", "#", "-->", "<!--", ":", "==",
  "\u202e", "\u2066", "\u200b", "é", "管理", "🚀", " ",
] as const;

/** A hostile string of one to five pieces. */
export const hostileText = fc.array(fc.constantFrom(...HOSTILE_PIECES), { minLength: 1, maxLength: 5 }).map((parts) => parts.join(""));

/** A string leaf of a document: a value, or a key of a map whose keys are names (groups, tags, policy keys, …). */
export interface Leaf {
  readonly path: readonly (string | number)[];
  readonly kind: "value" | "key";
}

/** Maps whose keys are the user's names (the rest of the file's keys are field names of the schema), by path. */
function isNameMap(path: readonly (string | number)[]): boolean {
  const [a, b, c, d] = path;
  if (path.length === 1) return a === "groups" || a === "permissionSets" || a === "accounts";
  if (a === "identityCenter") return (path.length === 2 && b === "accessControlAttributes") || (path.length === 3 && b === "scimSecret" && c === "tags");
  if (a === "entra") return path.length === 3 && b === "application" && c === "signingCertificates";
  // In a policy: the keys of Condition blocks (operators and condition keys); the element names are the schema's.
  if (a === "permissionSets") return (path.length === 3 && c === "tags") || (c === "inlinePolicy" && d !== undefined && path.includes("Condition"));
  return false;
}

/** `groups.*.members[]`: a path with names as `*` and list positions as `[]` (what the schema describes). */
export function pathPattern(path: readonly (string | number)[], kind: Leaf["kind"] = "value"): string {
  let out = "";
  for (const [i, seg] of path.entries()) {
    const last = i === path.length - 1;
    if (typeof seg === "number") {
      out += "[]";
      continue;
    }
    const named = isNameMap(path.slice(0, i));
    out += `${out ? "." : ""}${named ? (last && kind === "key" ? "<key>" : "*") : seg}`;
  }
  return out;
}

/** Every string leaf of a document (values, and keys of name maps). */
export function stringLeaves(doc: unknown): Leaf[] {
  const out: Leaf[] = [];
  const walk = (value: unknown, path: (string | number)[]): void => {
    if (typeof value === "string") out.push({ path, kind: "value" });
    else if (Array.isArray(value)) value.forEach((x, i) => walk(x, [...path, i]));
    else if (value !== null && typeof value === "object") {
      const named = isNameMap(path);
      for (const [k, v] of Object.entries(value)) {
        if (named) out.push({ path: [...path, k], kind: "key" });
        walk(v, [...path, k]);
      }
    }
  };
  walk(doc, []);
  return out;
}

/** The value at a path. */
export function getAt(doc: unknown, path: readonly (string | number)[]): unknown {
  return path.reduce<unknown>((node, seg) => (node as Record<string | number, unknown>)?.[seg], doc);
}

/**
 * `doc` with `text` appended to one leaf: a value, or a key, renamed together with every reference to it (a group in
 * assignments, an account in targets and `managementAccount`, a permission set in assignments and opt-ins), so the
 * file stays consistent. Returns the new path of the leaf.
 */
export function plant(doc: AnyDoc, leaf: Leaf, text: string): { doc: AnyDoc; path: (string | number)[]; value: string } {
  const out: AnyDoc = structuredClone(doc);
  const parentPath = leaf.path.slice(0, -1);
  const last = leaf.path[leaf.path.length - 1];
  const parent = getAt(out, parentPath) as Record<string | number, unknown>;
  if (leaf.kind === "value") {
    // Before a trailing "/" (an IAM path stays a path), else at the end.
    const old = String(parent[last]);
    const value = old.length > 1 && old.endsWith("/") ? `${old.slice(0, -1)}${text}/` : old === "/" ? `/${text}/` : `${old}${text}`;
    parent[last] = value;
    return { doc: out, path: [...leaf.path], value };
  }
  const old = String(last);
  const renamed = `${old}${text}`;
  const rebuilt = Object.fromEntries(Object.entries(parent).map(([k, v]) => [k === old ? renamed : k, v]));
  if (parentPath.length === 0) throw new Error("cannot rename a top-level key");
  (getAt(out, parentPath.slice(0, -1)) as Record<string | number, unknown>)[parentPath[parentPath.length - 1]] = rebuilt;
  const section = parentPath.join(".");
  const refs = (list: unknown): unknown => (Array.isArray(list) ? list.map((x) => (x === old ? renamed : x)) : list);
  for (const a of (out.assignments ?? []) as Record<string, unknown>[]) {
    if (section === "groups" && a.group === old) a.group = renamed;
    if (section === "permissionSets" && a.permissionSet === old) a.permissionSet = renamed;
    if (section === "accounts") {
      if (a.accounts) a.accounts = refs(a.accounts);
      if (a.excludeAccounts) a.excludeAccounts = refs(a.excludeAccounts);
    }
  }
  if (section === "accounts" && out.identityCenter.managementAccount === old) out.identityCenter.managementAccount = renamed;
  if (section === "permissionSets" && out.protection?.allowDestroy?.permissionSets) {
    out.protection.allowDestroy.permissionSets = refs(out.protection.allowDestroy.permissionSets);
  }
  return { doc: out, path: [...parentPath, renamed], value: renamed };
}
