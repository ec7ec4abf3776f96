/**
 * The `npm start` summary section for SCIM provisioning: where the endpoint and token come from, what is in scope,
 * which groups are pushed on demand (as synthesized) and whether the attribute-mapping fix is applied.
 */
import { entraOf } from "../idp/providers";
import type { FederationModel } from "../model/model";
import { destroyProtection } from "../model/protection";
import type { StackJson } from "../synth-output";

/** Stack name (kept here so the summary does not import the stack and its providers). */
const SCIM_STACK = "scim-provisioning";

export function provisioningSummary(model: FederationModel, stacks: readonly StackJson[]): string[] {
  const entra = entraOf(model.spec);
  const p = entra.provisioning;
  const secret = model.scimSecret;
  const secretLine =
    `${secret.name} (${secret.existing ? "existing, read only" : `created empty, ${secret.kmsKeyId ? `KMS key ${secret.kmsKeyId}` : "AWS managed key"}, ${destroyProtection(model).scimSecret ? "protected from destroy" : "DESTROY ALLOWED (protection.allowDestroy.scimSecret)"}`})`;
  if (!p.enabled) {
    return [
      "SCIM provisioning: off (SSO only).",
      `  secret                 ${secretLine}; stack ${SCIM_STACK} keeps only this container`,
    ];
  }
  const emails = entra.application.notificationEmails;
  const pod = podGroups(stacks);
  return [
    `SCIM provisioning (stack ${SCIM_STACK}, after entra-sso):`,
    `  secret                 ${secretLine}`,
    '                         value {"endpoint", "token", "expiresAt"} put by an operator (README: Deploy runbook), checked at plan time;',
    "                         until it is there, a deploy creates the container alone and waits (output scim_provisioning_status)",
    `  scope                  ${p.scope === "all" ? "all users and groups (SyncAll=true)" : "assigned users and groups only (SyncAll=false)"}`,
    `  notifications          ${emails.length ? emails.join(", ") : "off (no entra.application.notificationEmails)"}`,
    `  deletion guard         ${p.deleteThreshold !== undefined ? `stop a cycle that deletes more than ${p.deleteThreshold} objects` : "off"}`,
    `  provision on demand    ${!p.provisionOnDemand ? "off" : pod.length ? `${pod.join(", ")} (the groups; members follow with the cycles)` : "on, but no group is assigned to the application"}`,
    "  job                    created stopped, started after the mapping fix",
    `  attribute mapping fix  ${p.externalIdFromObjectId ? "on (externalId ← objectId; mobile/fax phone numbers not provisioned)" : "off (template mappings as they are)"}`,
    "  token expiry           known after deploy (output scim_token_expires_at)",
  ];
}

/**
 * Group names the synthesized provision-on-demand resource iterates over: its for_each map, or the map local its
 * for_each filters (the pushes wait for the secret's value).
 */
function podGroups(stacks: readonly StackJson[]): string[] {
  const json = stacks.find((s) => s.name === SCIM_STACK)?.json;
  const byId: Record<string, { for_each?: Record<string, unknown> | string }> = json?.resource?.azuread_synchronization_job_provision_on_demand ?? {};
  return Object.values(byId)
    .flatMap((r) => {
      if (typeof r.for_each !== "string") return Object.keys(r.for_each ?? {});
      const local = /\bin local\.([\w-]+)\s*:/.exec(r.for_each)?.[1];
      return Object.keys((local && json?.locals?.[local]) || {});
    })
    .sort();
}
