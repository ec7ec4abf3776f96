/**
 * The one code path from a source (live or export, src/adopt/source.ts) to the snapshot (src/adopt/snapshot.ts):
 * which requests, in which order, each response checked against the shape its command prints (src/adopt/responses.ts)
 * with pagination checked too (every page but the last continues, the last does not: a missing page is an error,
 * never a silently shorter list). Problems are collected, one per request, and reported together; requests that
 * depend on a failed one are skipped.
 *
 * Read volume (IAM Identity Center allows about 20 requests per second): per permission set 7 requests, plus one
 * `list-account-assignments` per account the set is provisioned to; the identity store's groups and users; the
 * accounts. Entra: one request per assigned group and user, four more per group whose details are read.
 */
import type { z } from "zod";
import { aws, type AwsRequest, exportCommandFor, graph, type GraphRequest } from "./requests";
import { type AwsListKey, awsItems, awsPage, type AwsSingleOperation, awsSingles, firstProblem, graphItems, graphPage, graphSingles } from "./responses";
import type {
  AccountAssignmentSnapshot,
  AccountSnapshot,
  ActivationSnapshot,
  DirectoryRef,
  EligibilitySnapshot,
  EntraGroupSnapshot,
  EntraSnapshot,
  MappingSnapshot,
  PermissionSetSnapshot,
  Snapshot,
} from "./snapshot";
import { noProgress, type ProgressSink, ReadError, ReadErrors, type Source } from "./source";
import { messages } from "../model/messages";
import { AWS_IAM_IDENTITY_CENTER_TEMPLATE_ID } from "../model/schema";
import { hasControlCharacter, shellCommand, shellWord } from "../shell";

export interface ReadOptions {
  /** Application (client) id of the enterprise application. @default the only service principal of the gallery template (live only) */
  readonly appId?: string;
  /** IAM Identity Center instance. @default the only instance */
  readonly instanceArn?: string;
  /** Groups (by Entra object id or display name) whose members, owners and PIM are read; `true`: every assigned group. @default none */
  readonly groupDetails?: ReadonlySet<string> | true;
  /** OU and root ids whose accounts are listed (drift of OU targets). @default none */
  readonly organizationalUnits?: readonly string[];
  readonly progress?: ProgressSink;
  /** Requests in flight at once (the live AWS source also keeps to 20 per second). @default 8 */
  readonly concurrency?: number;
  /** Named in messages about a broken export file: the folder. */
  readonly exportDir?: string;
}

type Item<K extends AwsListKey> = z.output<(typeof awsItems)[K]>;

/** Reads everything adopt and drift need; throws `ReadErrors` listing every problem. */
export async function readSnapshot(source: Source, options: ReadOptions = {}): Promise<Snapshot> {
  const r = new Reader(source, options);
  const awsPart = await r.readAws();
  const entraPart = await r.readEntra();
  r.finish();
  return { aws: awsPart as Snapshot["aws"], entra: entraPart as EntraSnapshot };
}

class Reader {
  private readonly errors: ReadError[] = [];
  private readonly progress: ProgressSink;
  private readonly limit: number;
  private done = 0;
  private total = 0;
  private phase = "";

  constructor(
    private readonly source: Source,
    private readonly options: ReadOptions,
  ) {
    this.progress = options.progress ?? noProgress;
    this.limit = Math.max(1, options.concurrency ?? 8);
  }

  finish(): void {
    this.progress.done();
    if (this.errors.length) throw new ReadErrors(this.errors);
  }

  // --- AWS -------------------------------------------------------------------------------------------------------

