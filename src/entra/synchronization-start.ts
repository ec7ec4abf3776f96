/**
 * Starts the synchronization job once everything it needs is in place (Graph `POST …/synchronization/jobs/<id>/start`,
 * through `msgraph_resource_action`): the job is created stopped (./synchronization.ts), the attribute-mapping fix is
 * PUT, then this runs, all in one deploy, so the first provisioning cycle already uses the fixed mappings.
 *
 * The action runs when it is created, and again only when its arguments change (msgraph's Update re-executes; its
 * Read never calls Graph): a new job (new id, so a new URL) is started, an existing one is never restarted. Pausing a
 * job in the portal is not undone by a deploy.
 */
import { type ITerraformDependable, Token } from "cdktf";
import { Construct } from "constructs";
import type { MsgraphProvider } from "../msgraph/provider";
import { MsgraphResourceAction } from "../msgraph/resource-action";

export interface SynchronizationStartProps {
  /** Address of the synchronization job instance (`EntraSynchronization.jobAddress`). */
  readonly jobAddress: string;
  /** The msgraph provider that calls Graph. */
  readonly msgraphProvider: MsgraphProvider;
  /** What must be done before the job starts (the job itself, the mapping fix). */
  readonly after: readonly ITerraformDependable[];
  /** A boolean Terraform expression (without `${}`, known at plan time): exists only while it holds. @default - always */
  readonly when?: string;
}

export class SynchronizationStart extends Construct {
  /** The start request, for dependencies (provision on demand runs after it). */
  readonly start: ITerraformDependable;

  constructor(scope: Construct, id: string, props: SynchronizationStartProps) {
    super(scope, id);
    this.start = new MsgraphResourceAction(this, "start", {
      provider: props.msgraphProvider,
      resourceUrl: `\${trimprefix(${props.jobAddress}.id, "/")}`,
      action: "start",
      method: "POST",
      count: props.when ? Token.asNumber(`\${${props.when} ? 1 : 0}`) : undefined,
      dependsOn: [...props.after],
    });
  }
}
