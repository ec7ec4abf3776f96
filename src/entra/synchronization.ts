/**
 * Entra's side of SCIM provisioning for the enterprise application: the synchronization secret (where Entra sends
 * users and groups, with which token, who is notified, how much may be deleted in one cycle, what is in scope) and the
 * synchronization job from the AWS IAM Identity Center template. Provider pitfalls handled here
 * (../shared/reference/federation-facts.md):
 * - the secret is a PUT of the whole credential set, so every key is always sent, in a fixed order;
 * - the job depends on the secret, else it starts without credentials and goes into quarantine (which still reads as
 *   enabled);
 * - the job is created stopped (`enabled = false`): azuread starts a job inside its Create when `enabled` is true
 *   (`internal/services/synchronization/synchronization_job_resource.go` Create, v3.9.0), before anything else of the
 *   deploy ran, so the first cycle would provision with the template's mappings (externalId ← mailNickname). The
 *   stack starts it once the mappings are fixed (./synchronization-start.ts). The provider's Read sets `enabled` from
 *   the schedule state (Active → true), so the next plan would pause the started job again: `enabled` is in
 *   `ignore_changes`;
 * - the template id is `aWSSingleSignon`, with exactly this casing;
 * - with `when`, everything here exists only while that condition holds (count 0 or 1), e.g. while the SCIM secret
 *   has a value.
 */
import { type Precondition, Token } from "cdktf";
import { SynchronizationJob } from "@cdktf/provider-azuread/lib/synchronization-job";
import { SynchronizationSecret } from "@cdktf/provider-azuread/lib/synchronization-secret";
import { Construct } from "constructs";
import { address } from "../terraform/address";

/** Synchronization template of the AWS IAM Identity Center gallery application. */
export const AWS_SYNCHRONIZATION_TEMPLATE_ID = "aWSSingleSignon";

export type ProvisioningScope = "assigned" | "all";

export interface EntraSynchronizationProps {
  /** Resource id of the enterprise application's service principal (`/servicePrincipals/<object id>`). */
  readonly servicePrincipalId: string;
  /** SCIM endpoint (a Terraform reference to the secret value; never a literal). */
  readonly endpoint: string;
  /** SCIM access token (a Terraform reference to the secret value; never a literal). */
  readonly token: string;
  /** Who Entra notifies about provisioning failures and quarantine. @default - nobody (notifications off) */
  readonly notificationEmails?: readonly string[];
  /** Stop a cycle that would delete more objects than this. @default - no accidental-deletion guard */
  readonly deleteThreshold?: number;
  /** `assigned`: only users and groups assigned to the application; `all`: every user and group. @default "assigned" */
  readonly scope?: ProvisioningScope;
  /** Template of the job. @default AWS_SYNCHRONIZATION_TEMPLATE_ID (the gallery app's); a non-gallery app's is `scim` (src/adopt/application-kind.ts) */
  readonly templateId?: string;
  /** Checks that must hold before the credentials are sent (e.g. `ScimSecret.value.conditions`). @default - none */
  readonly preconditions?: readonly Precondition[];
  /** A boolean Terraform expression (without `${}`, known at plan time): the resources exist only while it holds. @default - always */
  readonly when?: string;
}

export class EntraSynchronization extends Construct {
  /** Terraform id of the job: `/servicePrincipals/<object id>/synchronization/jobs/<job id>` (`${…}`). */
  readonly jobId: string;
  /** The job's address with its instance (`azuread_synchronization_job.<name>[0]` under `when`), for expressions. */
  readonly jobAddress: string;
  /** The job, for dependencies. */
  readonly job: SynchronizationJob;

  constructor(scope: Construct, id: string, props: EntraSynchronizationProps) {
    super(scope, id);
    const count = props.when ? Token.asNumber(`\${${props.when} ? 1 : 0}`) : undefined;
    const secret = new SynchronizationSecret(this, "secret", {
      count,
      servicePrincipalId: props.servicePrincipalId,
      credential: [
        { key: "BaseAddress", value: props.endpoint },
        { key: "SecretToken", value: props.token },
        { key: "SyncNotificationSettings", value: syncNotificationSettings(props.notificationEmails ?? [], props.deleteThreshold) },
        { key: "SyncAll", value: syncAll(props.scope ?? "assigned") },
      ],
      lifecycle: props.preconditions?.length ? { precondition: [...props.preconditions] } : undefined,
    });

    this.job = new SynchronizationJob(this, "job", {
      count,
      servicePrincipalId: props.servicePrincipalId,
      templateId: props.templateId ?? AWS_SYNCHRONIZATION_TEMPLATE_ID,
      enabled: false,
      dependsOn: [secret],
      lifecycle: { ignoreChanges: ["enabled"] },
    });
    this.jobAddress = `${address(this.job)}${count ? "[0]" : ""}`;
    this.jobId = `\${${this.jobAddress}.id}`;
  }
}

/**
 * The `SyncNotificationSettings` credential: a JSON string. Notifications are on when there is a recipient; the
 * deletion guard is on when a threshold is given.
 */
export function syncNotificationSettings(emails: readonly string[], deleteThreshold: number | undefined): string {
  return JSON.stringify({
    Enabled: emails.length > 0,
    Recipients: emails.join(";"),
    DeleteThresholdEnabled: deleteThreshold !== undefined,
    ...(deleteThreshold !== undefined ? { DeleteThresholdValue: deleteThreshold } : {}),
  });
}

/** The `SyncAll` credential: "false" provisions only what is assigned to the application. */
export function syncAll(scope: ProvisioningScope): string {
  return scope === "all" ? "true" : "false";
}