  async readAws(): Promise<Snapshot["aws"] | undefined> {
    this.startPhase("IAM Identity Center", 1);
    const instances = await this.list(aws.listInstances(), "Instances");
    if (!instances) return undefined;
    const instance = this.pickInstance(instances);
    if (!instance) return undefined;
    const i = instance.InstanceArn;

    this.total += 5;
    const [arns, groups, users, accounts, abac] = await Promise.all([
      this.list(aws.listPermissionSets(i), "PermissionSets"),
      this.list(aws.listGroups(instance.IdentityStoreId), "Groups"),
      this.list(aws.listUsers(instance.IdentityStoreId), "Users"),
      this.list(aws.listAccounts(), "Accounts"),
      this.single(aws.accessControlAttributes(i), "describe-instance-access-control-attribute-configuration"),
    ]);

    const sets: PermissionSetSnapshot[] = [];
    const assignments: AccountAssignmentSnapshot[] = [];
    if (arns) {
      this.startPhase("permission sets", arns.length * 7);
      const read = await mapLimit(arns, this.limit, (arn) => this.permissionSet(i, arn));
      for (const s of read) if (s) sets.push(s);
      this.startPhase("account assignments", sets.reduce((n, s) => n + s.provisionedAccounts.length, 0));
      const pairs = sets.flatMap((s) => s.provisionedAccounts.map((a) => [s, a] as const));
      const lists = await mapLimit(pairs, this.limit, ([s, account]) => this.list(aws.accountAssignments(i, s.arn, account), "AccountAssignments"));
      lists.forEach((list, n) => {
        const [s, account] = pairs[n];
        for (const a of list ?? []) {
          if (a.AccountId !== account || a.PermissionSetArn !== s.arn) {
            this.fail(aws.accountAssignments(i, s.arn, account), `holds an assignment of account ${a.AccountId} / ${a.PermissionSetArn}, not of the account and permission set it was asked for`);
            continue;
          }
          assignments.push({ permissionSetArn: a.PermissionSetArn, accountId: a.AccountId, principalType: a.PrincipalType, principalId: a.PrincipalId });
        }
      });
    }

    const organizationalUnits: Record<string, AccountSnapshot[]> = {};
    for (const ou of this.options.organizationalUnits ?? []) {
      this.startPhase(`accounts below ${ou}`, 2);
      const below = await this.accountsBelow(ou);
      if (below) organizationalUnits[ou] = below;
    }

    const accessControlAttributes: Record<string, string[]> = {};
    for (const a of abac?.InstanceAccessControlAttributeConfiguration?.AccessControlAttributes ?? []) accessControlAttributes[a.Key] = [...a.Value.Source];
    const byArn = (x: AccountAssignmentSnapshot) => `${x.permissionSetArn}|${x.accountId}|${x.principalType}|${x.principalId}`;
    return {
      instanceArn: i,
      identityStoreId: instance.IdentityStoreId,
      permissionSets: sets.sort((a, b) => cmp(a.name, b.name)),
      assignments: dedupeSorted(assignments, byArn),
      groups: (groups ?? [])
        .map((g) => ({ groupId: g.GroupId, displayName: g.DisplayName ?? "", externalIds: (g.ExternalIds ?? []).map((e) => ({ issuer: e.Issuer, id: e.Id })) }))
        .sort((a, b) => cmp(a.groupId, b.groupId)),
      users: (users ?? [])
        .map((u) => ({ userId: u.UserId, userName: u.UserName ?? "", externalIds: (u.ExternalIds ?? []).map((e) => ({ issuer: e.Issuer, id: e.Id })) }))
        .sort((a, b) => cmp(a.userId, b.userId)),
      accounts: (accounts ?? []).map(account).sort((a, b) => cmp(a.id, b.id)),
      accessControlAttributes,
      organizationalUnits,
    };
  }

  private pickInstance(instances: Item<"Instances">[]): Item<"Instances"> | undefined {
    const wanted = this.options.instanceArn;
    const request = aws.listInstances();
    if (wanted) {
      const found = instances.find((x) => x.InstanceArn === wanted);
      if (!found) this.fail(request, `has no instance ${wanted} (instances: ${instances.map((x) => x.InstanceArn).join(", ") || "none"})`);
      return found;
    }
    if (instances.length === 1) return instances[0];
    this.fail(
      request,
      instances.length === 0
        ? "lists no IAM Identity Center instance (is IAM Identity Center enabled in this region?)"
        : `lists ${instances.length} instances; choose one with --instance-arn (${instances.map((x) => x.InstanceArn).join(", ")})`,
    );
    return undefined;
  }

