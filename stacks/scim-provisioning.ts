/**
 * Stack `scim-provisioning`: SCIM provisioning from Entra ID to IAM Identity Center, wired through a secret.
 * - the Secrets Manager secret that holds the SCIM endpoint and token (created empty, or an existing one), its
 *   value read and checked at plan time;
 * - Entra's synchronization secret and job for the enterprise application (from the `entra-sso` stack);
 * - the attribute-mapping fix (externalId ← objectId, no mobile/fax phone numbers), when enabled;
 * - the job's start, after the mapping fix (the job is created stopped);
 * - provision on demand for every group assigned to the application, when enabled.
 * Entra's side exists only once the secret has a value: a deploy before that (`cdktf deploy '*'` on a first run)
 * creates the secret container alone, plans successfully and says it waits for the endpoint and token.
 * With `entra.provisioning.enabled: false` the stack keeps only the secret container (or nothing, for an existing
 * secret): switching provisioning off removes the Entra job and synchronization secret and keeps the token's secret.
 * Under another identity provider (`identityProvider` other than entra) the stack is that container and nothing
 * else: the operator reads the token from the secret and enters it in the IdP (the hand-off sheet says how).
 */
import { TerraformOutput, TerraformStack } from "cdktf";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { AzureadProvider } from "@cdktf/provider-azuread/lib/provider";
import type { Construct } from "constructs";
import type { AssignedGroup } from "../src/entra/assigned-group";
import { AttributeMappingFix } from "../src/entra/attribute-mapping-fix";
import { ProvisionOnDemand } from "../src/entra/provisioning-on-demand";
import { EntraSynchronization } from "../src/entra/synchronization";
import { SynchronizationStart } from "../src/entra/synchronization-start";
import { ScimSecret } from "../src/identity-center/scim-secret";
import type { FederationModel } from "../src/model/model";
import { destroyProtection } from "../src/model/protection";
import { MsgraphProvider } from "../src/msgraph/provider";
import { synchronizationTemplateId } from "../src/adopt/application-kind";
import { terraformView } from "../src/terraform/view";
import { configureBackend } from "./backend";

export const SCIM_PROVISIONING_STACK = "scim-provisioning";

const NO_ENTRA_PROVISIONING = { enabled: false, scope: "assigned", provisionOnDemand: false, provisionOnDemandRuleId: "", externalIdFromObjectId: false } as const;

export interface ScimProvisioningStackProps {
  /**
   * Resource id of the enterprise application's service principal (`/servicePrincipals/<object id>`), from `entra-sso`.
   * @default - none: another identity provider than Entra, the stack holds only the secret container
   */
  readonly servicePrincipalId?: string;
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
    const { identityCenter } = tf.spec;
    // Another IdP than Entra: the secret container only (provisioning "off" as far as this stack is concerned).
    const entra = tf.spec.entra;
    const provisioning = entra?.provisioning ?? NO_ENTRA_PROVISIONING;
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
    if (!entra || !provisioning.enabled || !value || props.servicePrincipalId === undefined) return;

    // Everything below exists only once the secret has a value: before that the stack plans and applies the secret
    // container alone and says what it waits for (output scim_provisioning_status, a warning in the plan).
    const when = value.ready;
    new AzureadProvider(this, "azuread", { tenantId: entra.tenantId });
    const msgraph = new MsgraphProvider(this, "msgraph", { tenantId: entra.tenantId });
    this.synchronization = new EntraSynchronization(this, "synchronization", {
      servicePrincipalId: props.servicePrincipalId,
      endpoint: value.endpoint,
      token: value.token,
      notificationEmails: entra.application.notificationEmails,
      deleteThreshold: provisioning.deleteThreshold,
      scope: provisioning.scope,
      templateId: synchronizationTemplateId(entra),
      preconditions: value.conditions,
      when,
    });
    const jobAddress = this.synchronization.jobAddress;

    // The job is created stopped; the mappings are fixed, then it is started: one deploy, and the first cycle already
    // provisions users with externalId = object id.
    let mappingFix: AttributeMappingFix | undefined;
    if (provisioning.externalIdFromObjectId) {
      mappingFix = new AttributeMappingFix(this, "attribute-mapping-fix", { jobAddress, msgraphProvider: msgraph, when });
    }
    const start = new SynchronizationStart(this, "synchronization-start", {
      jobAddress,
      msgraphProvider: msgraph,
      after: [this.synchronization.job, ...(mappingFix ? [mappingFix.schemaUpdate] : [])],
      when,
    });

    if (provisioning.provisionOnDemand) {
      new ProvisionOnDemand(this, "provision-on-demand", {
        servicePrincipalId: props.servicePrincipalId,
        synchronizationJobId: this.synchronization.jobId,
        groups: props.assignedGroups ?? new Map(),
        ruleId: provisioning.provisionOnDemandRuleId,
        // Groups pushed at once arrive with the fixed mappings (externalId = objectId), after the job started.
        dependsOn: [start.start],
        when,
      });
    }

    new TerraformOutput(this, "scim_provisioning_status", {
      value: value.status,
      description: "Whether provisioning runs, or what it waits for (the SCIM endpoint and token in the secret)",
    });
    new TerraformOutput(this, "scim_token_expires_at", {
      value: value.expiresAt,
      description: "Expiry date of the SCIM access token recorded in the secret (rotate before it; README: token rotation)",
    });
    new TerraformOutput(this, "synchronization_job_id", {
      value: `\${${when} ? ${jobAddress}.id : null}`,
      description: "Entra synchronization job (null while the secret has no value)",
    });
  }
}
