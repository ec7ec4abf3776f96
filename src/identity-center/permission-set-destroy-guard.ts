/**
 * Destroy protection for the permission sets that hold grants.
 *
 * Terraform's `prevent_destroy` applies to a whole resource block, and every permission set is an instance of one
 * `for_each` block (`aws_ssoadmin_permission_set.…["<name>"]`). Rather than splitting that block in two and moving real
 * permission sets between addresses whenever a set gains or loses its last grant, each protected set gets a guard: an
 * instance of one `terraform_data` block (built into Terraform ≥ 1.4, no provider, no API call) keyed by the set's name,
 * with `prevent_destroy`, and replaced whenever the set's ARN changes (`triggers_replace`). A plan that destroys a
 * protected set also destroys its guard (the set left the file) or replaces it (the set is replaced, so its ARN is new),
 * and Terraform refuses the whole plan:
 *
 *     Error: Instance cannot be destroyed
 *     Resource terraform_data.permission_set_destroy_guard["AdministratorAccess"] has lifecycle.prevent_destroy set …
 *
 * Protection is released (the set no longer holds grants, or the file opts in, `protection.allowDestroy.permissionSets`)
 * by moving the guard to an address that is not in the configuration: Terraform plans that as destroying the guard
 * alone, without `prevent_destroy` (its config is gone). Every released name gets one `moved` block; a move whose
 * source is not in the state is a no-op, so the blocks are safe to keep. Fail-safe by construction: a mistake here can
 * block a plan or create or destroy a guard (state only), never touch a permission set.
 */
import { TerraformIterator } from "cdktf";
import { Construct } from "constructs";
import { embeddable } from "../terraform/address";
import { MovedBlocks, TerraformData } from "../terraform/terraform-data";
import { hclString } from "../terraform/text";

/** Address of the guards (one instance per protected permission set, keyed by its name). */
export const DESTROY_GUARD_ADDRESS = "terraform_data.permission_set_destroy_guard";
/** Where released guards are moved: not in the configuration, so Terraform destroys them without `prevent_destroy`. */
export const RELEASED_GUARD_ADDRESS = "terraform_data.permission_set_destroy_guard_released";

export interface PermissionSetDestroyGuardProps {
  /** Reference to the Terraform map permission-set name → ARN (`PermissionSets.arns`); every protected name is a key. */
  readonly permissionSetArns: string;
  /** Permission sets whose destruction or replacement Terraform must refuse. */
  readonly protect: readonly string[];
  /**
   * Permission sets whose protection is released: those without grants, those opted in, and opted-in names that are
   * no longer in the file. A name also in `protect` stays protected. @default - none
   */
  readonly release?: readonly string[];
}

export class PermissionSetDestroyGuard extends Construct {
  constructor(scope: Construct, id: string, props: PermissionSetDestroyGuardProps) {
    super(scope, id);
    const protect = [...new Set(props.protect)].sort(byName);
    const kept = new Set(protect);
    const release = [...new Set(props.release ?? [])].filter((n) => !kept.has(n)).sort(byName);

    const each = TerraformIterator.fromMap(Object.fromEntries(protect.map((name) => [name, name])));
    const guard = new TerraformData(this, "guard", {
      forEach: each,
      triggersReplace: { permission_set_arn: `\${${embeddable(props.permissionSetArns)}[each.key]}` },
      lifecycle: { preventDestroy: true },
    });
    // A fixed, readable address: it is what Terraform names when it refuses a plan.
    guard.overrideLogicalId(DESTROY_GUARD_ADDRESS.split(".")[1]);

    new MovedBlocks(
      this,
      "released",
      release.map((name) => ({ from: instance(DESTROY_GUARD_ADDRESS, name), to: instance(RELEASED_GUARD_ADDRESS, name) })),
    );
  }
}

/** `terraform_data.x["name"]` (a `moved` address is an HCL traversal: its index is a quoted, Terraform-safe string). */
function instance(address: string, key: string): string {
  return `${address}[${hclString(key)}]`;
}

function byName(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