  private async permissionSet(i: string, arn: string): Promise<PermissionSetSnapshot | undefined> {
    const [described, managed, customer, inline, boundary, tags, accountIds] = await Promise.all([
      this.single(aws.describePermissionSet(i, arn), "describe-permission-set"),
      this.list(aws.managedPolicies(i, arn), "AttachedManagedPolicies"),
      this.list(aws.customerManagedPolicies(i, arn), "CustomerManagedPolicyReferences"),
      this.single(aws.inlinePolicy(i, arn), "get-inline-policy-for-permission-set"),
      this.single(aws.permissionsBoundary(i, arn), "get-permissions-boundary-for-permission-set"),
      this.list(aws.tags(i, arn), "Tags"),
      this.list(aws.provisionedAccounts(i, arn), "AccountIds"),
    ]);
    if (!described || !managed || !customer || !inline || !boundary || !tags || !accountIds) return undefined;
    const p = described.PermissionSet;
    if (p.PermissionSetArn !== arn) {
      this.fail(aws.describePermissionSet(i, arn), `describes ${p.PermissionSetArn}, not ${arn}`);
      return undefined;
    }
    const b = boundary.PermissionsBoundary;
    const permissionsBoundary = b?.ManagedPolicyArn
      ? { managedPolicyArn: b.ManagedPolicyArn }
      : b?.CustomerManagedPolicyReference
        ? { customerManagedPolicy: { name: b.CustomerManagedPolicyReference.Name, path: b.CustomerManagedPolicyReference.Path ?? "/" } }
        : undefined;
    return {
      arn,
      name: p.Name,
      ...(p.Description !== undefined ? { description: p.Description } : {}),
      ...(p.SessionDuration !== undefined ? { sessionDuration: p.SessionDuration } : {}),
      ...(p.RelayState !== undefined ? { relayState: p.RelayState } : {}),
      tags: Object.fromEntries(tags.map((t) => [t.Key, t.Value]).sort(([a], [b]) => cmp(a, b))),
      managedPolicies: [...new Set(managed.map((m) => m.Arn))].sort(cmp),
      customerManagedPolicies: customer.map((c) => ({ name: c.Name, path: c.Path ?? "/" })).sort((x, y) => cmp(`${x.path}${x.name}`, `${y.path}${y.name}`)),
      ...(inline.InlinePolicy ? { inlinePolicy: inline.InlinePolicy } : {}),
      ...(permissionsBoundary ? { permissionsBoundary } : {}),
      provisionedAccounts: [...new Set(accountIds)].sort(cmp),
    };
  }

  /** Every account below an OU or root, recursively (drift of OU targets). */
  private async accountsBelow(parent: string): Promise<AccountSnapshot[] | undefined> {
    const [accounts, ous] = await Promise.all([this.list(aws.accountsForParent(parent), "Accounts"), this.list(aws.ousForParent(parent), "OrganizationalUnits")]);
    if (!accounts || !ous) return undefined;
    this.total += ous.length * 2;
    const nested = await mapLimit(ous, this.limit, (ou) => this.accountsBelow(ou.Id));
    if (nested.some((n) => n === undefined)) return undefined;
    return [...accounts.map(account), ...nested.flatMap((n) => n ?? [])].sort((a, b) => cmp(a.id, b.id));
  }

  // --- Entra -----------------------------------------------------------------------------------------------------

