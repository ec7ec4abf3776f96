/**
 * A console-made federation as data (a scenario), and the responses the services give for it, in the shapes the
 * AWS CLI / SDK and Microsoft Graph document (field names and envelopes: `@odata.context`, `value`,
 * `@odata.nextLink`, `NextToken`), paged at a chosen size. One scenario feeds every source: a source built from it
 * (what the live services would answer), the export folder written from it (what the README's commands save), the
 * aws-sdk-client-mock mocks and the fake Graph `fetch`. Small (the tutorial's setup) and enterprise size.
 */
import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { exportSource } from "../src/adopt/export-source";
import { readSnapshot } from "../src/adopt/read";
import type { Snapshot } from "../src/adopt/snapshot";
import type { AwsRequest, GraphRequest } from "../src/adopt/requests";
import { GRAPH_BASE } from "../src/adopt/requests";
import type { Source } from "../src/adopt/source";
import { ReadError } from "../src/adopt/source";
import { AWS_IAM_IDENTITY_CENTER_TEMPLATE_ID, NON_GALLERY_TEMPLATE_ID } from "../src/model/schema";
import { ROOT } from "./helpers";

export const guid = (seed: string): string => {
  const h = createHash("sha256").update(seed).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
};
const hex = (seed: string, n: number) => createHash("sha256").update(seed).digest("hex").slice(0, n);

export interface ScenarioGroup {
  readonly name: string;
  readonly description?: string;
  readonly members: readonly string[];
  /** PIM eligible users with their end date (ISO) or "permanent". */
  readonly eligible?: readonly { readonly upn: string; readonly end: string | "permanent" }[];
  /** Assigned to the Entra application (default true). */
  readonly assigned?: boolean;
  readonly mailEnabled?: boolean;
}

export interface ScenarioSet {
  readonly name: string;
  readonly description?: string;
  readonly sessionDuration: string;
  readonly relayState?: string;
  readonly managed: readonly string[];
  readonly customer?: readonly { readonly name: string; readonly path: string }[];
  readonly inline?: unknown;
  readonly boundary?: { readonly managedPolicyArn: string } | { readonly customerManagedPolicy: { readonly name: string; readonly path: string } };
  readonly tags?: Readonly<Record<string, string>>;
}

export interface Scenario {
  readonly tenantId: string;
  readonly kind: "gallery" | "non-gallery";
  readonly appName: string;
  readonly region: string;
  readonly instanceArn: string;
  readonly identityStoreId: string;
  readonly users: readonly string[];
  readonly owners: readonly string[];
  readonly notificationEmails: readonly string[];
  readonly certificateEnd: string;
  /** A second token-signing certificate added for a rotation, ending later; Entra signs with it. @default none */
  readonly rotatedCertificateEnd?: string;
  readonly groups: readonly ScenarioGroup[];
  readonly approvers: readonly string[];
  readonly sets: readonly ScenarioSet[];
  readonly accounts: readonly { readonly id: string; readonly name: string; readonly state?: string }[];
  /** principal (`group:<name>` / `user:<upn>`) → set → account ids. */
  readonly grants: readonly { readonly principal: string; readonly set: string; readonly accounts: readonly string[] }[];
  readonly abac?: Readonly<Record<string, string>>;
  readonly provisioning: "active" | "paused" | "none";
  /** The attribute-mapping fix is in place in the job's schema. */
  readonly mappingFixed: boolean;
  /** OU / root id → account ids directly below (drift of OU targets). */
  readonly ous?: Readonly<Record<string, { readonly accounts: readonly string[]; readonly children?: readonly string[] }>>;
}

