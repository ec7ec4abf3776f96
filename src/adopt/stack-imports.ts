/**
 * Renders the import file (`imports:`, src/model/imports.ts) into the stacks: each stack's JSON gets a top-level
 * `import` list (Terraform ≥ 1.5; `for_each` instances by their key, one block per instance, which every Terraform
 * ≥ 1.5 reads). cdktf 0.21's own `importFrom()` cannot be used: it takes one id per resource and writes
 * `to = <type>.<name>` without an instance key (node_modules/cdktf/lib/terraform-resource.js, `toTerraform`), which
 * Terraform refuses for a `for_each` resource, and every resource here is one.
 *
 * A block whose resource is not in its stack stops the synthesis with a message naming it (the stacks changed since
 * `federation adopt` wrote the file: adopt again), instead of a Terraform error at plan time.
 *
 * A block for instance `[0]` of a resource with `count` (the synchronization job: it exists only once the SCIM secret
 * has a value, `count = local.<ready> ? 1 : 0`) is gated on that same count: `for_each = (<count>) > 0 ? [0] : []`,
 * `to = <resource>[each.value]` (Terraform ≥ 1.7). A plain `to = <resource>[0]` fails every plan while the count is 0
 * ("Configuration for import target does not exist"), which is the first deploy after adopting (the SCIM secret
 * container is created by it). Terraform 1.11 accepts neither a function call in the `to` index
 * (`[tonumber(each.key)]`: "Function calls not allowed") nor a string key for a count resource (`[each.key]`), hence
 * the list and `each.value` (proved with the real Terraform: test/adopt-gated-imports.test.ts).
 */
import { Lazy, TerraformResource, type TerraformStack } from "cdktf";
import type { ResolvedImports } from "../model/imports";
import { embeddable } from "../terraform/address";
import { literal } from "../terraform/text";

export function addImportBlocks(stacks: readonly TerraformStack[], imports: ResolvedImports | undefined): void {
  const content = imports?.content;
  if (!content) return;
  const byName = new Map(stacks.map((s) => [s.node.id, s]));
  for (const [name, blocks] of Object.entries(content.stacks)) {
    if (blocks.length === 0) continue;
    const stack = byName.get(name);
    if (!stack) throw new Error(`import file ${imports.file}: stack ${JSON.stringify(name)} is not part of this federation (stacks: ${[...byName.keys()].sort().join(", ")}); run federation adopt again`);
    const resources = new Map(
      stack.node
        .findAll()
        .filter((c): c is TerraformResource => c instanceof TerraformResource)
        .map((r) => [`${r.terraformResourceType}.${r.friendlyUniqueId}`, r]),
    );
    const rendered = blocks.map((b) => {
      const address = b.to.replace(/\[.*$/s, "");
      const resource = resources.get(address);
      if (!resource) {
        throw new Error(`import file ${imports.file}: ${b.to} is not a resource of stack ${name} (the stacks changed since it was written); run federation adopt again`);
      }
      // Ids are provider ids (GUIDs, ARNs, paths): literal() only guards against a `${` Terraform would interpolate.
      const id = literal(b.id);
      if (resource.count === undefined || b.to !== `${address}[0]`) return { to: b.to, id };
      const count = resource.count;
      // The count as it renders (`${local.<ready> ? 1 : 0}`), resolved when the stack is synthesized.
      const gate = Lazy.anyValue({ produce: (context) => `\${(${embeddable(String(context.resolve(count)))}) > 0 ? [0] : []}` });
      return { for_each: gate, to: `${address}[each.value]`, id };
    });
    stack.addOverride("import", rendered);
  }
}

