/**
 * Import blocks from the synthesized stacks of the adopted file: every resource of every stack is walked, each
 * instance by its `for_each` key, and matched with the live object it stands for (the snapshot and the naming of
 * src/adopt/build.ts). So the blocks follow whatever addresses the stacks have today (another resource block, a
 * keyed set instead of a single resource) without a list of addresses kept here; a resource type this file knows no
 * import id for stops adoption instead of being left to be created.
 *
 * Import ids, at the pinned provider versions (cited; checked against the providers' docs and source):
 * - azuread 3.7.0 (docs/resources/*.md, internal/services/…/parse): application `/applications/{id}`; service principal
 *   `/servicePrincipals/{id}`; identifier URI `/applications/{id}/identifierUris/{base64(uri)}`
 *   (applications/parse/identifier_uri.go, base64.StdEncoding in application_identifier_uri_resource.go); token-signing
 *   certificate `{sp id}/tokenSigningCertificate/{key id of the Verify credential}`; app role assignment
 *   `/servicePrincipals/{resource sp}/appRoleAssignedTo/{assignment id}`; group `/groups/{id}`; group member
 *   `{group id}/member/{member id}`; group role management policy: Graph's policy id `Group_{group id}_{guid}`
 *   (policies/parse/role_management_policy.go); eligibility schedule: Graph's schedule id `{group}_member_{guid}`
 *   (identitygovernance/parse/privileged_access_group_schedule.go); synchronization job
 *   `/servicePrincipals/{sp}/synchronization/jobs/{job id}`. Not importable (docs): synchronization secret, provision
 *   on demand.
 * - aws (website/docs/r/ssoadmin_*.html.markdown): permission set, inline policy, permissions boundary
 *   `{permission set arn},{instance arn}`; managed policy attachment `{policy arn},{permission set arn},{instance arn}`;
 *   customer-managed `{name},{path},{permission set arn},{instance arn}`; account assignment
 *   `{principal id},{GROUP|USER},{account},AWS_ACCOUNT,{permission set arn},{instance arn}`; ABAC `{instance arn}`.
 * - msgraph (docs/resources/update_resource.md, resource_action.md): no import; both PATCH/PUT an object that exists.
 */
import type { StackJson } from "../synth-output";
import type { ImportBlock } from "../model/imports";
import { instanceAddress } from "../model/imports";
import type { Naming } from "./build";
import { cmp } from "./read";
import type { Snapshot } from "./snapshot";

/** One resource instance and what happens to it on the first deploy. */
export interface InstanceOutcome {
  readonly stack: string;
  /** `type.name["key"]`. */
  readonly address: string;
  readonly type: string;
  readonly kind: "import" | "create" | "not-importable";
  /** Import id (import), or why it is created / cannot be imported. */
  readonly detail: string;
  /**
   * The resource has a `count` (0 or 1): its import block is gated on it (src/adopt/stack-imports.ts), so the import
   * happens on the first deploy in which the resource exists (the synchronization job: once the SCIM secret has a value).
   */
  readonly gated?: boolean;
}

export interface ImportPlan {
  readonly imports: Record<string, ImportBlock[]>;
  readonly outcomes: readonly InstanceOutcome[];
  /** Resources whose instances could not be listed or matched (a bug or a stack this file does not know yet). */
  readonly problems: readonly string[];
}

export interface ImportPlanInput {
  readonly stacks: readonly StackJson[];
  readonly snapshot: Snapshot;
  readonly naming: Naming;
  /** Keys of a resource whose `for_each` is an expression (the account assignments: the grants of that shard). */
  readonly expressionKeys: (stack: string, type: string) => readonly string[] | undefined;
}

type Resolution = { kind: "import"; id: string } | { kind: "create" | "not-importable"; why: string };
type Resolver = (key: string | undefined, values: Record<string, unknown>, attrs: Record<string, unknown>) => Resolution;

