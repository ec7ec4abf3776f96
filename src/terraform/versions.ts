/**
 * The Terraform and provider versions every stack declares, and why each one (README: Verified against, "Version
 * pins"). Pure: no cdktf import.
 *
 * - Terraform >= 1.10: the S3 backend's native locking (`use_lockfile`) arrived in 1.10; `removed` blocks with
 *   `lifecycle { destroy = false }` (certificate retirement) need 1.7, `terraform_data` 1.4.
 * - azuread >= 3.9.0, < 4.0.0: 3.8.0 waits for a new group's role-management policy instead of failing with
 *   "expected 1, got 0" (#1836, CHANGELOG 3.8.0; `internal/services/policies/policies.go` getPolicyId), and 3.9.0
 *   updates eligibility schedules with AdminUpdate instead of AdminAssign, which Graph refused with
 *   RoleAssignmentExists (#1856, CHANGELOG 3.9.0; `privileged_access_group_eligiblity_schedule_resource.go` Update).
 *   The prebuilt bindings (@cdktf/provider-azuread 14.3.1) are generated from 3.7.0: `npm run provider-schemas`
 *   compares the schema of every azuread type we synthesize between v3.7.0 and v3.9.0 in the provider's source
 *   (test/fixtures/provider-schemas/azuread.json records the result: unchanged). 4.0 may break the schema.
 * - msgraph >= 0.3.0, < 0.4.0: released versions are 0.1.0 (data source and `msgraph_resource`), 0.2.0
 *   (`msgraph_update_resource`, `msgraph_resource_action`) and 0.3.0 (`update_method` on the update resources); 0.4.0
 *   is unreleased (provider CHANGELOG.md). We use `msgraph_update_resource` and `msgraph_resource_action` with the
 *   0.3.0 schema; a pre-1.0 minor release may change it, hence the upper bound.
 */

/** `terraform { required_version }` of every stack. */
export const TERRAFORM_VERSION = ">= 1.10.0";

/** `required_providers.azuread.version` of every stack that uses azuread. */
export const AZUREAD_VERSION = ">= 3.9.0, < 4.0.0";

/** `required_providers.msgraph.version` of every stack that uses msgraph. */
export const MSGRAPH_VERSION = ">= 0.3.0, < 0.4.0";
