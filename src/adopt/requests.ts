/**
 * Every read `adopt` and `drift` make, as data: which API operation with which parameters, the file that holds its
 * output in an export folder, and the exact command that writes that file. The live sources (src/adopt/live-aws.ts,
 * src/adopt/live-graph.ts) send the request; the export source (src/adopt/export-source.ts) reads the file. Either
 * way the response has the shape the command prints, and src/adopt/read.ts validates and uses it. Pure.
 *
 * AWS: the AWS CLI v2 (`aws <service> <operation> … --output json`), whose default pagination prints one document
 * with every item; a saved output may also be several pages one after another (`--max-items` / `--starting-token`),
 * each but the last with a `NextToken`. Graph: `az rest --method get --url <url>` prints one page; lists are saved
 * with `graph_pages` (README: Adopting an existing federation), which writes every page one after another, each but
 * the last with an `@odata.nextLink`.
 */
import { shellCommand, shellWord } from "../shell";

export const GRAPH_BASE = "https://graph.microsoft.com/v1.0/";

export type AwsService = "sso-admin" | "identitystore" | "organizations";

export interface AwsRequest {
  readonly service: AwsService;
  /** The CLI operation (`list-permission-sets`); the SDK command is its PascalCase + `Command`. */
  readonly operation: string;
  /** CLI options without `--` and their values, in order (SDK input: the PascalCase names). */
  readonly params: readonly (readonly [string, string])[];
  /** Where the output lives in an export folder (posix, relative). */
  readonly file: string;
  /** The output's list (paged) key; absent for single-object outputs. */
  readonly list?: string;
  /** The API answers ResourceNotFoundException when there is nothing (no boundary, no ABAC): the export then holds `{}`. */
  readonly notFoundIsEmpty?: boolean;
}

export interface GraphRequest {
  /** Path and query after `https://graph.microsoft.com/v1.0/`. */
  readonly path: string;
  readonly file: string;
  /** A collection (`value` + `@odata.nextLink` pages); otherwise one object. */
  readonly paged: boolean;
  /** What it is, for messages ("the application's service principal"). */
  readonly what: string;
}

/** The last segment of an ARN (`ps-…`), safe as a folder name. */
const tail = (arn: string) => arn.slice(arn.lastIndexOf("/") + 1);

const ps = (instanceArn: string, permissionSetArn: string, operation: string, extra: readonly (readonly [string, string])[] = []) => ({
  service: "sso-admin" as const,
  operation,
  params: [["instance-arn", instanceArn], ["permission-set-arn", permissionSetArn], ...extra] as const,
  file: `aws/sso-admin/permission-sets/${tail(permissionSetArn)}/${operation}.json`,
});

export const aws = {
  listInstances: (): AwsRequest => ({ service: "sso-admin", operation: "list-instances", params: [], file: "aws/sso-admin/list-instances.json", list: "Instances" }),
  listPermissionSets: (instanceArn: string): AwsRequest => ({
    service: "sso-admin",
    operation: "list-permission-sets",
    params: [["instance-arn", instanceArn]],
    file: "aws/sso-admin/list-permission-sets.json",
    list: "PermissionSets",
  }),
  describePermissionSet: (i: string, p: string): AwsRequest => ps(i, p, "describe-permission-set"),
  managedPolicies: (i: string, p: string): AwsRequest => ({ ...ps(i, p, "list-managed-policies-in-permission-set"), list: "AttachedManagedPolicies" }),
  customerManagedPolicies: (i: string, p: string): AwsRequest => ({
    ...ps(i, p, "list-customer-managed-policy-references-in-permission-set"),
    list: "CustomerManagedPolicyReferences",
  }),
  inlinePolicy: (i: string, p: string): AwsRequest => ps(i, p, "get-inline-policy-for-permission-set"),
  permissionsBoundary: (i: string, p: string): AwsRequest => ({ ...ps(i, p, "get-permissions-boundary-for-permission-set"), notFoundIsEmpty: true }),
  tags: (i: string, p: string): AwsRequest => ({
    service: "sso-admin",
    operation: "list-tags-for-resource",
    params: [["instance-arn", i], ["resource-arn", p]],
    file: `aws/sso-admin/permission-sets/${tail(p)}/list-tags-for-resource.json`,
    list: "Tags",
  }),
  provisionedAccounts: (i: string, p: string): AwsRequest => ({ ...ps(i, p, "list-accounts-for-provisioned-permission-set"), list: "AccountIds" }),
  accountAssignments: (i: string, p: string, accountId: string): AwsRequest => ({
    service: "sso-admin",
    operation: "list-account-assignments",
    params: [["instance-arn", i], ["account-id", accountId], ["permission-set-arn", p]],
    file: `aws/sso-admin/permission-sets/${tail(p)}/accounts/${accountId}/list-account-assignments.json`,
    list: "AccountAssignments",
  }),
  accessControlAttributes: (i: string): AwsRequest => ({
    service: "sso-admin",
    operation: "describe-instance-access-control-attribute-configuration",
    params: [["instance-arn", i]],
    file: "aws/sso-admin/describe-instance-access-control-attribute-configuration.json",
    notFoundIsEmpty: true,
  }),
  listGroups: (identityStoreId: string): AwsRequest => ({
    service: "identitystore",
    operation: "list-groups",
    params: [["identity-store-id", identityStoreId]],
    file: "aws/identitystore/list-groups.json",
    list: "Groups",
  }),
  listUsers: (identityStoreId: string): AwsRequest => ({
    service: "identitystore",
    operation: "list-users",
    params: [["identity-store-id", identityStoreId]],
    file: "aws/identitystore/list-users.json",
    list: "Users",
  }),
  listAccounts: (): AwsRequest => ({ service: "organizations", operation: "list-accounts", params: [], file: "aws/organizations/list-accounts.json", list: "Accounts" }),
  accountsForParent: (parentId: string): AwsRequest => ({
    service: "organizations",
    operation: "list-accounts-for-parent",
    params: [["parent-id", parentId]],
    file: `aws/organizations/parents/${parentId}/list-accounts-for-parent.json`,
    list: "Accounts",
  }),
  ousForParent: (parentId: string): AwsRequest => ({
    service: "organizations",
    operation: "list-organizational-units-for-parent",
    params: [["parent-id", parentId]],
    file: `aws/organizations/parents/${parentId}/list-organizational-units-for-parent.json`,
    list: "OrganizationalUnits",
  }),
} as const;

