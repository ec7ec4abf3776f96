/**
 * Terraform's built-in elements that cdktf 0.21 has no suitable class for:
 * - `terraform_data` (Terraform ≥ 1.4: no provider, no API call) with `input` and `triggers_replace`. Not cdktf's
 *   `DataResource`, which runs `terraform version` on every synthesis (a process per run, and synthesis fails where
 *   Terraform is not installed);
 * - top-level `removed` blocks (Terraform ≥ 1.7), which cdktf does not render at all, and `moved` blocks for instances
 *   (cdktf 0.21 renders at most one per resource, for whole resources). Arrays of top-level blocks from several
 *   elements are concatenated by cdktf's merge, so every construct can add its own.
 */
import { TerraformElement, TerraformResource, type TerraformMetaArguments } from "cdktf";
import type { Construct } from "constructs";

export interface TerraformDataConfig extends TerraformMetaArguments {
  /** Stored in state and echoed as `output`. @default - none */
  readonly input?: unknown;
  /** A change of this value replaces the instance. @default - none */
  readonly triggersReplace?: unknown;
}

export class TerraformData extends TerraformResource {
  constructor(
    scope: Construct,
    id: string,
    private readonly config: TerraformDataConfig,
  ) {
    super(scope, id, {
      terraformResourceType: "terraform_data",
      dependsOn: config.dependsOn,
      count: config.count,
      forEach: config.forEach,
      lifecycle: config.lifecycle,
    });
  }

  /** The stored input, known after apply. */
  get output(): string {
    return this.getStringAttribute("output");
  }

  protected override synthesizeAttributes(): Record<string, unknown> {
    return { input: this.config.input, triggers_replace: this.config.triggersReplace };
  }

  protected override synthesizeHclAttributes(): Record<string, unknown> {
    return this.synthesizeAttributes();
  }
}

/** One `removed { from = <resource>; lifecycle { destroy = false } }` per address: Terraform forgets, never deletes. */
export class ForgetBlocks extends TerraformElement {
  constructor(
    scope: Construct,
    id: string,
    private readonly addresses: readonly string[],
  ) {
    super(scope, id);
  }

  override toTerraform(): Record<string, unknown> {
    return this.addresses.length > 0 ? { removed: this.addresses.map((from) => ({ from, lifecycle: { destroy: false } })) } : {};
  }

  override toHclTerraform(): Record<string, unknown> {
    return this.toTerraform();
  }
}

/** One `moved { from = …; to = … }` per move (addresses as HCL traversals, instance keys quoted by the caller). */
export class MovedBlocks extends TerraformElement {
  constructor(
    scope: Construct,
    id: string,
    private readonly moves: readonly { readonly from: string; readonly to: string }[],
  ) {
    super(scope, id);
  }

  override toTerraform(): Record<string, unknown> {
    return this.moves.length > 0 ? { moved: this.moves.map((m) => ({ from: m.from, to: m.to })) } : {};
  }

  override toHclTerraform(): Record<string, unknown> {
    return this.toTerraform();
  }
}