  async readEntra(): Promise<EntraSnapshot | undefined> {
    this.startPhase("Entra ID", 3);
    const appId = await this.appId();
    const [org, spDoc, appDoc] = await Promise.all([
      this.graphList(graph.organization(), graphItems.organization),
      appId ? this.graphSingle(graph.servicePrincipal(appId), graphSingles.servicePrincipal) : undefined,
      appId ? this.graphSingle(graph.application(appId), graphSingles.application) : undefined,
    ]);
    if (!org || !spDoc || !appDoc || !appId) return undefined;
    // An export holds one application whatever --app-id says: refuse one that is not the application asked for.
    const other = [[graph.servicePrincipal(appId), spDoc], [graph.application(appId), appDoc]] as const;
    const mismatch = this.options.appId ? other.find(([, d]) => d.appId.toLowerCase() !== appId) : undefined;
    if (mismatch) {
      const [request, doc] = mismatch;
      const dir = this.options.exportDir;
      const again = dir !== undefined && !hasControlCharacter(dir) ? `APP_ID=${shellWord(appId)} ${shellCommand("bash", "scripts/export-federation.sh", dir)}` : undefined;
      this.fail(request, messages.adoptAppIdMismatch(doc.appId.toLowerCase(), doc.displayName, appId, again).message);
      return undefined;
    }
    if (org.length !== 1) {
      this.fail(graph.organization(), `lists ${org.length} organizations; expected the one tenant`);
      return undefined;
    }
    const sp = spDoc;
    this.total += 3;
    const [owners, assignments, jobs] = await Promise.all([
      this.graphList(graph.applicationOwners(appId), graphItems.directoryObject),
      this.graphList(graph.appRoleAssignedTo(sp.id), graphItems.appRoleAssignment),
      this.graphList(graph.synchronizationJobs(sp.id), graphItems.synchronizationJob),
    ]);
    if (!owners || !assignments || !jobs) return undefined;

    const groupIds = [...new Set(assignments.filter((a) => a.principalType === "Group").map((a) => a.principalId.toLowerCase()))].sort(cmp);
    const userIds = [...new Set(assignments.filter((a) => a.principalType === "User").map((a) => a.principalId.toLowerCase()))].sort(cmp);
    const details = this.options.groupDetails;
    const wantsDetails = (id: string, displayName: string) => details === true || (details?.has(id) ?? false) || (details?.has(displayName) ?? false);
    this.startPhase("Entra groups and users", groupIds.length + userIds.length);
    const groups = await mapLimit(groupIds, this.limit, (id) => this.group(id, wantsDetails));
    const users = await mapLimit(userIds, this.limit, (id) => this.graphSingle(graph.user(id), graphSingles.user));

    const job = pickJob(jobs);
    let mapping: MappingSnapshot | undefined;
    if (job) {
      this.total += 1;
      const schema = await this.graphSingle(graph.synchronizationSchema(sp.id, job.id), graphSingles.synchronizationSchema);
      if (schema) mapping = mappingOf(schema);
    }

    return {
      tenantId: org[0].id.toLowerCase(),
      application: {
        objectId: appDoc.id.toLowerCase(),
        appId: appDoc.appId.toLowerCase(),
        displayName: appDoc.displayName,
        identifierUris: [...(appDoc.identifierUris ?? [])],
        redirectUris: [...(appDoc.web?.redirectUris ?? [])],
      },
      servicePrincipal: {
        objectId: sp.id.toLowerCase(),
        displayName: sp.displayName,
        applicationTemplateId: sp.applicationTemplateId ?? null,
        loginUrl: sp.loginUrl ?? null,
        notificationEmails: [...(sp.notificationEmailAddresses ?? [])],
        preferredThumbprint: sp.preferredTokenSigningKeyThumbprint ?? null,
        appRoles: (sp.appRoles ?? []).map((r) => ({
          id: r.id.toLowerCase(),
          displayName: r.displayName ?? "",
          value: r.value ?? null,
          isEnabled: r.isEnabled,
          allowedMemberTypes: [...r.allowedMemberTypes],
        })),
        certificates: signingCertificates(sp.keyCredentials ?? []),
      },
      owners: owners.map(directoryRef).sort((a, b) => cmp(a.id, b.id)),
      appRoleAssignments: assignments
        .map((a) => ({
          id: a.id,
          appRoleId: a.appRoleId.toLowerCase(),
          principalId: a.principalId.toLowerCase(),
          principalType: a.principalType,
          ...(a.principalDisplayName ? { principalDisplayName: a.principalDisplayName } : {}),
        }))
        .sort((a, b) => cmp(a.id, b.id)),
      groups: groups.filter((g): g is EntraGroupSnapshot => g !== undefined),
      users: users.filter((u) => u !== undefined).map((u) => ({ objectId: u.id.toLowerCase(), userPrincipalName: u.userPrincipalName })),
      synchronization: {
        jobs: jobs.map((j) => ({ id: j.id, templateId: j.templateId, ...(j.schedule?.state ? { scheduleState: j.schedule.state } : {}) })).sort((a, b) => cmp(a.id, b.id)),
        ...(mapping ? { mapping } : {}),
      },
    };
  }