const quotedId = (id: string) => `'${id}'`;

export const graph = {
  organization: (): GraphRequest => ({ path: "organization?$select=id", file: "entra/organization.json", paged: true, what: "the tenant" }),
  servicePrincipal: (appId: string): GraphRequest => ({
    path: `servicePrincipals(appId=${quotedId(appId)})`,
    file: "entra/service-principal.json",
    paged: false,
    what: "the enterprise application's service principal",
  }),
  /** Live only: the service principals made from the AWS IAM Identity Center gallery template (to find the app without --app-id). */
  galleryServicePrincipals: (templateId: string): GraphRequest => ({
    path: `servicePrincipals?$filter=applicationTemplateId eq ${quotedId(templateId)}&$select=id,appId,displayName`,
    file: "entra/gallery-service-principals.json",
    paged: true,
    what: "service principals of the AWS IAM Identity Center gallery application",
  }),
  application: (appId: string): GraphRequest => ({
    path: `applications(appId=${quotedId(appId)})`,
    file: "entra/application.json",
    paged: false,
    what: "the application registration",
  }),
  applicationOwners: (appId: string): GraphRequest => ({
    path: `applications(appId=${quotedId(appId)})/owners?$select=id,userPrincipalName`,
    file: "entra/application-owners.json",
    paged: true,
    what: "the application's owners",
  }),
  appRoleAssignedTo: (spId: string): GraphRequest => ({
    path: `servicePrincipals/${spId}/appRoleAssignedTo?$top=999`,
    file: "entra/app-role-assigned-to.json",
    paged: true,
    what: "the users and groups assigned to the application",
  }),
  group: (id: string): GraphRequest => ({
    path: `groups/${id}?$select=id,displayName,description,securityEnabled,mailEnabled,groupTypes`,
    file: `entra/groups/${id}.json`,
    paged: false,
    what: `group ${id}`,
  }),
  groupMembers: (id: string): GraphRequest => ({
    path: `groups/${id}/members?$select=id,userPrincipalName&$top=999`,
    file: `entra/groups/${id}/members.json`,
    paged: true,
    what: `the members of group ${id}`,
  }),
  groupOwners: (id: string): GraphRequest => ({
    path: `groups/${id}/owners?$select=id,userPrincipalName&$top=999`,
    file: `entra/groups/${id}/owners.json`,
    paged: true,
    what: `the owners of group ${id}`,
  }),
  eligibilitySchedules: (id: string): GraphRequest => ({
    path: `identityGovernance/privilegedAccess/group/eligibilitySchedules?$filter=groupId eq ${quotedId(id)}`,
    file: `entra/groups/${id}/eligibility-schedules.json`,
    paged: true,
    what: `the PIM eligibilities of group ${id}`,
  }),
  memberPolicy: (id: string): GraphRequest => ({
    path: `policies/roleManagementPolicyAssignments?$filter=scopeId eq ${quotedId(id)} and scopeType eq 'Group' and roleDefinitionId eq 'member'&$expand=policy($expand=rules)`,
    file: `entra/groups/${id}/member-policy.json`,
    paged: true,
    what: `the PIM member policy of group ${id}`,
  }),
  user: (id: string): GraphRequest => ({ path: `users/${id}?$select=id,userPrincipalName`, file: `entra/users/${id}.json`, paged: false, what: `user ${id}` }),
  synchronizationJobs: (spId: string): GraphRequest => ({
    path: `servicePrincipals/${spId}/synchronization/jobs`,
    file: "entra/synchronization-jobs.json",
    paged: true,
    what: "the provisioning (synchronization) jobs",
  }),
  synchronizationSchema: (spId: string, jobId: string): GraphRequest => ({
    path: `servicePrincipals/${spId}/synchronization/jobs/${jobId}/schema`,
    file: `entra/synchronization-jobs/${jobId}/schema.json`,
    paged: false,
    what: `the attribute mappings of job ${jobId}`,
  }),
} as const;

/** The AWS CLI command that prints a request's output (what to run to fill a missing export file). */
export function awsCommand(r: AwsRequest): string {
  return shellCommand("aws", r.service, r.operation, ...r.params.flatMap(([k, v]) => [`--${k}`, v]), "--output", "json");
}

/** The command that writes a Graph request's export file: `az rest` for one object, `graph_pages` for a list. */
export function graphCommand(r: GraphRequest): string {
  const url = `${GRAPH_BASE}${r.path}`;
  return r.paged ? `graph_pages ${shellWord(url)}` : shellCommand("az", "rest", "--method", "get", "--url", url);
}

/** `<command> > <file>`, for messages about a missing or broken export file. */
export function exportCommandFor(r: AwsRequest | GraphRequest, dir: string): string {
  const target = shellWord(`${dir.replace(/\/+$/, "")}/${r.file}`);
  if ("service" in r) return `${awsCommand(r)} > ${target}`;
  // `graph_pages` is a function of the export script, not a command on the PATH: say where it comes from.
  return `${graphCommand(r)} > ${target} (graph_pages is the function of scripts/export-federation.sh, which writes every file of the folder)`;
}
