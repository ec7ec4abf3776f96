/**
 * From a snapshot (what exists) to a federation file in the contract of `config/federation.yaml`, plus the names
 * that tie the file to the live objects (for import ids and drift). Pure.
 *
 * - Permission sets with every attachment (managed and customer-managed policies, inline policy, boundary, tags,
 *   session duration, relay state, description).
 * - Assignments grouped back per principal and permission set, with their accounts (by inventory name).
 * - Groups: every group assigned to the enterprise application. By default an `objectId` entry (assigned, never
 *   changed: members stay managed in Entra); groups named in `manageGroups` carry their description, owners, standing
 *   members and PIM (eligibilities and activation rules), and are imported and managed from then on.
 * - The application (kind from its template, display name, notification e-mails, owners, active signing
 *   certificate), SSO values (ACS and issuer from the application, access portal from its sign-on URL), and what can
 *   be read of provisioning (job present and running, its template, whether the attribute-mapping fix is in place).
 *   What cannot be read (scope, deletion threshold: they live in the synchronization credentials, which are not read
 *   so the token is never touched) takes the defaults and is said in the notes.
 *
 * With `base` (drift), names and the settings no API shows (the SCIM secret, state, review and protection settings,
 * the shard count, OU targets …) come from that file, so the two compare key for key.
 */
import { type Message, messages } from "../model/messages";
import { AWS_IAM_IDENTITY_CENTER_TEMPLATE_ID, DEFAULT_PROVISIONING_RULE_ID, NON_GALLERY_TEMPLATE_ID } from "../model/schema";
import { DEFAULT_CERTIFICATE_KEY, signingCertificates } from "../model/certificates";
import { automaticShardCount } from "../model/shard-count";
import { assignmentPrincipal } from "../model/expand";
import type { FederationModel } from "../model/model";
import { resolveAccountRef } from "../model/model";
import { cmp } from "./read";
import type { AccountAssignmentSnapshot, DirectoryRef, EntraGroupSnapshot, SigningCertificateSnapshot, Snapshot } from "./snapshot";

/** Something the reader of the output must know: what was not read, defaulted, or left out. */
export interface AdoptNote {
  readonly id: string;
  readonly message: string;
}

/** Something that stops adoption (the live setup cannot be described by a valid file). */
export interface AdoptProblem {
  readonly id: string;
  readonly message: string;
}

export interface BuildOptions {
  /** Groups (by Entra object id or display name) to manage: description, owners, members and PIM. `true`: all. @default none */
  readonly manageGroups?: ReadonlySet<string> | true;
  /** The SCIM secret: created by the stacks (default), or an existing one that is only read. */
  readonly scimSecret?: { readonly name: string; readonly existing: boolean };
  /** Overrides of values no API returns. */
  readonly accessPortalUrl?: string;
  readonly region?: string;
  /** Keep provision on demand on (pushes every group once on the first deploy). @default false */
  readonly provisionOnDemand?: boolean;
  /** Names taken instead of the derived ones (after the loader refused a derived name): key `group:<objectId>` / `account:<id>`. */
  readonly renames?: ReadonlyMap<string, string>;
  /** Drift: the federation file to compare with (names and unreadable settings come from it). */
  readonly base?: FederationModel;
  /** "Today" (an eligibility that ended is left out). */
  readonly now: Date;
}

/** How the file names the live objects: what import ids and drift need. */
export interface Naming {
  /** File group name → Entra object id (assigned groups; groups only in IAM Identity Center have none). */
  readonly groupObjectIds: ReadonlyMap<string, string>;
  /** Principal key (`group:<name>`, `user:<upn>`) → identity-store id. */
  readonly principalIds: ReadonlyMap<string, string>;
  /** Lower-cased UPN → Entra object id, for every user the snapshot names (owners, members, assigned users). */
  readonly userObjectIds: ReadonlyMap<string, string>;
  /** Permission-set name → ARN. */
  readonly permissionSetArns: ReadonlyMap<string, string>;
  /** Groups whose description, members and PIM the file manages. */
  readonly managedGroups: ReadonlySet<string>;
}

