/**
 * Stack `identity-center`: the AWS half of the federation — permission sets and their policies, ABAC attributes,
 * principal resolution (rename-proof, pending when SCIM has not provisioned a principal yet) and the external-IdP
 * hand-off (outputs + `identity-center-handoff.md`). The account assignments live in the shard stacks
 * `identity-center-assignments-<k>` (stacks/identity-center-assignments.ts), which read `permission_set_arns`,
 * `principal_ids` and `instance_arn` from this stack's state.
 *
 * Reads from `entra-sso` (cross-stack references): group and user object ids for matching, and the IdP values for the
 * hand-off. So it is planned after `entra-sso` is applied; first deploy order: entra-sso → scim-provisioning →
 * identity-center (README). Under another identity provider (`identityProvider` other than entra) it reads no other
 * stack: principals are matched by name only and the hand-off sheet is that IdP's (src/handoff/), so the stack's JSON
 * is the same whatever that IdP is.
 */
import { TerraformOutput, TerraformStack } from "cdktf";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import type { Construct } from "constructs";
import { AccessControlAttributes } from "../src/identity-center/access-control-attributes";
import { IdpHandoffSheet } from "../src/handoff/idp-handoff-sheet";
import { renderIdpHandoff } from "../src/handoff/index";
import { IdpHandoff } from "../src/identity-center/idp-handoff";
import { entraOf } from "../src/idp/providers";
import { IdentityCenterInstance } from "../src/identity-center/instance";
import { type PermissionSetDefinition, PermissionSets } from "../src/identity-center/permission-sets";
import { PermissionSetDestroyGuard } from "../src/identity-center/permission-set-destroy-guard";
import { PrincipalResolver, type PrincipalToResolve } from "../src/identity-center/principal-resolver";
import { type Expansion, principalKey } from "../src/model/expand";
import type { FederationModel } from "../src/model/model";
import { activeSigningCertificate } from "../src/model/certificates";
import { destroyProtection } from "../src/model/protection";
import { expansionOf } from "../src/model/shard-count";
import { terraformSafe, terraformView } from "../src/terraform/view";
import { configureBackend } from "./backend";
import { ENTRA_SSO_STACK, type EntraSsoStack } from "./entra-sso";

export const IDENTITY_CENTER_STACK = "identity-center";

/** Outputs the assignment shard stacks read from this stack's state (plain values: shards use them in `for_each`). */
export const IDENTITY_CENTER_OUTPUTS = {
  instanceArn: "instance_arn",
  permissionSetArns: "permission_set_arns",
  principalIds: "principal_ids",
} as const;

export interface IdentityCenterStackDeps {
  /** The Entra stack: group/user object ids and IdP values come from it. @default - another IdP: matching by name only */
  readonly entraSso?: EntraSsoStack;
}

export class IdentityCenterStack extends TerraformStack {
  readonly instance: IdentityCenterInstance;
  readonly permissionSets: PermissionSets;
  readonly principals: PrincipalResolver;
  /** The expansion this stack synthesized (grants and OU targets). */
  readonly expansion: Expansion;

