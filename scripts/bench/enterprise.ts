/**
 * A deterministic enterprise-size federation file: N accounts, groups, permission sets and assignments that expand
 * to about `targetGrants` grants. Same parameters, same file (a seeded generator), so runs are comparable.
 */
import { stringify } from "yaml";

export interface EnterpriseParams {
  readonly accounts: number;
  readonly groups: number;
  readonly permissionSets: number;
  /** Approximate number of static grants. */
  readonly targetGrants: number;
  /** Assignments per group. */
  readonly assignmentsPerGroup: number;
  /** How many assignments additionally target an OU (plan-time grants). */
  readonly ouAssignments: number;
  /** Assignment shard override (`identityCenter.assignmentShards`). @default auto */
  readonly shards?: number | "auto";
}

export const DEFAULT_PARAMS: EnterpriseParams = {
  accounts: 2000,
  groups: 150,
  permissionSets: 40,
  targetGrants: 20000,
  assignmentsPerGroup: 2,
  ouAssignments: 10,
};

/** Mulberry32: small, fast, seeded. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const accountName = (i: number) => `acct-${String(i).padStart(4, "0")}`;
export const accountId = (i: number) => String(100000000000 + i * 7919);

export function enterpriseFederation(p: EnterpriseParams = DEFAULT_PARAMS, seed = 42): Record<string, unknown> {
  const random = rng(seed);
  const accounts: Record<string, { id: string }> = {};
  for (let i = 0; i < p.accounts; i++) accounts[accountName(i)] = { id: accountId(i) };
  const permissionSets: Record<string, unknown> = {};
  for (let i = 0; i < p.permissionSets; i++) {
    permissionSets[`PermSet${String(i).padStart(2, "0")}`] = {
      description: `Generated permission set ${i}`,
      sessionDuration: `PT${1 + (i % 12)}H`,
      managedPolicies: [i % 10 === 0 ? "arn:aws:iam::aws:policy/AdministratorAccess" : "arn:aws:iam::aws:policy/ReadOnlyAccess"],
    };
  }
  const groups: Record<string, unknown> = {};
  const assignments: Record<string, unknown>[] = [];
  const perAssignment = Math.max(1, Math.round(p.targetGrants / (p.groups * p.assignmentsPerGroup)));
  for (let g = 0; g < p.groups; g++) {
    const name = `team-${String(g).padStart(3, "0")}`;
    groups[name] = { description: `Generated team ${g}`, members: [`user${g}a@example.com`, `user${g}b@example.com`] };
    const sets = new Set<number>();
    while (sets.size < Math.min(p.assignmentsPerGroup, p.permissionSets)) sets.add(Math.floor(random() * p.permissionSets));
    for (const s of sets) {
      const targets = new Set<number>();
      while (targets.size < Math.min(perAssignment, p.accounts)) targets.add(Math.floor(random() * p.accounts));
      assignments.push({
        group: name,
        permissionSet: `PermSet${String(s).padStart(2, "0")}`,
        accounts: [...targets].sort((a, b) => a - b).map((t) => (t % 2 === 0 ? accountName(t) : accountId(t))),
      });
    }
  }
  for (let i = 0; i < p.ouAssignments; i++) {
    assignments.push({
      group: `team-${String(i % p.groups).padStart(3, "0")}`,
      permissionSet: `PermSet${String((i * 7) % p.permissionSets).padStart(2, "0")}`,
      organizationalUnits: [`ou-ab12-${String(10000000 + i)}`],
      excludeAccounts: [accountName(i)],
    });
  }
  return {
    version: 1,
    entra: {
      tenantId: "00000000-0000-0000-0000-000000000000",
      application: { displayName: "AWS IAM Identity Center", notificationEmails: ["identity-ops@example.com"] },
      provisioning: { enabled: true, scope: "assigned", provisionOnDemand: false },
    },
    identityCenter: {
      region: "us-east-1",
      instanceArn: "arn:aws:sso:::instance/ssoins-0123456789abcdef",
      identityStoreId: "d-0123456789",
      serviceProvider: {
        acsUrl: "https://us-east-1.signin.aws.amazon.com/platform/saml/acs/6f0e3d2c-0000-0000-0000-000000000000",
        issuerUrl: "https://us-east-1.signin.aws.amazon.com/platform/saml/d-0123456789",
        accessPortalUrl: "https://d-0123456789.awsapps.com/start",
      },
      scimSecret: "identity-federation/scim",
      ...(p.shards !== undefined ? { assignmentShards: p.shards } : {}),
    },
    groups,
    permissionSets,
    accounts,
    assignments,
  };
}

export function enterpriseYaml(p: EnterpriseParams = DEFAULT_PARAMS, seed = 42): string {
  return stringify(enterpriseFederation(p, seed), { lineWidth: 0 });
}