export interface BuildResult {
  /** The federation file as data (input side of the contract), ready to write as YAML. */
  readonly spec: Record<string, unknown>;
  readonly naming: Naming;
  readonly notes: readonly AdoptNote[];
  readonly problems: readonly AdoptProblem[];
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function buildFederation(snapshot: Snapshot, options: BuildOptions): BuildResult {
  const { aws, entra } = snapshot;
  const base = options.base?.spec;
  const notes: AdoptNote[] = [];
  const problems: AdoptProblem[] = [];
  const note = (m: Message) => notes.push({ id: m.id, message: m.message });
  const problem = (m: Message) => problems.push({ id: m.id, message: m.message });
  const renames = options.renames ?? new Map<string, string>();

  // --- how the base spells principals (drift: the same person written the same way is no change) -------------------
  const spelled = new Map<string, string>();
  if (base) {
    const remember = (p: string) => spelled.set(p.toLowerCase(), p);
    (base.entra?.application.owners ?? []).forEach(remember);
    for (const g of Object.values(base.groups)) {
      (g.owners ?? []).forEach(remember);
      (g.members ?? []).forEach(remember);
      (g.eligibleMembers ?? []).forEach((e) => remember(e.principal));
      (g.activation?.approvers ?? []).forEach(remember);
    }
  }
  // Every UPN the snapshot knows, by object id (owners, members, directly assigned users): an eligible principal or
  // approver is written by UPN when it is known anywhere, by object id otherwise.
  const upnById = new Map<string, string>();
  for (const r of [...entra.owners, ...entra.groups.flatMap((g) => [...(g.members ?? []), ...(g.owners ?? [])])]) if (r.userPrincipalName) upnById.set(r.id, r.userPrincipalName);
  for (const u of entra.users) upnById.set(u.objectId, u.userPrincipalName);
  /** A directory object as the file writes it: the base's spelling (UPN or id), else the UPN of a user, else the object id. */
  const principal = (ref: { id: string; userPrincipalName?: string }): string => {
    const upn = ref.userPrincipalName ?? upnById.get(ref.id);
    return spelled.get(ref.id) ?? (upn ? (spelled.get(upn.toLowerCase()) ?? upn) : ref.id);
  };

  // --- groups ---------------------------------------------------------------------------------------------------------
  const manage = options.manageGroups;
  const baseGroupByObjectId = new Map<string, string>();
  const baseManagedByName = new Map<string, string>();
  for (const [name, g] of Object.entries(base?.groups ?? {})) {
    if (g.objectId) baseGroupByObjectId.set(g.objectId.toLowerCase(), name);
    else baseManagedByName.set(name.toLowerCase(), name);
  }
  const isManaged = (g: EntraGroupSnapshot) =>
    base ? !baseGroupByObjectId.has(g.objectId) && baseManagedByName.has(g.displayName.toLowerCase()) : manage === true || (manage?.has(g.objectId) ?? false) || (manage?.has(g.displayName) ?? false);

  const groupName = new Map<string, string>(); // object id -> file name
  const taken = new Set<string>();
  const sortedGroups = [...entra.groups].sort((a, b) => cmp(a.displayName, b.displayName) || cmp(a.objectId, b.objectId));
  const displayNameCount = new Map<string, number>();
  for (const g of sortedGroups) displayNameCount.set(g.displayName.toLowerCase(), (displayNameCount.get(g.displayName.toLowerCase()) ?? 0) + 1);
  for (const g of sortedGroups) {
    const fromBase = baseGroupByObjectId.get(g.objectId) ?? (isManaged(g) ? baseManagedByName.get(g.displayName.toLowerCase()) : undefined);
    let name = renames.get(`group:${g.objectId}`) ?? fromBase;
    if (name === undefined) {
      const unique = displayNameCount.get(g.displayName.toLowerCase()) === 1;
      name = unique && g.displayName.trim() !== "" ? g.displayName : `${slug(g.displayName) || "group"}-${g.objectId.slice(0, 8)}`;
    }
    if (taken.has(name.toLowerCase())) name = `${name}-${g.objectId.slice(0, 8)}`;
    taken.add(name.toLowerCase());
    groupName.set(g.objectId, name);
  }

  // Identity-store groups → file groups: by external id (the Entra object id SCIM writes), else by display name.
  const entraById = new Map(entra.groups.map((g) => [g.objectId, g]));
  const entraByName = new Map<string, EntraGroupSnapshot[]>();
  for (const g of entra.groups) entraByName.set(g.displayName, [...(entraByName.get(g.displayName) ?? []), g]);
  const icGroupFile = new Map<string, string>(); // identity-store group id -> file group name
  const icOnly = new Map<string, string>(); // identity-store group id -> display name (no Entra group assigned)
  for (const ig of aws.groups) {
    const byEid = ig.externalIds.map((e) => entraById.get(e.id.toLowerCase())).find((x) => x !== undefined);
    const byName = entraByName.get(ig.displayName);
    const match = byEid ?? (byName?.length === 1 && !ig.externalIds.some((e) => GUID.test(e.id) && !entraById.has(e.id.toLowerCase())) ? byName[0] : undefined);
    if (match) icGroupFile.set(ig.groupId, groupName.get(match.objectId) as string);
    else icOnly.set(ig.groupId, ig.displayName);
  }

  // --- accounts -------------------------------------------------------------------------------------------------------
  const accountById = new Map(aws.accounts.map((a) => [a.id, a]));
  const baseAccountName = new Map<string, string>();
  for (const [name, a] of Object.entries(base?.accounts ?? {})) if (!baseAccountName.has(a.id)) baseAccountName.set(a.id, name);
  const accountName = new Map<string, string>();
  const usedAccountNames = new Set<string>();
  const nameAccount = (id: string): string => {
    let name = accountName.get(id);
    if (name !== undefined) return name;
    name = renames.get(`account:${id}`) ?? baseAccountName.get(id);
    if (name === undefined) {
      const s = slug(accountById.get(id)?.name ?? "");
      name = s && !/^\d{12}$/.test(s) ? s : `account-${id}`;
    }
    if (usedAccountNames.has(name)) name = `${name}-${id}`;
    usedAccountNames.add(name);
    accountName.set(id, name);
    return name;
  };
  if (base) for (const [id, name] of baseAccountName) (accountName.set(id, name), usedAccountNames.add(name));

  // --- principals of the assignments ------------------------------------------------------------------------------------
  const userById = new Map(aws.users.map((u) => [u.userId, u]));
  const setByArn = new Map(aws.permissionSets.map((p) => [p.arn, p]));
  const principalIds = new Map<string, string>();
  type Pair = { kind: "group" | "user"; name: string; set: string; accounts: Set<string> };
  const pairs = new Map<string, Pair>();
  const unmatched = new Map<string, { name: string; count: number }>();
  const liveGrant = (a: AccountAssignmentSnapshot): void => {
    const set = setByArn.get(a.permissionSetArn);
    if (!set) return void problem(messages.adoptUnknownPermissionSet(a.accountId, a.permissionSetArn));
    let kind: "group" | "user";
    let name: string | undefined;
    if (a.principalType === "GROUP") {
      kind = "group";
      name = icGroupFile.get(a.principalId);
      if (name === undefined) {
        const display = icOnly.get(a.principalId) ?? a.principalId;
        if (!base) {
          const u = unmatched.get(a.principalId) ?? { name: display, count: 0 };
          u.count++;
          unmatched.set(a.principalId, u);
          return;
        }
        name = display; // drift: shown under its IAM Identity Center name
      }
    } else {
      kind = "user";
      const u = userById.get(a.principalId);
      if (!u || !u.userName) return void problem(messages.adoptUnknownUser(a.accountId, set.name, a.principalId));
      name = u.userName.toLowerCase();
    }
    principalIds.set(`${kind}:${name}`, a.principalId);
    const key = `${kind}:${name}/${set.name}`;
    let pair = pairs.get(key);
    if (!pair) pairs.set(key, (pair = { kind, name, set: set.name, accounts: new Set() }));
    pair.accounts.add(a.accountId);
  };
  aws.assignments.forEach(liveGrant);
  for (const [id, u] of unmatched) {
    problem(messages.adoptGroupNotInEntra(u.name, id, u.count));
  }
  // Every identity-store principal of the file, also without grants (the principal resolver matches them).
  for (const [gid, name] of icGroupFile) if (!principalIds.has(`group:${name}`)) principalIds.set(`group:${name}`, gid);

  // --- assignments (with the base's OU targets kept as targets: drift) -----------------------------------------------
  const assignments: Record<string, unknown>[] = [];
  const ouCovered = new Map<string, Set<string>>(); // pair key -> accounts the base's OU targets cover
  if (base) {
    base.assignments.forEach((a) => {
      if (!a.organizationalUnits?.length) return;
      const p = assignmentPrincipal(a);
      const key = `${p.kind}:${p.name}/${a.permissionSet}`;
      const live = pairs.get(key)?.accounts ?? new Set<string>();
      const excluded = new Set((a.excludeAccounts ?? []).map((r) => resolveAccountRef(base, r)).filter((x): x is string => x !== undefined));
      const below = new Set<string>();
      for (const ou of a.organizationalUnits) for (const acc of aws.organizationalUnits[ou] ?? []) if ((acc.state ?? "") === "ACTIVE") below.add(acc.id);
      const covered = ouCovered.get(key) ?? new Set<string>();
      const missing: string[] = [];
      for (const id of below) {
        if (excluded.has(id)) continue;
        covered.add(id);
        if (!live.has(id)) missing.push(id);
      }
      ouCovered.set(key, covered);
      const entry: Record<string, unknown> = { ...(p.kind === "group" ? { group: p.name } : { user: a.user }), permissionSet: a.permissionSet, organizationalUnits: [...a.organizationalUnits] };
      const exclude = [...(a.excludeAccounts ?? []), ...missing.sort(cmp).map((id) => accountName.get(id) ?? id)];
      if (exclude.length) entry.excludeAccounts = exclude;
      assignments.push(entry);
    });
  }
  const userSpelling = new Map<string, string>();
  for (const a of base?.assignments ?? []) if (a.user) userSpelling.set(a.user.toLowerCase(), a.user);
  for (const pair of [...pairs.values()].sort((x, y) => cmp(`${x.kind}:${x.name}`, `${y.kind}:${y.name}`) || cmp(x.set, y.set))) {
    const covered = ouCovered.get(`${pair.kind}:${pair.name}/${pair.set}`);
    const ids = [...pair.accounts].filter((id) => !covered?.has(id)).sort(cmp);
    if (ids.length === 0) continue;
    const refs = ids.map((id) => (base ? (accountName.get(id) ?? id) : nameAccount(id))).sort(cmp);
    assignments.push({ ...(pair.kind === "group" ? { group: pair.name } : { user: userSpelling.get(pair.name) ?? pair.name }), permissionSet: pair.set, accounts: refs });
  }

  const accounts: Record<string, { id: string }> = {};
  for (const [id, name] of [...accountName.entries()].sort(([, a], [, b]) => cmp(a, b))) accounts[name] = { id };

  // --- groups section ---------------------------------------------------------------------------------------------------
  const groups: Record<string, Record<string, unknown>> = {};
  const managedGroups = new Set<string>();
  const roleName = new Map(entra.servicePrincipal.appRoles.map((r) => [r.id, r.displayName]));
  const groupObjectIds = new Map<string, string>();
  for (const g of sortedGroups) {
    const name = groupName.get(g.objectId) as string;
    groupObjectIds.set(name, g.objectId);
    const roles = entra.appRoleAssignments.filter((a) => a.principalId === g.objectId).map((a) => a.appRoleId);
    let appRole = "User";
    if (roles.length > 0) {
      const named = roles.map((r) => roleName.get(r)).filter((r): r is string => r !== undefined && r !== "").sort(cmp);
      if (named.length === 0) {
        problem(messages.adoptDefaultAccessRole(g.displayName));
      } else appRole = named.includes("User") ? "User" : named[0];
      if (roles.length > 1) note(messages.adoptSeveralAppRoles(name, roles.length, appRole));
    }
    const entry: Record<string, unknown> = {};
    if (!isManaged(g)) {
      entry.objectId = g.objectId;
      if (appRole !== "User") entry.appRole = appRole;
      if (g.pim?.eligibilities.length && !base) note(messages.adoptPimNotAdopted(name, g.displayName));
      groups[name] = entry;
      continue;
    }
    managedGroups.add(name);
    if (!g.securityEnabled || g.mailEnabled || g.groupTypes.includes("Unified")) {
      problem(messages.adoptGroupNotSecurity(g.displayName));
    }
    if (name !== g.displayName) problem(messages.adoptManagedGroupName(g.displayName));
    if (g.members === undefined) problem(messages.adoptGroupDetailsMissing(g.displayName, g.objectId));
    if (g.description) entry.description = g.description;
    const owners = (g.owners ?? []).filter(isUserOrGroup).map(principal).sort(cmp);
    if (owners.length) entry.owners = owners;
    const eligible = g.pim?.eligibilities.filter((e) => e.accessId === "member") ?? [];
    const eligibleIds = new Set(eligible.map((e) => e.principalId));
    const members = (g.members ?? []).filter((m) => isUserOrGroup(m) && !eligibleIds.has(m.id)).map(principal).sort(cmp);
    if (members.length) entry.members = members;
    if (g.pim && (eligible.length || base?.groups[name]?.activation)) {
      const now = options.now.getTime();
      const eligibleMembers: Record<string, unknown>[] = [];
      for (const e of eligible) {
        const who = principal({ id: e.principalId });
        const x = e.expiration;
        if (x.type === "afterDateTime" && x.endDateTime && Date.parse(x.endDateTime) <= now) {
          note(messages.adoptEligibilityEnded(who, name, x.endDateTime));
          continue;
        }
        eligibleMembers.push(
          x.type === "noExpiration"
            ? { principal: who, permanent: true }
            : x.type === "afterDuration" && x.duration
              ? { principal: who, duration: x.duration }
              : { principal: who, expirationDate: x.endDateTime },
        );
      }
      if (g.pim.eligibilities.some((e) => e.accessId === "owner")) note(messages.adoptPimOwnerEligibility(name));
      if (eligibleMembers.length) entry.eligibleMembers = eligibleMembers.sort((a, b) => cmp(String(a.principal), String(b.principal)));
      // The member policy is the group's own (it exists without eligibilities): written when someone is eligible, or
      // when the base describes it (drift), so an eligibility that ended is not also a change of the rules.
      if (eligibleMembers.length || base?.groups[name]?.activation) {
        const a = g.pim.activation;
        entry.activation = {
          ...(a.maximumDuration ? { maximumDuration: a.maximumDuration } : {}),
          requireApproval: a.requireApproval,
          ...(a.approvers.length ? { approvers: a.approvers.map((x) => principal({ id: x.id })) } : {}),
          requireJustification: a.requireJustification,
          requireMfa: a.requireMfa,
          requireTicket: a.requireTicket,
        };
      }
    }
    if (appRole !== "User") entry.appRole = appRole;
    groups[name] = entry;
  }
  // Drift: groups that exist only in IAM Identity Center but hold grants appear under their name.
  for (const a of assignments) {
    const g = a.group as string | undefined;
    if (g !== undefined && !(g in groups)) groups[g] = {};
  }

  // --- permission sets ------------------------------------------------------------------------------------------------
  const permissionSets: Record<string, Record<string, unknown>> = {};
  const permissionSetArns = new Map<string, string>();
  for (const p of aws.permissionSets) {
    permissionSetArns.set(p.name, p.arn);
    const entry: Record<string, unknown> = {};
    if (p.description !== undefined && p.description !== "") entry.description = p.description;
    entry.sessionDuration = p.sessionDuration ?? "PT1H";
    if (p.relayState) entry.relayState = p.relayState;
    if (p.managedPolicies.length) entry.managedPolicies = [...p.managedPolicies];
    if (p.customerManagedPolicies.length) entry.customerManagedPolicies = p.customerManagedPolicies.map((c) => ({ name: c.name, path: c.path }));
    if (p.inlinePolicy) {
      try {
        entry.inlinePolicy = JSON.parse(p.inlinePolicy) as unknown;
      } catch {
        problem(messages.adoptInlinePolicyJson(p.name));
      }
    }
    if (p.permissionsBoundary) entry.permissionsBoundary = p.permissionsBoundary;
    if (Object.keys(p.tags).length) entry.tags = { ...p.tags };
    permissionSets[p.name] = entry;
  }

  // --- application, SSO, identity center, provisioning ----------------------------------------------------------------
  const sp = entra.servicePrincipal;
  const kind =
    sp.applicationTemplateId === AWS_IAM_IDENTITY_CENTER_TEMPLATE_ID ? "gallery" : sp.applicationTemplateId === NON_GALLERY_TEMPLATE_ID ? "non-gallery" : undefined;
  if (!kind) {
    problem(messages.adoptApplicationTemplate(sp.displayName, sp.applicationTemplateId ?? null, AWS_IAM_IDENTITY_CENTER_TEMPLATE_ID, NON_GALLERY_TEMPLATE_ID));
  }
  const acsUrl = entra.application.redirectUris.find((u) => u.includes("/platform/saml/acs/")) ?? entra.application.redirectUris[0];
  const issuerUrl = entra.application.identifierUris.find((u) => /\/platform\/saml\/d-/.test(u)) ?? entra.application.identifierUris[0];
  const region = options.region ?? /^https:\/\/([a-z0-9-]+)\.signin\.aws/.exec(acsUrl ?? "")?.[1] ?? base?.identityCenter.region;
  if (!acsUrl) problem(messages.adoptAcsUrl());
  if (!issuerUrl) problem(messages.adoptIssuerUrl());
  if (!region) problem(messages.adoptRegion());
  const accessPortalUrl = options.accessPortalUrl ?? sp.loginUrl ?? base?.identityCenter.serviceProvider.accessPortalUrl ?? `https://${aws.identityStoreId}.awsapps.com/start`;
  if (!options.accessPortalUrl && !sp.loginUrl && !base) note(messages.adoptAccessPortalUrl(accessPortalUrl));

  const active = sp.certificates.find((c) => sp.preferredThumbprint && c.thumbprint === sp.preferredThumbprint.toUpperCase()) ?? sp.certificates[sp.certificates.length - 1];
  const baseApp = base?.entra?.application;
  const application: Record<string, unknown> = {
    displayName: sp.displayName,
    ...(kind ? { kind } : {}),
    notificationEmails: [...sp.notificationEmails].sort(cmp),
    owners: entra.owners.filter(isUserOrGroup).map(principal).sort(cmp),
  };
  if (baseApp) Object.assign(application, liveCertificates(baseApp, sp.certificates, active));
  else if (active) application.signingCertificate = { endDate: active.endDateTime, ...(active.displayName ? { displayName: active.displayName } : {}) };
  else note(messages.adoptNoSigningCertificate());

  const job = entra.synchronization.jobs.find((j) => j.templateId === "aWSSingleSignon") ?? entra.synchronization.jobs[0];
  const running = job !== undefined && (job.scheduleState ?? "Active") === "Active";
  const m = entra.synchronization.mapping;
  const fixed =
    m !== undefined && m.userExternalIdSource === "objectId" && (m.groupExternalIdSource === undefined || m.groupExternalIdSource === "objectId") && m.extraPhoneMappings.length === 0;
  const baseProv = base?.entra?.provisioning;
  const ruleId = m && m.ruleIds.length === 1 ? m.ruleIds[0] : undefined;
  const provisioning: Record<string, unknown> = {
    enabled: running,
    scope: baseProv?.scope ?? "assigned",
    ...(baseProv?.deleteThreshold !== undefined ? { deleteThreshold: baseProv.deleteThreshold } : {}),
    provisionOnDemand: baseProv?.provisionOnDemand ?? options.provisionOnDemand ?? false,
    ...(baseProv ? (baseProv.provisionOnDemandRuleId !== DEFAULT_PROVISIONING_RULE_ID ? { provisionOnDemandRuleId: baseProv.provisionOnDemandRuleId } : {}) : ruleId && ruleId !== DEFAULT_PROVISIONING_RULE_ID ? { provisionOnDemandRuleId: ruleId } : {}),
    externalIdFromObjectId: fixed,
    ...(job ? { synchronizationTemplateId: job.templateId } : baseProv?.synchronizationTemplateId ? { synchronizationTemplateId: baseProv.synchronizationTemplateId } : {}),
  };
  if (!base) {
    if (!job) note(messages.adoptNoProvisioning());
    else if (!running) note(messages.adoptProvisioningPaused(job.id, job.scheduleState));
    else {
      note(messages.adoptProvisioningSettings());
      if (!fixed) note(messages.adoptMappingNotFixed(m?.userExternalIdSource, m?.extraPhoneMappings ?? []));
    }
  }

  const abac = Object.entries(aws.accessControlAttributes).sort(([x], [y]) => cmp(x, y));
  for (const [key, sources] of abac) if (sources.length !== 1) note(messages.adoptAbacSources(key, sources.length));
  const baseIc = base?.identityCenter;
  const staticGrants = [...pairs.values()].reduce((n, p) => n + p.accounts.size, 0);
  const identityCenter: Record<string, unknown> = {
    region: region ?? "",
    ...(baseIc && baseIc.instanceArn === undefined ? {} : { instanceArn: aws.instanceArn }),
    ...(baseIc && baseIc.identityStoreId === undefined ? {} : { identityStoreId: aws.identityStoreId }),
    serviceProvider: { acsUrl: acsUrl ?? "", issuerUrl: issuerUrl ?? "", accessPortalUrl },
    scimSecret: baseIc ? baseIc.scimSecret : options.scimSecret?.existing ? { name: options.scimSecret.name, existing: true } : (options.scimSecret?.name ?? "identity-federation/scim"),
    ...(baseIc?.managementAccount ? { managementAccount: baseIc.managementAccount } : {}),
    ...(abac.length ? { accessControlAttributes: Object.fromEntries(abac.map(([k, s]) => [k, s[0]])) } : {}),
    assignmentShards: baseIc ? baseIc.assignmentShards : automaticShardCount(staticGrants),
  };

  const spec: Record<string, unknown> = {
    version: 1,
    entra: { tenantId: entra.tenantId, application, provisioning },
    identityCenter,
    groups,
    permissionSets,
    accounts,
    assignments,
    ...(base?.state ? { state: base.state } : {}),
    ...(base?.review ? { review: base.review } : {}),
    ...(base?.protection ? { protection: base.protection } : {}),
  };
  const userObjectIds = new Map([...upnById].map(([id, upn]) => [upn.toLowerCase(), id]));
  return { spec, naming: { groupObjectIds, principalIds, userObjectIds, permissionSetArns, managedGroups }, notes, problems };
}

type BaseApplication = NonNullable<FederationModel["spec"]["entra"]>["application"];

/**
 * Drift: the live token-signing certificates under the base file's names, in the base's form (`signingCertificate`,
 * `signingCertificates`, or nothing for the one default certificate), so the normalized sets compare
 * (src/model/certificates.ts; src/review/diff-settings.ts). A base certificate is found live by its end date, one
 * without an end date takes a live certificate no other entry found (earliest end first); an entry found live keeps
 * the base's spelling of its end date, and its live subject only when the base names one (else the subject is the
 * default the file does not state). A retired entry stays as written (the deploy that retires it removes it from
 * Entra), a base entry not found live is left out (it is gone), a live certificate no entry names is added as
 * `live-<key id>`; the one Entra signs with is `active`.
 */
function liveCertificates(base: BaseApplication, live: readonly SigningCertificateSnapshot[], active: SigningCertificateSnapshot | undefined): Record<string, unknown> {
  const entries = signingCertificates(base);
  const unclaimed = [...live].sort((a, b) => cmp(a.endDateTime, b.endDateTime) || cmp(a.keyId, b.keyId));
  const claim = (match: (c: SigningCertificateSnapshot) => boolean) => {
    const i = unclaimed.findIndex(match);
    return i < 0 ? undefined : unclaimed.splice(i, 1)[0];
  };
  const found = new Map<string, SigningCertificateSnapshot>();
  for (const e of entries) {
    const at = e.endDate !== undefined ? Date.parse(e.endDate) : NaN;
    const c = e.endDate !== undefined ? claim((x) => Date.parse(x.endDateTime) === at) : undefined;
    if (c) found.set(e.key, c);
  }
  for (const e of entries) {
    if (e.endDate !== undefined || found.has(e.key)) continue;
    const c = claim(() => true);
    if (c) found.set(e.key, c);
  }
  const out: Record<string, Record<string, unknown>> = {};
  for (const e of entries) {
    const c = found.get(e.key);
    const written = { ...(e.endDate !== undefined ? { endDate: e.endDate } : {}), ...(e.displayName !== undefined ? { displayName: c?.displayName ?? e.displayName } : {}) };
    if (e.retired) out[e.key] = { ...written, retired: true };
    else if (c) out[e.key] = { ...written, ...(c === active ? { active: true } : {}) };
  }
  for (const c of unclaimed) out[`live-${c.keyId.slice(0, 8)}`] = { endDate: c.endDateTime, ...(c.displayName ? { displayName: c.displayName } : {}), ...(c === active ? { active: true } : {}) };
  // Entra signs with none of them (a thumbprint of another key): the base's active one stays marked, so the set is valid.
  const standing = Object.entries(out).filter(([, c]) => !c.retired);
  const baseActive = entries.find((e) => e.active && !e.retired)?.key;
  if (standing.length > 1 && !standing.some(([, c]) => c.active) && baseActive !== undefined && out[baseActive]) out[baseActive].active = true;
  const keys = Object.keys(out);
  // The base's own form, when what is live still fits it: one certificate under the default name.
  if (!base.signingCertificates && keys.length === 1 && keys[0] === DEFAULT_CERTIFICATE_KEY) {
    const { active: _a, ...one } = out[DEFAULT_CERTIFICATE_KEY];
    return base.signingCertificate ? { signingCertificate: one } : Object.keys(one).length ? { signingCertificate: one } : {};
  }
  return keys.length ? { signingCertificates: out } : {};
}

/** Users and groups (what files may list as owners and members); devices and service principals are left out. */
function isUserOrGroup(ref: DirectoryRef): boolean {
  return ref.type === "" || ref.type === "#microsoft.graph.user" || ref.type === "#microsoft.graph.group";
}

/** A readable key: lower-case letters, digits and dashes. */
export function slug(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/[^\x20-\x7e]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 64);
}