export const smallScenario = (over: Partial<Scenario> = {}): Scenario => ({
  tenantId: "6f0e3d2c-0000-4000-8000-00000000c0de",
  kind: "gallery",
  appName: "AWS IAM Identity Center",
  region: "us-east-1",
  instanceArn: "arn:aws:sso:::instance/ssoins-0123456789abcdef",
  identityStoreId: "d-0123456789",
  users: ["alice@example.com", "bob@example.com", "carol@example.com", "break-glass@example.com"],
  owners: ["alice@example.com"],
  notificationEmails: ["identity-ops@example.com"],
  certificateEnd: "2028-11-01T00:00:00Z",
  groups: [
    { name: "aws-sso-read-only", description: "Read-only access to AWS", members: ["bob@example.com"] },
    { name: "aws-sso-admins", description: "Just-in-time administrators", members: [], eligible: [{ upn: "bob@example.com", end: "2027-05-21T00:00:00Z" }] },
  ],
  approvers: ["carol@example.com"],
  sets: [
    { name: "ViewOnlyAccess", description: "View-only access", sessionDuration: "PT8H", managed: ["arn:aws:iam::aws:policy/job-function/ViewOnlyAccess"] },
    {
      name: "AdministratorAccess",
      description: "Full administrator access",
      sessionDuration: "PT1H",
      relayState: "https://console.aws.amazon.com/",
      managed: ["arn:aws:iam::aws:policy/AdministratorAccess"],
      customer: [{ name: "org-guardrails", path: "/" }],
      inline: { Version: "2012-10-17", Statement: [{ Sid: "DenyLeave", Effect: "Deny", Action: "organizations:LeaveOrganization", Resource: "*" }] },
      boundary: { customerManagedPolicy: { name: "boundary", path: "/" } },
      tags: { owner: "platform" },
    },
  ],
  accounts: [
    { id: "111111111111", name: "Management" },
    { id: "222222222222", name: "Prod" },
    { id: "333333333333", name: "Staging" },
    { id: "444444444444", name: "Sandbox" },
  ],
  grants: [
    { principal: "group:aws-sso-read-only", set: "ViewOnlyAccess", accounts: ["222222222222", "333333333333", "444444444444"] },
    { principal: "group:aws-sso-admins", set: "AdministratorAccess", accounts: ["222222222222", "333333333333", "444444444444"] },
    { principal: "group:aws-sso-admins", set: "ViewOnlyAccess", accounts: ["111111111111"] },
    { principal: "user:break-glass@example.com", set: "AdministratorAccess", accounts: ["111111111111"] },
  ],
  abac: { Department: "${path:enterprise.department}" },
  provisioning: "active",
  mappingFixed: true,
  ...over,
});

/** The benchmark's enterprise: `accounts` accounts, `groups` groups, `sets` permission sets, about `grants` assignments. */
export function enterpriseScenario(size: { accounts: number; groups: number; sets: number; grants: number } = { accounts: 2000, groups: 150, sets: 40, grants: 20_000 }): Scenario {
  const accounts = Array.from({ length: size.accounts }, (_, i) => ({ id: String(100000000000 + i * 7919), name: `Account ${i}` }));
  const sets: ScenarioSet[] = Array.from({ length: size.sets }, (_, i) => ({
    name: `Set${String(i).padStart(2, "0")}`,
    description: `Permission set ${i}`,
    sessionDuration: `PT${1 + (i % 12)}H`,
    managed: [i === 0 ? "arn:aws:iam::aws:policy/AdministratorAccess" : `arn:aws:iam::aws:policy/job-function/ViewOnlyAccess`],
  }));
  const groups: ScenarioGroup[] = Array.from({ length: size.groups }, (_, i) => ({ name: `team-${String(i).padStart(3, "0")}`, members: [] }));
  // Each group holds a few sets over a contiguous slice of accounts; the total is about `grants`.
  const perGroup = Math.ceil(size.grants / size.groups);
  const setsPerGroup = 3;
  const grants: { principal: string; set: string; accounts: string[] }[] = [];
  let total = 0;
  groups.forEach((g, gi) => {
    for (let k = 0; k < setsPerGroup && total < size.grants; k++) {
      const n = Math.min(Math.ceil(perGroup / setsPerGroup), size.grants - total);
      const start = (gi * 37 + k * 101) % size.accounts;
      const ids = Array.from({ length: n }, (_, j) => accounts[(start + j) % size.accounts].id);
      grants.push({ principal: `group:${g.name}`, set: sets[(gi + k) % size.sets].name, accounts: [...new Set(ids)] });
      total += new Set(ids).size;
    }
  });
  return smallScenario({
    users: ["alice@example.com", "break-glass@example.com"],
    groups,
    sets,
    accounts,
    grants: [...grants, { principal: "user:break-glass@example.com", set: sets[0].name, accounts: [accounts[0].id] }],
    abac: undefined,
  });
}