  private async appId(): Promise<string | undefined> {
    if (this.options.appId) return this.options.appId.toLowerCase();
    const request = graph.galleryServicePrincipals(AWS_IAM_IDENTITY_CENTER_TEMPLATE_ID);
    const found = await this.graphList(request, graphItems.galleryServicePrincipals);
    if (!found) return undefined;
    if (found.length === 1) return found[0].appId.toLowerCase();
    this.fail(
      request,
      found.length === 0
        ? "finds no AWS IAM Identity Center gallery application; name the application with --app-id <application (client) id> (a non-gallery SAML app is never found on its own)"
        : `finds ${found.length} AWS IAM Identity Center gallery applications; choose one with --app-id (${found.map((f) => `${f.appId} ${JSON.stringify(f.displayName ?? "")}`).join(", ")})`,
    );
    return undefined;
  }

  private async group(id: string, wantsDetails: (id: string, displayName: string) => boolean): Promise<EntraGroupSnapshot | undefined> {
    const g = await this.graphSingle(graph.group(id), graphSingles.group);
    if (!g) return undefined;
    const details = wantsDetails(id, g.displayName);
    const base: EntraGroupSnapshot = {
      objectId: g.id.toLowerCase(),
      displayName: g.displayName,
      ...(g.description ? { description: g.description } : {}),
      securityEnabled: g.securityEnabled ?? false,
      mailEnabled: g.mailEnabled ?? false,
      groupTypes: [...(g.groupTypes ?? [])],
    };
    if (!details) return base;
    this.total += 4;
    const [members, owners, schedules, policies] = await Promise.all([
      this.graphList(graph.groupMembers(id), graphItems.directoryObject),
      this.graphList(graph.groupOwners(id), graphItems.directoryObject),
      this.graphList(graph.eligibilitySchedules(id), graphItems.eligibilitySchedule),
      this.graphList(graph.memberPolicy(id), graphItems.policyAssignment),
    ]);
    if (!members || !owners || !schedules || !policies) return undefined;
    const policy = policies.find((p) => p.scopeId.toLowerCase() === id && p.roleDefinitionId === "member");
    const eligibilities: EligibilitySnapshot[] = schedules
      .filter((s) => s.groupId.toLowerCase() === id)
      .map((s) => ({
        id: s.id,
        principalId: s.principalId.toLowerCase(),
        accessId: s.accessId,
        ...(s.memberType ? { memberType: s.memberType } : {}),
        expiration: {
          type: s.scheduleInfo.expiration.type === "notSpecified" ? "noExpiration" : s.scheduleInfo.expiration.type,
          ...(s.scheduleInfo.expiration.endDateTime ? { endDateTime: s.scheduleInfo.expiration.endDateTime } : {}),
          ...(s.scheduleInfo.expiration.duration ? { duration: s.scheduleInfo.expiration.duration } : {}),
        },
      }))
      .sort((a, b) => cmp(a.id, b.id));
    return {
      ...base,
      members: members.map(directoryRef).sort((a, b) => cmp(a.id, b.id)),
      owners: owners.map(directoryRef).sort((a, b) => cmp(a.id, b.id)),
      ...(policy ? { pim: { policyId: policy.policyId, activation: activationOf(policy.policy.rules), eligibilities } } : {}),
    };
  }

  // --- requests --------------------------------------------------------------------------------------------------

  private startPhase(phase: string, total: number): void {
    this.phase = phase;
    this.done = 0;
    this.total = total;
    this.progress.update(phase, 0, total);
  }

  private tick(): void {
    this.done++;
    this.progress.update(this.phase, this.done, Math.max(this.total, this.done));
  }

  private fail(request: AwsRequest | GraphRequest, problem: string): void {
    this.errors.push(new ReadError(`${this.where(request)} ${problem}`));
  }

  private where(request: AwsRequest | GraphRequest): string {
    if (this.options.exportDir !== undefined) return `${this.options.exportDir.replace(/\/+$/, "")}/${request.file}`;
    return "service" in request ? `aws ${request.service} ${request.operation}` : `GET ${request.path}`;
  }

  private async pages(request: AwsRequest | GraphRequest): Promise<readonly unknown[] | undefined> {
    try {
      return "service" in request ? await this.source.aws(request) : await this.source.graph(request);
    } catch (e) {
      if (e instanceof ReadError) {
        this.errors.push(e);
        return undefined;
      }
      throw e;
    } finally {
      this.tick();
    }
  }

