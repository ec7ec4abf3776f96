/**
 * Stack `scim-provisioning`: SCIM provisioning from Entra ID to IAM Identity Center, wired through a secret.
 * - the Secrets Manager secret that holds the SCIM endpoint and token (created empty, or an existing one), its
 *   value read and checked at plan time;
 * - Entra's synchronization secret and job for the enterprise application (from the `entra-sso` stack);
 * - the attribute-mapping fix (externalId ← objectId, no mobile/fax phone numbers), when enabled;
 * - provision on demand for every group assigned to the application, when enabled.
 * With `entra.provisioning.enabled: false` the stack keeps only the secret container (or nothing, for an existing
 * secret): switching provisioning off removes the Entra job and synchronization secret and keeps the token's secret.
 */
import { TerraformOutput, TerraformStack } from "cdktf";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { AzureadProvider } from "@cdktf/provider-azuread/lib/provider";
import type { Construct } from "constructs";
import type { AssignedGroup } from "../src/entra/assigned-group";
import { AttributeMappingFix } from "../src/entra/attribute-mapping-fix";
import { ProvisionOnDemand } from "../src/entra/provisioning-on-demand";
import { EntraSynchronization } from "../src/entra/synchronization";
import { ScimSecret } from "../src/identity-center/scim-secret";
import type { FederationModel } from "../src/model/model";
import { destroyProtection } from "../src/model/protection";
import { MsgraphProvider } from "../src/msgraph/provider";
import { terraformView } from "../src/terraform/view";
import { configureBackend } from "./backend";

export const SCIM_PROVISIONING_STACK = "scim-provisioning";

export interface ScimProvisioningStackProps {
  /** Resource id of the enterprise application's service principal (`/servicePrincipals/<object id>`), from `entra-sso`. */
  readonly servicePrincipalId: string;
  /** Groups assigned to the enterprise application, by group name, from `entra-sso`. @default - none */
  readonly assignedGroups?: ReadonlyMap<string, AssignedGroup>;
}

export class ScimProvisioningStack extends TerraformStack {
  /** The SCIM secret (container, and its checked value when provisioning is on). */
  readonly secret: ScimSecret;
  /** Entra synchronization secret and job; absent when provisioning is off. */
  readonly synchronization?: EntraSynchronization;

  constructor(scope: Construct, model: FederationModel, props: ScimProvisioningStackProps) {
    super(scope, SCIM_PROVISIONING_STACK);
    configureBackend(this, model, SCIM_PROVISIONING_STACK);
    // Everything from the file reaches Terraform through the escaped view (src/terraform/view.ts).
    const tf = terraformView(model);
    const { entra, identityCenter } = tf.spec;
    const provisioning = entra.provisioning;
    new AwsProvider(this, "aws", { region: identityCenter.region });

    this.secret = new ScimSecret(this, "scim-secret", {
      name: tf.scimSecret.name,
      region: identityCenter.region,
      existing: tf.scimSecret.existing,
      kmsKeyId: tf.scimSecret.kmsKeyId,
      description: tf.scimSecret.description,
      tags: tf.scimSecret.tags,
      readValue: provisioning.enabled,
      preventDestroy: destroyProtection(tf).scimSecret,
    });
    new TerraformOutput(this, "scim_secret_arn", { value: this.secret.secretArn, description: "Secrets Manager secret holding the SCIM endpoint and token" });
    const value = this.secret.value;
    if (!provisioning.enabled || !value) return;

    new AzureadProvider(this, "azuread", { tenantId: entra.tenantId });
    this.synchronization = new EntraSynchronization(this, "synchronization", {
      servicePrincipalId: props.servicePrincipalId,
      endpoint: value.endpoint,
      token: value.token,
      notificationEmails: entra.application.notificationEmails,
      deleteThreshold: provisioning.deleteThreshold,
      scope: provisioning.scope,
      enabled: provisioning.enabled,
      preconditions: value.conditions,
    });

    let mappingFix: AttributeMappingFix | undefined;
    if (provisioning.externalIdFromObjectId) {
      mappingFix = new AttributeMappingFix(this, "attribute-mapping-fix", {
        synchronizationJob: this.synchronization.job,
        msgraphProvider: new MsgraphProvider(this, "msgraph", { tenantId: entra.tenantId }),
      });
    }

    if (provisioning.provisionOnDemand) {
      new ProvisionOnDemand(this, "provision-on-demand", {
        servicePrincipalId: props.servicePrincipalId,
        synchronizationJobId: this.synchronization.jobId,
        groups: props.assignedGroups ?? new Map(),
        ruleId: provisioning.provisionOnDemandRuleId,
        // Groups pushed at once should arrive with the fixed mappings (externalId = objectId).
        dependsOn: mappingFix ? [mappingFix.schemaUpdate] : undefined,
      });
    }

    new TerraformOutput(this, "scim_token_expires_at", {
      value: value.expiresAt,
      description: "Expiry date of the SCIM access token recorded in the secret (rotate before it; README: token rotation)",
    });
    new TerraformOutput(this, "synchronization_job_id", { value: this.synchronization.jobId, description: "Entra synchronization job" });
  }
}