/** Ids the scenario's objects have in Entra and IAM Identity Center. */
export const ids = {
  group: (s: Scenario, name: string) => guid(`${s.tenantId}/group/${name}`),
  user: (s: Scenario, upn: string) => guid(`${s.tenantId}/user/${upn}`),
  icGroup: (s: Scenario, name: string) => guid(`${s.identityStoreId}/group/${name}`),
  icUser: (s: Scenario, upn: string) => guid(`${s.identityStoreId}/user/${upn}`),
  set: (s: Scenario, name: string) => `${s.instanceArn.replace(":instance/", ":permissionSet/")}/ps-${hex(`ps/${name}`, 16)}`,
  sp: (s: Scenario) => guid(`${s.tenantId}/sp`),
  app: (s: Scenario) => guid(`${s.tenantId}/app`),
  appId: (s: Scenario) => guid(`${s.tenantId}/appId`),
  assignment: (_s: Scenario, principalId: string) => Buffer.from(guid(`assign/${principalId}`)).toString("base64url").slice(0, 43),
  job: (s: Scenario) => `${s.kind === "gallery" ? "aWSSingleSignon" : "scim"}.${hex(`${s.tenantId}/job`, 32)}.${s.tenantId}`,
  policy: (s: Scenario, group: string) => `Group_${ids.group(s, group)}_${guid(`policy/${group}`)}`,
  schedule: (s: Scenario, group: string, upn: string) => `${ids.group(s, group)}_member_${guid(`schedule/${group}/${upn}`)}`,
  certVerifyKey: (s: Scenario) => guid(`${s.tenantId}/cert/verify`),
  thumbprint: (s: Scenario) => hex(`${s.tenantId}/thumb`, 40).toUpperCase(),
  roleUser: "8774f594-1d59-4279-b9d9-59ef09a23530",
  roleMsiam: "e7f1a7f3-9eda-48e0-9963-bd67bf531afd",
  acs: (s: Scenario) => `https://${s.region}.signin.aws.amazon.com/platform/saml/acs/${s.tenantId}`,
  issuer: (s: Scenario) => `https://${s.region}.signin.aws.amazon.com/platform/saml/${s.identityStoreId}`,
};

const ctx = (what: string) => `https://graph.microsoft.com/v1.0/$metadata#${what}`;

