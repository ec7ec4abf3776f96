/**
 * The public surface of the package (its `exports` map points here; everything else is internal and may change):
 *
 * - the whole federation from a file into a CDKTF App, a new one or your own: `loadFederation` + `buildApp`;
 * - the stacks, for apps that compose them themselves;
 * - the constructs, for a stack of your own: the enterprise application (with the msgraph provider it needs), the
 *   permission sets, the account assignments, the instance lookup and the principal resolver; `pinVersions` gives
 *   your stack the Terraform and provider constraints ours have;
 * - the model loader and the expansion of a file into grants;
 * - the review functions: the access report, the access diff, the plan summary (data and Markdown).
 *
 * Text you pass to a construct yourself reaches Terraform as written, and Terraform reads `${` and `%{` in it as
 * template sequences: pass text that is not yours through `terraformSafe()` first (the stacks do this for the whole
 * file). docs/library.md has examples; `npm run docs` builds the API reference from these doc comments.
 */

// The whole federation.
export { buildApp, type BuildOptions, type FederationApp } from "./app";
export { FederationFileError, loadFederation } from "./library";

// The stacks.
export { EntraSsoStack, ENTRA_SSO_STACK } from "../stacks/entra-sso";
export { OktaSsoStack, OKTA_SSO_STACK } from "../stacks/okta-sso";
export { ScimProvisioningStack, SCIM_PROVISIONING_STACK, type ScimProvisioningStackProps } from "../stacks/scim-provisioning";
export { IdentityCenterStack, IDENTITY_CENTER_STACK, type IdentityCenterStackDeps } from "../stacks/identity-center";
export { IdentityCenterAssignmentsStack, type IdentityCenterAssignmentsStackProps } from "../stacks/identity-center-assignments";
export { pinVersions } from "../stacks/backend";

// The constructs.
export { EnterpriseApplication, type EnterpriseApplicationProps } from "./entra/enterprise-application";
export type { SigningCertificateProps } from "./entra/signing-certificates";
export { MsgraphProvider, type MsgraphProviderProps } from "./msgraph/provider";
export { PermissionSets, type PermissionSetsProps, type PermissionSetDefinition, type CustomerManagedPolicyRef } from "./identity-center/permission-sets";
export { AccountAssignments, type AccountAssignmentsProps } from "./identity-center/account-assignments";
export { IdentityCenterInstance, type IdentityCenterInstanceProps } from "./identity-center/instance";
export { PrincipalResolver, type PrincipalResolverProps, type PrincipalToResolve } from "./identity-center/principal-resolver";
export { planShards, type ShardPlan } from "./identity-center/shards";
export { terraformSafe } from "./terraform/view";

// The model.
export { loadFederationFile, parseFederation, type LoadOptions, type LoadResult, type ReadLimit } from "./model/load";
export { formatDiagnostic, type Diagnostic, type Severity } from "./model/diagnostics";
export type { FederationModel, InlinePolicy, ScimSecretSpec } from "./model/model";
export type { Federation, FederationInput, GroupSpec, PermissionSetSpec, AssignmentSpec } from "./model/schema";
export { expand, grantKey, principalKey, type AccessGrant, type Expansion, type OuTarget, type Principal } from "./model/expand";

// Review.
export { buildReport, type AccessReport, type ReportOptions } from "./review/report";
export { renderReportMarkdown } from "./review/report-markdown";
export { diffFederations, type DiffOptions } from "./review/diff";
export type { AccessDiff, Escalation, DiffWarning, Change } from "./review/diff-types";
export { renderDiffMarkdown, type DiffMarkdownOptions } from "./review/diff-markdown";
export { PlanFormatError, summarizePlan, type PlanSummary } from "./review/plan-summary";
export { renderPlanSummaryMarkdown } from "./review/plan-summary-markdown";

// Types that the surface above names (what its members and results are made of); the classes among them are created
// by the stacks and constructs, not by you.
export type { AssignedGroup } from "./entra/assigned-group";
export type { EntraDirectory } from "./entra/directory";
export type { EntraGroups } from "./entra/groups";
export type { EntraSynchronization } from "./entra/synchronization";
export type { SigningCertificates } from "./entra/signing-certificates";
export type { ScimSecret, ScimSecretValue } from "./identity-center/scim-secret";
export type { OktaAwsApplication } from "./okta/aws-application";
export type { OktaGroups } from "./okta/groups";
export type { federationSchema } from "./model/schema";
export type { GrantSource, PrincipalKind } from "./model/expand";
export type { ImportBlock, ImportsFile, ResolvedImports } from "./model/imports";
export type { AccountRef, EligibleMember } from "./review/access";
export type { AccountEntry, ChangeArea, DiffSide, EligibleMemberEntry, GrantEntry, ImportEntry, ImportRetargetEntry, ImportsDiff, LockoutEntry, MemberEntry, OrganizationTargetEntry } from "./review/diff-types";
export type { AttributeChange, GrantKey, PlanAction, PlannedChange, PlannedImport } from "./review/plan-summary";
export type { IdentitySourceReport, PermissionSetReport, PrincipalReport, SetAccess, TargetAccess } from "./review/report";
export type { PrivilegedRules } from "./review/privileged";
export type { ReportMarkdownOptions } from "./review/report-markdown";
export type { MsgraphUpdateResource } from "./msgraph/update-resource";
export type { PrincipalMatching } from "./idp/providers";