  /** An AWS list: every page checked (`{ <list>: [...], NextToken? }`, every page but the last continuing), items joined. */
  private async list<K extends AwsListKey>(request: AwsRequest, key: K): Promise<Item<K>[] | undefined> {
    const pages = await this.pages(request);
    if (!pages) return undefined;
    const schema = awsPage(key, awsItems[key]);
    const out: Item<K>[] = [];
    for (const [n, page] of pages.entries()) {
      const parsed = schema.safeParse(page);
      if (!parsed.success) return this.shape(request, pages.length, n, firstProblem(parsed.error));
      const next = (parsed.data as { NextToken?: string }).NextToken;
      const last = n === pages.length - 1;
      if (last && next) return this.shape(request, pages.length, n, "has a NextToken but no page follows: a page is missing (save every page, or run the command without --max-items)");
      out.push(...(((parsed.data as Record<string, unknown>)[key] ?? []) as Item<K>[]));
    }
    return out;
  }

  private async single<O extends AwsSingleOperation>(request: AwsRequest, operation: O): Promise<z.output<(typeof awsSingles)[O]> | undefined> {
    const pages = await this.pages(request);
    if (!pages) return undefined;
    if (pages.length !== 1) return this.shape(request, pages.length, 1, `holds ${pages.length} JSON documents; ${request.operation} prints one`);
    const parsed = awsSingles[operation].safeParse(pages[0]);
    if (!parsed.success) return this.shape(request, 1, 0, firstProblem(parsed.error));
    return parsed.data as z.output<(typeof awsSingles)[O]>;
  }

  private async graphList<T extends z.ZodType>(request: GraphRequest, item: T): Promise<z.output<T>[] | undefined> {
    const pages = await this.pages(request);
    if (!pages) return undefined;
    const out: z.output<T>[] = [];
    for (const [n, page] of pages.entries()) {
      const parsed = graphPage.safeParse(page);
      if (!parsed.success) return this.shape(request, pages.length, n, firstProblem(parsed.error));
      const next = parsed.data["@odata.nextLink"];
      const last = n === pages.length - 1;
      if (last && next) return this.shape(request, pages.length, n, "has an @odata.nextLink but no page follows: a page is missing (save lists with graph_pages)");
      for (const [k, v] of parsed.data.value.entries()) {
        const it = item.safeParse(v);
        if (!it.success) return this.shape(request, pages.length, n, `value[${k}]: ${firstProblem(it.error)}`);
        out.push(it.data as z.output<T>);
      }
    }
    return out;
  }

  private async graphSingle<T extends z.ZodType>(request: GraphRequest, schema: T): Promise<z.output<T> | undefined> {
    const pages = await this.pages(request);
    if (!pages) return undefined;
    if (pages.length !== 1) return this.shape(request, pages.length, 1, `holds ${pages.length} JSON documents; GET ${request.path} returns one object`);
    const parsed = schema.safeParse(pages[0]);
    if (!parsed.success) return this.shape(request, 1, 0, firstProblem(parsed.error));
    return parsed.data as z.output<T>;
  }

  private shape(request: AwsRequest | GraphRequest, pages: number, page: number, problem: string): undefined {
    const which = pages > 1 ? ` (page ${page + 1} of ${pages})` : "";
    const fix = this.options.exportDir !== undefined ? `; write it again with: ${exportCommandFor(request, this.options.exportDir)}` : "";
    this.errors.push(new ReadError(`${this.where(request)}${which} is not what ${"service" in request ? `aws ${request.service} ${request.operation}` : `GET ${request.path}`} prints: ${problem}${fix}`));
    return undefined;
  }
}

function account(a: Item<"Accounts">): AccountSnapshot {
  const state = a.State ?? a.Status;
  return { id: a.Id, ...(a.Name !== undefined ? { name: a.Name } : {}), ...(state !== undefined ? { state } : {}) };
}

function directoryRef(o: z.output<typeof graphItems.directoryObject>): DirectoryRef {
  return { id: o.id.toLowerCase(), type: o["@odata.type"] ?? "", ...(o.userPrincipalName ? { userPrincipalName: o.userPrincipalName } : {}) };
}