function pages<T>(items: readonly T[], size: number): T[][] {
  if (items.length === 0) return [[]];
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

const awsPages = (key: string, items: readonly unknown[], size: number) =>
  pages(items, size).map((p, i, all) => ({ [key]: p, ...(i < all.length - 1 ? { NextToken: `token-${key}-${i + 1}` } : {}) }));

function graphPages(context: string, items: readonly unknown[], size: number, url: string) {
  return pages(items, size).map((p, i, all) => ({
    "@odata.context": context,
    value: p,
    ...(i < all.length - 1 ? { "@odata.nextLink": `${url}${url.includes("?") ? "&" : "?"}$skiptoken=page${i + 1}` } : {}),
  }));
}

/** The schema of the job: the template's (test/fixtures/scim, mailNickname + mobile/fax), fixed or not. */
export function scenarioSchema(s: Scenario): any {
  const schema = JSON.parse(readFileSync(join(ROOT, "test", "fixtures", "scim", "synchronization-schema.json"), "utf8"));
  if (!s.mappingFixed) return schema;
  for (const r of schema.synchronizationRules) {
    for (const om of r.objectMappings) {
      om.attributeMappings = om.attributeMappings
        .filter((am: any) => !/^phoneNumbers\[type eq "(mobile|fax)"\]/.test(am.targetAttributeName))
        .map((am: any) => (am.targetAttributeName === "externalId" ? { ...am, source: { expression: "[objectId]", name: "objectId", parameters: [], type: "Attribute" } } : am));
    }
  }
  return schema;
}

/** What the services answer for a scenario, request by request (the pages, in order). */
export function respond(s: Scenario, r: AwsRequest | GraphRequest, pageSize = 100): unknown[] {
  return "service" in r ? awsRespond(s, r, pageSize) : graphRespond(s, r, pageSize);
}

function param(r: AwsRequest, name: string): string {
  return r.params.find(([k]) => k === name)?.[1] ?? "";
}

function awsRespond(s: Scenario, r: AwsRequest, size: number): unknown[] {
  const setByArn = new Map(s.sets.map((x) => [ids.set(s, x.name), x]));
  const set = setByArn.get(param(r, "permission-set-arn") || param(r, "resource-arn"));
  const assignedAccounts = (name: string) => [...new Set(s.grants.filter((g) => g.set === name).flatMap((g) => g.accounts))].sort();
  const principalId = (p: string) => (p.startsWith("group:") ? ids.icGroup(s, p.slice(6)) : ids.icUser(s, p.slice(5)));
  switch (r.operation) {
    case "list-instances":
      return awsPages("Instances", [{ InstanceArn: s.instanceArn, IdentityStoreId: s.identityStoreId, OwnerAccountId: "111111111111", Name: "", CreatedDate: "2024-03-01T09:00:00.000000+00:00", Status: "ACTIVE" }], size);
    case "list-permission-sets":
      return awsPages("PermissionSets", s.sets.map((x) => ids.set(s, x.name)), size);
    case "describe-permission-set":
      if (!set) break;
      return [{ PermissionSet: { Name: set.name, PermissionSetArn: ids.set(s, set.name), ...(set.description ? { Description: set.description } : {}), CreatedDate: "2024-03-01T09:00:00.000000+00:00", SessionDuration: set.sessionDuration, ...(set.relayState ? { RelayState: set.relayState } : {}) } }];
    case "list-managed-policies-in-permission-set":
      if (!set) break;
      return awsPages("AttachedManagedPolicies", set.managed.map((arn) => ({ Name: arn.slice(arn.lastIndexOf("/") + 1), Arn: arn })), size);
    case "list-customer-managed-policy-references-in-permission-set":
      if (!set) break;
      return awsPages("CustomerManagedPolicyReferences", (set.customer ?? []).map((c) => ({ Name: c.name, Path: c.path })), size);
    case "get-inline-policy-for-permission-set":
      if (!set) break;
      return [{ InlinePolicy: set.inline ? JSON.stringify(set.inline, null, 4) : "" }];
    case "get-permissions-boundary-for-permission-set": {
      if (!set) break;
      const b = set.boundary;
      if (!b) return [{}];
      return [{ PermissionsBoundary: "managedPolicyArn" in b ? { ManagedPolicyArn: b.managedPolicyArn } : { CustomerManagedPolicyReference: { Name: b.customerManagedPolicy.name, Path: b.customerManagedPolicy.path } } }];
    }
    case "list-tags-for-resource":
      if (!set) break;
      return awsPages("Tags", Object.entries(set.tags ?? {}).map(([Key, Value]) => ({ Key, Value })), size);
    case "list-accounts-for-provisioned-permission-set":
      if (!set) break;
      return awsPages("AccountIds", assignedAccounts(set.name), size);
    case "list-account-assignments": {
      if (!set) break;
      const account = param(r, "account-id");
      const list = s.grants
        .filter((g) => g.set === set.name && g.accounts.includes(account))
        .map((g) => ({ AccountId: account, PermissionSetArn: ids.set(s, set.name), PrincipalType: g.principal.startsWith("group:") ? "GROUP" : "USER", PrincipalId: principalId(g.principal) }));
      return awsPages("AccountAssignments", list, size);
    }
    case "describe-instance-access-control-attribute-configuration":
      if (!s.abac) return [{}];
      return [{ Status: "ENABLED", StatusReason: "", InstanceAccessControlAttributeConfiguration: { AccessControlAttributes: Object.entries(s.abac).map(([Key, src]) => ({ Key, Value: { Source: [src] } })) } }];
    case "list-groups":
      return awsPages(
        "Groups",
        s.groups.map((g) => ({ GroupId: ids.icGroup(s, g.name), DisplayName: g.name, ExternalIds: [{ Issuer: `https://scim.${s.region}.amazonaws.com/${hex("scim", 11)}/scim/v2`, Id: ids.group(s, g.name) }], ...(g.description ? { Description: g.description } : {}), IdentityStoreId: s.identityStoreId })),
        size,
      );
    case "list-users":
      return awsPages(
        "Users",
        s.users.map((u) => ({
          UserName: u,
          UserId: ids.icUser(s, u),
          ExternalIds: [{ Issuer: `https://scim.${s.region}.amazonaws.com/${hex("scim", 11)}/scim/v2`, Id: ids.user(s, u) }],
          Name: { FamilyName: u.split("@")[0], GivenName: u.split("@")[0] },
          DisplayName: u.split("@")[0],
          Emails: [{ Value: u, Type: "work", Primary: true }],
          IdentityStoreId: s.identityStoreId,
        })),
        size,
      );
    case "list-accounts":
      return awsPages("Accounts", s.accounts.map((a) => accountJson(a)), size);
    case "list-accounts-for-parent": {
      const ou = s.ous?.[param(r, "parent-id")];
      return awsPages("Accounts", (ou?.accounts ?? []).map((id) => accountJson(s.accounts.find((a) => a.id === id) ?? { id, name: id })), size);
    }
    case "list-organizational-units-for-parent": {
      const ou = s.ous?.[param(r, "parent-id")];
      return awsPages("OrganizationalUnits", (ou?.children ?? []).map((id) => ({ Id: id, Arn: `arn:aws:organizations::111111111111:ou/o-example/${id}`, Name: id })), size);
    }
  }
  throw new ReadError(`scenario: no answer for aws ${r.service} ${r.operation} ${JSON.stringify(r.params)}`);
}

function accountJson(a: { id: string; name: string; state?: string }) {
  const state = a.state ?? "ACTIVE";
  return { Id: a.id, Arn: `arn:aws:organizations::111111111111:account/o-example/${a.id}`, Email: `aws+${a.id}@example.com`, Name: a.name, Status: state === "ACTIVE" ? "ACTIVE" : "SUSPENDED", State: state, JoinedMethod: "CREATED", JoinedTimestamp: "2024-03-01T09:00:00.000000+00:00" };
}

function graphRespond(s: Scenario, r: GraphRequest, size: number): unknown[] {
  const url = `${GRAPH_BASE}${r.path}`;
  const sp = ids.sp(s);
  const appId = ids.appId(s);
  const user = (upn: string) => ({ "@odata.type": "#microsoft.graph.user", id: ids.user(s, upn), userPrincipalName: upn });
  const assigned = s.groups.filter((g) => g.assigned !== false);
  const directUsers = [...new Set(s.grants.filter((g) => g.principal.startsWith("user:")).map((g) => g.principal.slice(5)))];
  let m: RegExpExecArray | null;
  if (r.path === "organization?$select=id") return graphPages(ctx("organization(id)"), [{ id: s.tenantId }], size, url);
  if (r.path === `servicePrincipals(appId='${appId}')`) {
    const rotatedThumb = hex(`${s.tenantId}/thumb/rotated`, 40).toUpperCase();
    const thumb = s.rotatedCertificateEnd ? rotatedThumb : ids.thumbprint(s);
    const pair = (thumbprint: string, end: string, seed: string) =>
      (["Sign", "Verify"] as const).map((usage) => ({ customKeyIdentifier: thumbprint, displayName: "CN=Microsoft Azure Federated SSO Certificate", endDateTime: end, key: null, keyId: guid(`${s.tenantId}/cert${seed}/${usage.toLowerCase()}`), startDateTime: "2025-11-01T00:00:00Z", type: "AsymmetricX509Cert", usage }));
    return [
      {
        "@odata.context": ctx("servicePrincipals/$entity"),
        id: sp,
        appId,
        displayName: s.appName,
        applicationTemplateId: s.kind === "gallery" ? AWS_IAM_IDENTITY_CENTER_TEMPLATE_ID : NON_GALLERY_TEMPLATE_ID,
        appRoleAssignmentRequired: true,
        loginUrl: `https://${s.identityStoreId}.awsapps.com/start`,
        notificationEmailAddresses: [...s.notificationEmails],
        preferredSingleSignOnMode: "saml",
        preferredTokenSigningKeyThumbprint: thumb,
        servicePrincipalType: "Application",
        tags: s.kind === "gallery" ? ["WindowsAzureActiveDirectoryGalleryApplicationNonPrimaryV1", "WindowsAzureActiveDirectoryIntegratedApp"] : ["WindowsAzureActiveDirectoryCustomSingleSignOnApplication", "WindowsAzureActiveDirectoryIntegratedApp"],
        appRoles: [
          { allowedMemberTypes: ["User"], description: "User", displayName: "User", id: ids.roleUser, isEnabled: true, origin: "Application", value: null },
          { allowedMemberTypes: ["User"], description: "msiam_access", displayName: "msiam_access", id: ids.roleMsiam, isEnabled: true, origin: "Application", value: null },
        ],
        keyCredentials: [...pair(ids.thumbprint(s), s.certificateEnd, ""), ...(s.rotatedCertificateEnd ? pair(rotatedThumb, s.rotatedCertificateEnd, "/rotated") : [])],
      },
    ];
  }
  if (r.path === `applications(appId='${appId}')`) {
    return [{ "@odata.context": ctx("applications/$entity"), id: ids.app(s), appId, displayName: s.appName, identifierUris: [ids.issuer(s)], web: { homePageUrl: null, logoutUrl: null, redirectUris: [ids.acs(s)], implicitGrantSettings: { enableAccessTokenIssuance: false, enableIdTokenIssuance: false } } }];
  }
  if (r.path.startsWith(`applications(appId='${appId}')/owners`)) return graphPages(ctx("directoryObjects(id,userPrincipalName)"), s.owners.map(user), size, url);
  if (r.path.startsWith(`servicePrincipals/${sp}/appRoleAssignedTo`)) {
    const value = [
      ...assigned.map((g) => ({ id: ids.assignment(s, ids.group(s, g.name)), deletedDateTime: null, appRoleId: ids.roleUser, createdDateTime: "2025-11-02T10:00:00Z", principalDisplayName: g.name, principalId: ids.group(s, g.name), principalType: "Group", resourceDisplayName: s.appName, resourceId: sp })),
      ...directUsers.map((u) => ({ id: ids.assignment(s, ids.user(s, u)), deletedDateTime: null, appRoleId: ids.roleUser, createdDateTime: "2025-11-02T10:00:00Z", principalDisplayName: u.split("@")[0], principalId: ids.user(s, u), principalType: "User", resourceDisplayName: s.appName, resourceId: sp })),
    ];
    return graphPages(ctx(`servicePrincipals('${sp}')/appRoleAssignedTo`), value, size, url);
  }
  const groupById = new Map(s.groups.map((g) => [ids.group(s, g.name), g]));
  if ((m = /^groups\/([0-9a-f-]{36})\?\$select=/.exec(r.path))) {
    const g = groupById.get(m[1]);
    if (g) return [{ "@odata.context": ctx("groups(id,displayName,description,securityEnabled,mailEnabled,groupTypes)/$entity"), id: m[1], displayName: g.name, description: g.description ?? null, securityEnabled: !g.mailEnabled, mailEnabled: g.mailEnabled ?? false, groupTypes: g.mailEnabled ? ["Unified"] : [] }];
  }
  if ((m = /^groups\/([0-9a-f-]{36})\/members/.exec(r.path))) {
    const g = groupById.get(m[1]);
    if (g) return graphPages(ctx("directoryObjects(id,userPrincipalName)"), g.members.map(user), size, url);
  }
  if ((m = /^groups\/([0-9a-f-]{36})\/owners/.exec(r.path))) {
    if (groupById.has(m[1])) return graphPages(ctx("directoryObjects(id,userPrincipalName)"), [user(s.owners[0])], size, url);
  }
  if ((m = /groupId eq '([0-9a-f-]{36})'/.exec(r.path)) && r.path.startsWith("identityGovernance/")) {
    const g = groupById.get(m[1]);
    if (g) {
      const value = (g.eligible ?? []).map((e) => ({
        id: ids.schedule(s, g.name, e.upn),
        createdDateTime: "2025-11-02T10:00:00Z",
        modifiedDateTime: "2025-11-02T10:00:00Z",
        createdUsing: ids.schedule(s, g.name, e.upn),
        status: "Provisioned",
        scheduleInfo: { startDateTime: "2025-11-02T10:00:00Z", recurrence: null, expiration: e.end === "permanent" ? { type: "noExpiration", endDateTime: null, duration: null } : { type: "afterDateTime", endDateTime: e.end, duration: null } },
        accessId: "member",
        principalId: ids.user(s, e.upn),
        memberType: "direct",
        groupId: m?.[1],
      }));
      return graphPages(ctx("identityGovernance/privilegedAccess/group/eligibilitySchedules"), value, size, url);
    }
  }
  if ((m = /scopeId eq '([0-9a-f-]{36})'/.exec(r.path)) && r.path.startsWith("policies/")) {
    const g = groupById.get(m[1]);
    if (g) {
      const policyId = ids.policy(s, g.name);
      const rules = [
        { "@odata.type": "#microsoft.graph.unifiedRoleManagementPolicyExpirationRule", id: "Expiration_Admin_Eligibility", isExpirationRequired: true, maximumDuration: "P365D", target: { caller: "Admin", operations: ["All"], level: "Eligibility" } },
        { "@odata.type": "#microsoft.graph.unifiedRoleManagementPolicyExpirationRule", id: "Expiration_EndUser_Assignment", isExpirationRequired: true, maximumDuration: "PT4H", target: { caller: "EndUser", operations: ["All"], level: "Assignment" } },
        { "@odata.type": "#microsoft.graph.unifiedRoleManagementPolicyEnablementRule", id: "Enablement_EndUser_Assignment", enabledRules: ["MultiFactorAuthentication", "Justification"], target: { caller: "EndUser", operations: ["All"], level: "Assignment" } },
        {
          "@odata.type": "#microsoft.graph.unifiedRoleManagementPolicyApprovalRule",
          id: "Approval_EndUser_Assignment",
          setting: {
            isApprovalRequired: s.approvers.length > 0,
            approvalMode: "SingleStage",
            approvalStages: [{ approvalStageTimeOutInDays: 1, isApproverJustificationRequired: true, primaryApprovers: s.approvers.map((a) => ({ "@odata.type": "#microsoft.graph.singleUser", userId: ids.user(s, a), description: a })) }],
          },
          target: { caller: "EndUser", operations: ["All"], level: "Assignment" },
        },
      ];
      return graphPages(ctx("policies/roleManagementPolicyAssignments(policy(rules()))"), [{ id: `${policyId}_member`, policyId, scopeId: m[1], scopeType: "Group", roleDefinitionId: "member", policy: { id: policyId, displayName: "Group", isOrganizationDefault: false, scopeId: m[1], scopeType: "Group", rules } }], size, url);
    }
  }
  if ((m = /^users\/([0-9a-f-]{36})\?/.exec(r.path))) {
    const upn = s.users.find((u) => ids.user(s, u) === m?.[1]);
    if (upn) return [{ "@odata.context": ctx("users(id,userPrincipalName)/$entity"), id: m[1], userPrincipalName: upn }];
  }
  if (r.path === `servicePrincipals/${sp}/synchronization/jobs`) {
    const jobs = s.provisioning === "none" ? [] : [{ id: ids.job(s), templateId: s.kind === "gallery" ? "aWSSingleSignon" : "scim", schedule: { expiration: null, interval: "PT40M", state: s.provisioning === "active" ? "Active" : "Paused" }, status: { code: s.provisioning === "active" ? "Active" : "Paused" }, synchronizationJobSettings: [] }];
    return graphPages(ctx(`servicePrincipals('${sp}')/synchronization/jobs`), jobs, size, url);
  }
  if (r.path === `servicePrincipals/${sp}/synchronization/jobs/${ids.job(s)}/schema`) return [scenarioSchema(s)];
  throw new ReadError(`scenario: no answer for GET ${r.path}`);
}

/** A source that answers from the scenario, recording every request it answered (to write an export). */
export function scenarioSource(s: Scenario, pageSize = 100): Source & { readonly answered: Map<string, { request: AwsRequest | GraphRequest; pages: unknown[] }> } {
  const answered = new Map<string, { request: AwsRequest | GraphRequest; pages: unknown[] }>();
  const answer = async (r: AwsRequest | GraphRequest) => {
    const p = respond(s, r, pageSize);
    answered.set(r.file, { request: r, pages: p });
    return p;
  };
  return { label: "scenario", aws: answer, graph: answer, answered };
}

/** Writes the export folder the README's commands would have written (each file: its pages, one JSON document after another). */
export function writeExport(dir: string, answered: ReturnType<typeof scenarioSource>["answered"]): void {
  for (const [file, { pages: p }] of answered) {
    const path = join(dir, ...file.split("/"));
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, p.map((x) => JSON.stringify(x, null, 2)).join("\n"));
  }
}

/** The grant keys a scenario holds (written independently of the code under test). */
export function scenarioGrantKeys(s: Scenario): string[] {
  return [...new Set(s.grants.flatMap((g) => g.accounts.map((a) => `${g.principal}/${g.set}/${a}`)))].sort();
}

/** The scenario as the README's export script would have saved it (pages of `pageSize`), read back through the export source. */
export async function viaExport(s: Scenario, pageSize: number, groupDetails: true | undefined): Promise<Snapshot> {
  const recorder = scenarioSource(s, pageSize);
  await readSnapshot(recorder, { appId: ids.appId(s), groupDetails });
  const dir = mkdtempSync(join(tmpdir(), "adopt-export-"));
  try {
    writeExport(dir, recorder.answered);
    return await readSnapshot(exportSource(dir), { appId: ids.appId(s), groupDetails, exportDir: dir });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
