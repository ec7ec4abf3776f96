/** Composes every stack of the federation into one cdktf App. The only place that knows the list of stacks. */
import { App } from "cdktf";
import type { FederationModel } from "./model/model";
import { EntraSsoStack } from "../stacks/entra-sso";
import { ScimProvisioningStack } from "../stacks/scim-provisioning";
import { IdentityCenterStack } from "../stacks/identity-center";
import { IdentityCenterAssignmentsStack } from "../stacks/identity-center-assignments";
import { addImportBlocks } from "./adopt/stack-imports";
import { planShards } from "./identity-center/shards";
import { assignmentShardCount, expansionOf } from "./model/shard-count";

export interface FederationApp {
  readonly app: App;
  readonly entraSso: EntraSsoStack;
  readonly scimProvisioning: ScimProvisioningStack;
  readonly identityCenter: IdentityCenterStack;
  /** The account-assignment shards `identity-center-assignments-<k>`, by index (at least one). */
  readonly assignmentShards: readonly IdentityCenterAssignmentsStack[];
}

export interface BuildOptions {
  /** Where `synth()` writes. @default cdktf's default (cdktf.out, or CDKTF_OUTDIR when run by the cdktf CLI) */
  readonly outdir?: string;
}

export function buildApp(model: FederationModel, options: BuildOptions = {}): FederationApp {
  const app = new App({ outdir: options.outdir, skipValidation: false });
  const entraSso = new EntraSsoStack(app, model);
  const scimProvisioning = new ScimProvisioningStack(app, model, {
    servicePrincipalId: entraSso.application.servicePrincipalId,
    assignedGroups: entraSso.assignedGroups,
  });
  const identityCenter = new IdentityCenterStack(app, model, { entraSso });
  // First deploy order entra-sso -> scim-provisioning -> identity-center: principals provisioned first are not pending.
  identityCenter.addDependency(scimProvisioning);
  // Then every assignment shard (each reads ARNs and principal ids from identity-center's state).
  const shards = planShards(expansionOf(model), assignmentShardCount(model).count);
  const assignmentShards = shards.map((shard) => new IdentityCenterAssignmentsStack(app, model, { shard, identityCenter }));
  // Objects that exist already (an adopted setup): import blocks from the file's `imports:`.
  addImportBlocks([entraSso, scimProvisioning, identityCenter, ...assignmentShards], model.imports);
  return { app, entraSso, scimProvisioning, identityCenter, assignmentShards };
}