/** The token-signing certificates: each is a Sign + Verify key pair with the thumbprint as `customKeyIdentifier`; azuread keys it by the Verify credential. */
function signingCertificates(keys: NonNullable<z.output<typeof graphSingles.servicePrincipal>["keyCredentials"]>) {
  return keys
    .filter((k) => k.usage === "Verify" && k.type === "AsymmetricX509Cert" && k.customKeyIdentifier)
    .map((k) => ({
      keyId: k.keyId.toLowerCase(),
      thumbprint: (k.customKeyIdentifier ?? "").toUpperCase(),
      ...(k.displayName ? { displayName: k.displayName } : {}),
      endDateTime: k.endDateTime,
    }))
    .sort((a, b) => cmp(a.endDateTime, b.endDateTime) || cmp(a.keyId, b.keyId));
}

/** The job adopt manages: the only one, else the one from the AWS template, else the first by id. */
function pickJob(jobs: readonly z.output<typeof graphItems.synchronizationJob>[]) {
  if (jobs.length <= 1) return jobs[0];
  return [...jobs].sort((a, b) => cmp(a.id, b.id)).find((j) => j.templateId === "aWSSingleSignon") ?? [...jobs].sort((a, b) => cmp(a.id, b.id))[0];
}

/** Rules of a group's member policy (unifiedRoleManagementPolicy) → activation rules. Rule ids are fixed by Graph. */
export function activationOf(rules: readonly Record<string, unknown>[]): ActivationSnapshot {
  const rule = (id: string) => rules.find((r) => r.id === id) as Record<string, any> | undefined;
  const enabled: string[] = rule("Enablement_EndUser_Assignment")?.enabledRules ?? [];
  const approval = rule("Approval_EndUser_Assignment")?.setting;
  const approvers = ((approval?.approvalStages?.[0]?.primaryApprovers ?? []) as Record<string, any>[]).flatMap((a): ActivationSnapshot["approvers"][number][] => {
    const type = String(a["@odata.type"] ?? "");
    if (type.endsWith("groupMembers") && a.groupId) return [{ id: String(a.groupId).toLowerCase(), type: "groupMembers" }];
    if (type.endsWith("singleUser") && a.userId) return [{ id: String(a.userId).toLowerCase(), type: "singleUser" }];
    return [];
  });
  const maximumDuration = rule("Expiration_EndUser_Assignment")?.maximumDuration;
  return {
    ...(typeof maximumDuration === "string" ? { maximumDuration } : {}),
    requireApproval: approval?.isApprovalRequired === true,
    approvers: approvers.sort((a, b) => cmp(a.id, b.id)),
    requireJustification: enabled.includes("Justification"),
    requireMfa: enabled.includes("MultiFactorAuthentication"),
    requireTicket: enabled.includes("Ticketing"),
    eligibilityExpirationRequired: rule("Expiration_Admin_Eligibility")?.isExpirationRequired !== false,
  };
}

/** What the schema says about the mappings the attribute-mapping fix sets (the same targets it looks at). */
export function mappingOf(schema: z.output<typeof graphSingles.synchronizationSchema>): MappingSnapshot {
  let user: string | undefined;
  let group: string | undefined;
  const phones: string[] = [];
  for (const r of schema.synchronizationRules) {
    for (const om of r.objectMappings ?? []) {
      for (const am of om.attributeMappings ?? []) {
        const target = am.targetAttributeName ?? "";
        if (target === "externalId") {
          const source = am.source?.name ?? am.source?.expression ?? "";
          if ((om.sourceObjectName ?? "") === "Group") group ??= source;
          else user ??= source;
        }
        if (/^phoneNumbers\[type eq "(mobile|fax)"\]/.test(target)) phones.push(target);
      }
    }
  }
  return {
    ...(user !== undefined ? { userExternalIdSource: user } : {}),
    ...(group !== undefined ? { groupExternalIdSource: group } : {}),
    extraPhoneMappings: [...new Set(phones)].sort(cmp),
    ruleIds: schema.synchronizationRules.map((r) => r.id),
  };
}

/** Runs `fn` over `items` with at most `limit` in flight; results in input order. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const n = next++;
      out[n] = await fn(items[n]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

function dedupeSorted<T>(xs: T[], key: (x: T) => string): T[] {
  const m = new Map(xs.map((x) => [key(x), x]));
  return [...m.keys()].sort(cmp).map((k) => m.get(k) as T);
}

export function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
