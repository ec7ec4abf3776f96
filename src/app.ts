/** Composes every stack of the federation into one cdktf App. The only place that knows the list of stacks. */
import { App } from "cdktf";
import type { FederationModel } from "./model/model";
import { EntraSsoStack } from "../stacks/entra-sso";
import { OktaSsoStack } from "../stacks/okta-sso";
import { ScimProvisioningStack } from "../stacks/scim-provisioning";
import { IdentityCenterStack } from "../stacks/identity-center";
import { IdentityCenterAssignmentsStack } from "../stacks/identity-center-assignments";
import { addImportBlocks } from "./adopt/stack-imports";
import { planShards } from "./identity-center/shards";
import { assignmentShardCount, expansionOf } from "./model/shard-count";

export interface FederationApp {
  readonly app: App;
  /** The Entra side (identityProvider: entra, the default); absent under another IdP. */
  readonly entraSso?: EntraSsoStack;
  /** The Okta side (identityProvider: okta); absent otherwise. */
  readonly oktaSso?: OktaSsoStack;
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
  // The IdP side: Entra's stacks for Entra, Okta's for Okta, none for hand-off IdPs (src/idp/providers.ts).
  const idp = model.spec.identityProvider;
  const entraSso = idp === "entra" ? new EntraSsoStack(app, model) : undefined;
  const oktaSso = idp === "okta" ? new OktaSsoStack(app, model) : undefined;
  const scimProvisioning = new ScimProvisioningStack(app, model, {
    servicePrincipalId: entraSso?.application.servicePrincipalId,
    assignedGroups: entraSso?.assignedGroups,
  });
  // identity-center depends on entra-sso only (its cross-stack references), never on scim-provisioning: permission
  // sets and grants deploy whether or not the SCIM token is stored yet (principals not provisioned yet are pending),
  // and `cdktf deploy '*'` runs scim-provisioning and identity-center side by side once entra-sso is done.
  const identityCenter = new IdentityCenterStack(app, model, { entraSso });
  // Then every assignment shard (each reads ARNs and principal ids from identity-center's state).
  const shards = planShards(expansionOf(model), assignmentShardCount(model).count);
  const assignmentShards = shards.map((shard) => new IdentityCenterAssignmentsStack(app, model, { shard, identityCenter }));
  // Objects that exist already (an adopted setup): import blocks from the file's `imports:`.
  addImportBlocks([entraSso, oktaSso, scimProvisioning, identityCenter, ...assignmentShards].filter((s): s is NonNullable<typeof s> => s !== undefined), model.imports);
  return { app, entraSso, oktaSso, scimProvisioning, identityCenter, assignmentShards };
}
