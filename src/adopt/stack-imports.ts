/**
 * Renders the import file (`imports:`, src/model/imports.ts) into the stacks: each stack's JSON gets a top-level
 * `import` list (Terraform ≥ 1.5; `for_each` instances by their key, one block per instance, which every Terraform
 * ≥ 1.5 reads). cdktf 0.21's own `importFrom()` cannot be used: it takes one id per resource and writes
 * `to = <type>.<name>` without an instance key (node_modules/cdktf/lib/terraform-resource.js, `toTerraform`), which
 * Terraform refuses for a `for_each` resource, and every resource here is one.
 *
 * A block whose resource is not in its stack stops the synthesis with a message naming it (the stacks changed since
 * `federation adopt` wrote the file: adopt again), instead of a Terraform error at plan time.
 */
import { TerraformResource, type TerraformStack } from "cdktf";
import type { ResolvedImports } from "../model/imports";
import { literal } from "../terraform/text";

export function addImportBlocks(stacks: readonly TerraformStack[], imports: ResolvedImports | undefined): void {
  const content = imports?.content;
  if (!content) return;
  const byName = new Map(stacks.map((s) => [s.node.id, s]));
  for (const [name, blocks] of Object.entries(content.stacks)) {
    if (blocks.length === 0) continue;
    const stack = byName.get(name);
    if (!stack) throw new Error(`import file ${imports.file}: stack ${JSON.stringify(name)} is not part of this federation (stacks: ${[...byName.keys()].sort().join(", ")}); run federation adopt again`);
    const resources = new Set(
      stack.node
        .findAll()
        .filter((c): c is TerraformResource => c instanceof TerraformResource)
        .map((r) => `${r.terraformResourceType}.${r.friendlyUniqueId}`),
    );
    for (const b of blocks) {
      const resource = b.to.replace(/\[.*$/s, "");
      if (!resources.has(resource)) {
        throw new Error(`import file ${imports.file}: ${b.to} is not a resource of stack ${name} (the stacks changed since it was written); run federation adopt again`);
      }
    }
    // Ids are provider ids (GUIDs, ARNs, paths): literal() only guards against a `${` Terraform would interpolate.
    stack.addOverride("import", blocks.map((b) => ({ to: b.to, id: literal(b.id) })));
  }
}
