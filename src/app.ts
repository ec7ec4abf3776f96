/** Composes every stack of the federation into one cdktf App. The only place that knows the list of stacks. */
import { App } from "cdktf";
import type { Construct } from "constructs";
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
  /**
   * Where `synth()` writes (the new App's `outdir`; with `scope`, give it to your own App instead).
   * @default cdktf's default (cdktf.out, or CDKTF_OUTDIR when run by the cdktf CLI)
   */
  readonly outdir?: string;
  /**
   * Where the stacks go: your own cdktf `App`, or a construct inside one, next to stacks of your own. Stack names stay
   * `entra-sso`, `identity-center`, … (state keys and the runbook use them): keep them unique in that App.
   * @default - a new App
   */
  readonly scope?: Construct;
}

/**
 * Every stack of the federation described by `model` (from `loadFederation` or `loadFederationFile`), in a new App
 * or in `options.scope`; the App is returned, call `synth()` on it.
 */
export function buildApp(model: FederationModel, options: BuildOptions = {}): FederationApp {
  if (options.scope && options.outdir !== undefined) throw new Error("buildApp: give outdir to your own App when you pass scope");
  const app = options.scope ? App.of(options.scope) : new App({ outdir: options.outdir, skipValidation: false });
  const scope = options.scope ?? app;
  // The IdP side: Entra's stacks for Entra, Okta's for Okta, none for hand-off IdPs (src/idp/providers.ts).
  const idp = model.spec.identityProvider;
  const entraSso = idp === "entra" ? new EntraSsoStack(scope, model) : undefined;
  const oktaSso = idp === "okta" ? new OktaSsoStack(scope, model) : undefined;
  const scimProvisioning = new ScimProvisioningStack(scope, model, {
    servicePrincipalId: entraSso?.application.servicePrincipalId,
    assignedGroups: entraSso?.assignedGroups,
  });
  // identity-center depends on entra-sso only (its cross-stack references), never on scim-provisioning: permission
  // sets and grants deploy whether or not the SCIM token is stored yet (principals not provisioned yet are pending),
  // and `cdktf deploy '*'` runs scim-provisioning and identity-center side by side once entra-sso is done.
  const identityCenter = new IdentityCenterStack(scope, model, { entraSso });
  // Then every assignment shard (each reads ARNs and principal ids from identity-center's state).
  const shards = planShards(expansionOf(model), assignmentShardCount(model).count);
  const assignmentShards = shards.map((shard) => new IdentityCenterAssignmentsStack(scope, model, { shard, identityCenter }));
  // Objects that exist already (an adopted setup): import blocks from the file's `imports:`.
  addImportBlocks([entraSso, oktaSso, scimProvisioning, identityCenter, ...assignmentShards].filter((s): s is NonNullable<typeof s> => s !== undefined), model.imports);
  return { app, entraSso, oktaSso, scimProvisioning, identityCenter, assignmentShards };
}