/** Inverse of `literal()`: keys and values in the JSON have `${` written as `$${`. */
const unliteral = (s: string) => s.replace(/([$%])\1\{/g, "$1{");
const str = (v: unknown) => (typeof v === "string" ? unliteral(v) : undefined);

export function planImports(input: ImportPlanInput): ImportPlan {
  const resolvers = resolversFor(input.snapshot, input.naming);
  const imports: Record<string, ImportBlock[]> = {};
  const outcomes: InstanceOutcome[] = [];
  const problems: string[] = [];
  for (const stack of input.stacks) {
    const blocks: ImportBlock[] = [];
    for (const [type, byName] of Object.entries<Record<string, Record<string, unknown>>>(stack.json.resource ?? {})) {
      for (const [name, attrs] of Object.entries(byName)) {
        const resource = `${type}.${name}`;
        const resolve = resolvers[type];
        if (!resolve) {
          problems.push(`${stack.name}: no import rule for resource type ${type} (${resource}); adopt cannot tell whether it exists`);
          continue;
        }
        const instances = instancesOf(attrs.for_each, () => input.expressionKeys(stack.name, type));
        if (!instances) {
          problems.push(`${stack.name}: the instances of ${resource} cannot be listed (for_each ${JSON.stringify(attrs.for_each)})`);
          continue;
        }
        for (const [key, values] of instances) {
          // A resource with `count` (0 or 1: the synchronization resources exist once the SCIM secret has a value) is
          // instance [0]; Terraform refuses an import `to` without the index.
          const gated = key === undefined && attrs.count !== undefined;
          const address = instanceAddress(resource, gated ? 0 : key);
          const r = resolve(key, values, attrs);
          if (r.kind === "import") blocks.push({ to: address, id: r.id });
          outcomes.push({ stack: stack.name, address, type, kind: r.kind, detail: r.kind === "import" ? r.id : r.why, ...(gated ? { gated } : {}) });
        }
      }
    }
    imports[stack.name] = blocks.sort((a, b) => cmp(a.to, b.to));
  }
  return { imports, outcomes, problems };
}

/** [key, for_each value] of every instance; a resource without for_each is one instance without a key. */
function instancesOf(forEach: unknown, expression: () => readonly string[] | undefined): [string | undefined, Record<string, unknown>][] | undefined {
  if (forEach === undefined) return [[undefined, {}]];
  if (forEach && typeof forEach === "object" && !Array.isArray(forEach)) {
    return Object.entries(forEach as Record<string, unknown>).map(([k, v]) => [unliteral(k), v && typeof v === "object" ? (v as Record<string, unknown>) : { value: v }]);
  }
  if (typeof forEach === "string") {
    const set = /^\$\{toset\((\[.*\])\)\}$/s.exec(forEach);
    if (set) return (JSON.parse(set[1]) as string[]).map((k) => [unliteral(k), { value: k }]);
    return expression()?.map((k) => [k, {}]);
  }
  return undefined;
}

function resolversFor(s: Snapshot, n: Naming): Record<string, Resolver> {
  const { aws, entra } = s;
  const app = entra.application;
  const sp = entra.servicePrincipal;
  const instance = aws.instanceArn;
  const psArn = (name: string | undefined) => (name !== undefined ? n.permissionSetArns.get(name) : undefined);
  const setOf = (name: string | undefined) => aws.permissionSets.find((p) => p.name === name);
  const groupById = new Map(entra.groups.map((g) => [g.objectId, g]));
  const groupOf = (name: string) => groupById.get(n.groupObjectIds.get(name) ?? "");
  /**
   * `<group>/<principal>` keys (src/entra/groups-keys.ts `membershipKey`): the group is everything before the last `/`;
   * the principal has `%` and `/` percent-encoded there, decoded here.
   */
  const splitMember = (key: string) => {
    const i = key.lastIndexOf("/");
    return { group: key.slice(0, i), principal: key.slice(i + 1).replace(/%2F/g, "/").replace(/%25/g, "%") };
  };
  /** A principal as written (UPN or object id) → Entra object id, when known. */
  const objectIdOf = (principal: string, candidates: readonly { id: string; userPrincipalName?: string }[] = []) => {
    const p = principal.toLowerCase();
    if (/^[0-9a-f-]{36}$/.test(p)) return p;
    return candidates.find((c) => c.userPrincipalName?.toLowerCase() === p)?.id ?? n.userObjectIds.get(p);
  };
  const create = (why: string): Resolution => ({ kind: "create", why });
  const none = (why: string): Resolution => ({ kind: "not-importable", why });
  const imp = (id: string): Resolution => ({ kind: "import", id });

  return {
    azuread_application: () => imp(`/applications/${app.objectId}`),
    azuread_service_principal: () => imp(`/servicePrincipals/${sp.objectId}`),
    azuread_application_identifier_uri: (_k, v, a) => {
      const uri = str(v.identifier_uri) ?? str(a.identifier_uri);
      if (!uri || !app.identifierUris.includes(uri)) return create(`the application has no identifier URI ${JSON.stringify(uri)} yet`);
      return imp(`/applications/${app.objectId}/identifierUris/${Buffer.from(uri, "utf8").toString("base64")}`);
    },
    azuread_service_principal_token_signing_certificate: (_k, v, a) => {
      const end = str(v.end_date) ?? str(a.end_date);
      const at = end !== undefined && !end.startsWith("${") ? Date.parse(end) : NaN;
      const cert = sp.certificates.find((c) => Date.parse(c.endDateTime) === at);
      if (!cert) return create(end === undefined ? "a new signing certificate (no end date in the file)" : `no signing certificate ends at ${end} yet`);
      return imp(`${sp.objectId}/tokenSigningCertificate/${cert.keyId}`);
    },
    msgraph_update_resource: () => none("a PATCH of an existing Graph object (the certificate activation): it sets the value that is already there, nothing is created"),
    msgraph_resource_action: (_k, _v, a) =>
      none(str(a.action) === "start" ? "a POST that starts the provisioning job: an action on the existing job, nothing to import" : "a PUT of the provisioning job's attribute mappings: an action on the existing job, nothing to import"),
    azuread_app_role_assignment: (key, v) => {
      const k = key ?? "";
      const objectId = k.startsWith("group:") ? n.groupObjectIds.get(k.slice(6)) : k.startsWith("user:") ? n.userObjectIds.get(k.slice(5)) : undefined;
      const role = str(v.app_role);
      const roleIds = new Set(sp.appRoles.filter((r) => r.displayName === role).map((r) => r.id));
      const mine = entra.appRoleAssignments.filter((x) => x.principalId === objectId);
      const found = mine.find((x) => roleIds.has(x.appRoleId)) ?? mine[0];
      if (!found) return create(`${k} is not assigned to the application yet`);
      return imp(`/servicePrincipals/${sp.objectId}/appRoleAssignedTo/${found.id}`);
    },
    azuread_group_without_members: (key) => {
      const g = groupOf(key ?? "");
      return g ? imp(`/groups/${g.objectId}`) : create(`group ${JSON.stringify(key)} does not exist in Entra`);
    },
    azuread_group_member: (key) => {
      const { group, principal } = splitMember(key ?? "");
      const g = groupOf(group);
      const id = g ? objectIdOf(principal, g.members) : undefined;
      if (!g || !id || !(g.members ?? []).some((m) => m.id === id)) return create(`${principal} is not a member of ${group} yet`);
      return imp(`${g.objectId}/member/${id}`);
    },
    azuread_group_role_management_policy: (key) => {
      const g = groupOf(key ?? "");
      return g?.pim ? imp(g.pim.policyId) : create(`the member policy of ${JSON.stringify(key)} was not read (the provider adopts Entra's policy on create)`);
    },
    azuread_privileged_access_group_eligibility_schedule: (key) => {
      const { group, principal } = splitMember(key ?? "");
      const g = groupOf(group);
      const id = g ? objectIdOf(principal, g.members) : undefined;
      const e = g?.pim?.eligibilities.find((x) => x.accessId === "member" && x.principalId === id);
      return e ? imp(e.id) : create(`${principal} is not eligible for ${group} yet`);
    },
    azuread_synchronization_job: (_k, _v, a) => {
      const template = str(a.template_id);
      const job = entra.synchronization.jobs.find((j) => j.templateId === template);
      return job ? imp(`/servicePrincipals/${sp.objectId}/synchronization/jobs/${job.id}`) : create(`the application has no provisioning job from template ${JSON.stringify(template)} yet`);
    },
    azuread_synchronization_secret: () =>
      none("its credentials are write-only (Graph returns the token as *; azuread 3.7.0 documents no import): the first deploy of scim-provisioning puts all four again, the endpoint and token from the SCIM secret's value"),
    azuread_synchronization_job_provision_on_demand: () => none("a call (push one group now), not an object: it runs once when created"),
    aws_secretsmanager_secret: (_k, _v, a) => create(`the SCIM secret container ${JSON.stringify(str(a.name))} (created empty; the operator stores the endpoint and token)`),
    terraform_data: () => none("state only (a destroy guard): no cloud object"),
    aws_ssoadmin_permission_set: (key) => {
      const arn = psArn(key);
      return arn ? imp(`${arn},${instance}`) : create(`permission set ${JSON.stringify(key)} does not exist yet`);
    },
    aws_ssoadmin_managed_policy_attachment: (_k, v) => {
      const set = setOf(str(v.permission_set));
      const policy = str(v.policy_arn) ?? "";
      return set?.managedPolicies.includes(policy) ? imp(`${policy},${set.arn},${instance}`) : create(`${policy} is not attached to ${str(v.permission_set)} yet`);
    },
    aws_ssoadmin_customer_managed_policy_attachment: (_k, v) => {
      const set = setOf(str(v.permission_set));
      const name = str(v.name) ?? "";
      const path = str(v.path) ?? "/";
      const has = set?.customerManagedPolicies.some((c) => c.name === name && c.path === path);
      return set && has ? imp(`${name},${path},${set.arn},${instance}`) : create(`${path}${name} is not attached to ${str(v.permission_set)} yet`);
    },
    aws_ssoadmin_permission_set_inline_policy: (key) => {
      const set = setOf(key);
      return set?.inlinePolicy ? imp(`${set.arn},${instance}`) : create(`${JSON.stringify(key)} has no inline policy yet`);
    },
    aws_ssoadmin_permissions_boundary_attachment: (key) => {
      const set = setOf(key);
      return set?.permissionsBoundary ? imp(`${set.arn},${instance}`) : create(`${JSON.stringify(key)} has no permissions boundary yet`);
    },
    aws_ssoadmin_instance_access_control_attributes: () =>
      Object.keys(aws.accessControlAttributes).length ? imp(instance) : create("ABAC is not configured on the instance yet"),
    aws_ssoadmin_account_assignment: (key) => {
      const k = key ?? "";
      const account = k.slice(k.lastIndexOf("/") + 1);
      const rest = k.slice(0, k.lastIndexOf("/"));
      const setName = rest.slice(rest.lastIndexOf("/") + 1);
      const principal = rest.slice(0, rest.lastIndexOf("/"));
      const arn = psArn(setName);
      const pid = n.principalIds.get(principal);
      const type = principal.startsWith("group:") ? "GROUP" : "USER";
      const exists = arn && pid && assignmentSet(aws).has(`${pid}|${account}|${arn}`);
      return exists ? imp(`${pid},${type},${account},AWS_ACCOUNT,${arn},${instance}`) : create(`${k} is not assigned yet`);
    },
  };
}

const assignmentSets = new WeakMap<object, Set<string>>();
function assignmentSet(aws: Snapshot["aws"]): Set<string> {
  let s = assignmentSets.get(aws);
  if (!s) assignmentSets.set(aws, (s = new Set(aws.assignments.map((a) => `${a.principalId}|${a.accountId}|${a.permissionSetArn}`))));
  return s;
}