  constructor(scope: Construct, model: FederationModel, deps: IdentityCenterStackDeps) {
    super(scope, IDENTITY_CENTER_STACK);
    configureBackend(this, model, IDENTITY_CENTER_STACK);
    // Everything from the file reaches Terraform through the escaped view (src/terraform/view.ts).
    const tf = terraformView(model);
    const spec = tf.spec;
    const ic = spec.identityCenter;
    new AwsProvider(this, "aws", { region: ic.region });

    this.instance = new IdentityCenterInstance(this, "instance", { instanceArn: ic.instanceArn, identityStoreId: ic.identityStoreId });
    const instanceArn = this.instance.instanceArn;

    this.permissionSets = new PermissionSets(this, "permission-sets", {
      instanceArn,
      permissionSets: Object.entries(spec.permissionSets).map(
        ([name, ps]): PermissionSetDefinition => ({
          name,
          description: ps.description,
          sessionDuration: ps.sessionDuration,
          relayState: ps.relayState,
          tags: ps.tags,
          managedPolicies: ps.managedPolicies,
          customerManagedPolicies: ps.customerManagedPolicies,
          inlinePolicy: tf.inlinePolicies[name]?.canonical,
          permissionsBoundary: ps.permissionsBoundary,
        }),
      ),
    });
    // Sets that hold grants refuse destruction and replacement unless the file opts in (protection.allowDestroy).
    const protection = destroyProtection(tf);
    new PermissionSetDestroyGuard(this, "permission-set-destroy-guard", {
      permissionSetArns: this.permissionSets.arns,
      protect: protection.protectedPermissionSets,
      release: protection.releasedPermissionSets,
    });

    if (ic.accessControlAttributes && Object.keys(ic.accessControlAttributes).length > 0) {
      new AccessControlAttributes(this, "access-control-attributes", { instanceArn, attributes: ic.accessControlAttributes });
    }

    this.expansion = expansionOf(model);
    this.principals = new PrincipalResolver(this, "principals", {
      identityStoreId: this.instance.identityStoreId,
      principals: terraformSafe(this.expansion.principals).map((p): PrincipalToResolve => {
        if (p.kind === "group") {
          const objectId = deps.entraSso?.assignedGroups.get(p.name)?.objectId;
          // An existing group (objectId in the file) is named in Entra by itself, not by its key in the file: the
          // name fallback uses its real display name (read by entra-sso).
          const name = spec.groups[p.name]?.objectId ? (deps.entraSso?.groups.displayNames.get(p.name) ?? p.name) : p.name;
          return { key: principalKey(p), kind: "group", name, objectId };
        }
        return { key: principalKey(p), kind: "user", name: p.name, objectId: deps.entraSso?.directory.objectId(p.name) };
      }),
    });

    const app = deps.entraSso?.application;
    // The sheet is for people: rendered from the file as written; the outputs get the escaped values.
    if (!app) new IdpHandoffSheet(this, "idp-handoff", { document: renderIdpHandoff(model), serviceProvider: ic.serviceProvider });
    else new IdpHandoff(this, "idp-handoff", {
      sheet: {
        federationFile: tf.file,
        region: ic.region,
        tenantId: entraOf(spec).tenantId,
        identityStoreId: ic.identityStoreId,
        acsUrl: ic.serviceProvider.acsUrl,
        issuerUrl: ic.serviceProvider.issuerUrl,
        accessPortalUrl: ic.serviceProvider.accessPortalUrl,
        certificateEndDate: activeSigningCertificate(entraOf(spec).application)?.endDate,
        entraStack: ENTRA_SSO_STACK,
        identityCenterStack: IDENTITY_CENTER_STACK,
      },
      idpMetadataUrl: app.idpMetadataUrl,
      idpEntityId: app.idpEntityId,
      idpSignInUrl: app.idpSignInUrl,
      idpCertificatePem: app.certificatePem,
    });

    const out = (id: string, value: unknown, description: string) => new TerraformOutput(this, id, { value, description });
    out(IDENTITY_CENTER_OUTPUTS.instanceArn, instanceArn, "IAM Identity Center instance ARN");
    out("identity_store_id", this.instance.identityStoreId, "Identity store id");
    out(IDENTITY_CENTER_OUTPUTS.permissionSetArns, `\${${this.permissionSets.arns}}`, "Permission-set ARNs by name");
    out(IDENTITY_CENTER_OUTPUTS.principalIds, `\${${this.principals.principalIds}}`, "Identity-store ids of the principals found (principal key → id): the assignment stacks assign these");
    out("pending_principals", `\${${this.principals.pendingPrincipals}}`, "Principals (group:<name>, user:<userName>) not provisioned by SCIM yet: their grants wait for a later run");
    out("principal_matches", `\${${this.principals.matchedBy}}`, "How each principal was found in the identity store: external-id (rename-proof) or name");
  }
}
