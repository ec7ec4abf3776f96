/**
 * The import file (`imports:`, src/model/imports.ts) in the access diff. A config-only pull request can change which
 * existing objects the next deploy takes under this file's management, without changing one grant the rest of the
 * diff can see: an import block added, removed or pointed at another object (same `to`, other `id`), and `imports:`
 * itself appearing, disappearing or naming another file. Every such change is a warning (its own message id), so
 * `--fail-on-warning` stops it; two kinds are escalations too:
 *
 * - **A retargeted block** (`import-retargeted`, any resource type): the address stays, the object behind it changes.
 *   The state would hold another object than the one the base file named: for an account assignment another
 *   principal's grant (of another set, in another account), for the enterprise application another application.
 *   Terraform then brings that object to what the file says: updating it in place (another application's SAML
 *   settings, another set's policies, which every holder of that set gets) or replacing it: every attribute of
 *   `aws_ssoadmin_account_assignment` is `ForceNew` and an import reads them from the id's six parts
 *   (hashicorp/terraform-provider-aws `internal/service/ssoadmin/account_assignment.go`, `ImportStatePassthroughContext`
 *   and `resourceAccountAssignmentRead`; read in the source, not run: mock providers do not import), so the grant
 *   behind the id is deleted and the file's created. The next destroy deletes an object this file never created. None
 *   of this shows as a changed grant.
 * - **An added block of an access-carrying type** (`access-import-added`: account assignments, permission sets and
 *   their policies and boundaries, ABAC attributes, groups, memberships, PIM eligibilities and policies, app role
 *   assignments): it takes an existing object, with the access it gives, under management as it is. The grant key at
 *   the address says what the reviewer thinks is imported; the id says what is (a permission set's inline policy
 *   imported from another set's is replaced: `permission_set_arn` is `ForceNew` and Delete removes that set's inline
 *   policy, Deny statements and all, `internal/service/ssoadmin/permission_set_inline_policy.go`). The first import of
 *   a real adoption is such a change too: it is meant to be reviewed once, block by block.
 *
 * Provider files are hashicorp/terraform-provider-aws, read at the stored main-branch commits, not at the 5.100.0 or
 * 6.25 tags: the attributes exist with these names in the 5.100.0 binary's `terraform providers schema -json`, which
 * does not say `ForceNew`, so that part is read in the source only.
 *
 * A file with no `imports:` on either side, or the same import file on both, adds nothing to the diff.
 */
import { posix } from "node:path";
import type { ImportBlock } from "../model/imports";
import { messages } from "../model/messages";
import type { FederationModel } from "../model/model";
import { type AccessView, accountRef, cmp } from "./access";
import type { DiffWarning, Escalation, ImportEntry, ImportRetargetEntry, ImportsDiff } from "./diff-types";

/** Resource types whose import brings access under the file's management, and what they are, for the reasons. */
const ACCESS_TYPES: Readonly<Record<string, string>> = {
  aws_ssoadmin_account_assignment: "account assignments (a principal's permission set in an account)",
  aws_ssoadmin_permission_set: "permission sets",
  aws_ssoadmin_managed_policy_attachment: "managed policy attachments",
  aws_ssoadmin_customer_managed_policy_attachment: "customer managed policy attachments",
  aws_ssoadmin_permission_set_inline_policy: "inline policies",
  aws_ssoadmin_permissions_boundary_attachment: "permissions boundaries",
  aws_ssoadmin_instance_access_control_attributes: "ABAC attributes",
  azuread_group: "groups",
  azuread_group_without_members: "groups",
  azuread_group_member: "group memberships",
  azuread_app_role_assignment: "assignments to the enterprise application",
  azuread_privileged_access_group_eligibility_schedule: "PIM eligibilities",
  azuread_group_role_management_policy: "PIM activation policies",
};

/** How many addresses a warning or an escalation names (the Markdown table and the JSON list every block). */
const NAMED = 3;

export interface ImportsFindings {
  /** Undefined when nothing about the import file changed. */
  readonly imports?: ImportsDiff;
  readonly warnings: readonly DiffWarning[];
  readonly escalations: readonly Escalation[];
}

export function diffImports(base: FederationModel, head: FederationModel, h: AccessView): ImportsFindings {
  const before = base.imports;
  const after = head.imports;
  if (!before && !after) return { warnings: [], escalations: [] };
  const b = entries(base);
  const a = entries(head);
  const added = [...a.values()].filter((x) => !b.has(keyOf(x))).sort(byPlace);
  const removed = [...b.values()].filter((x) => !a.has(keyOf(x))).sort(byPlace);
  const retargeted: ImportRetargetEntry[] = [...a.values()]
    .flatMap((x) => {
      const old = b.get(keyOf(x));
      return old && old.id !== x.id ? [{ stack: x.stack, to: x.to, before: old.id, after: x.id }] : [];
    })
    .sort(byPlace);
  const moved = (before?.file === undefined ? null : posix.normalize(before.file)) !== (after?.file === undefined ? null : posix.normalize(after.file));
  if (!moved && !added.length && !removed.length && !retargeted.length) return { warnings: [], escalations: [] };

  const warnings: DiffWarning[] = [];
  const warn = (m: { id: string; message: string }, subject: string) => warnings.push({ id: m.id, message: m.message, subject });
  if (moved && before && after) warn(messages.importsFileMoved(before.file, after.file), "imports");
  else if (moved && after) warn(messages.importsFileAdded(after.file, a.size), "imports");
  else if (moved && before) warn(messages.importsFileRemoved(before.file, b.size), "imports");
  for (const [stack, list] of byStack(added)) warn(messages.importsAdded(stack, list.length, named(list.map((x) => `${x.to} ← ${x.id}`))), `imports:${stack}`);
  for (const [stack, list] of byStack(removed)) warn(messages.importsRemoved(stack, list.length, named(list.map((x) => x.to))), `imports:${stack}`);
  for (const [stack, list] of byStack(retargeted)) warn(messages.importsRetargeted(stack, list.length, named(list.map((x) => `${x.to} ← ${x.after}`))), `imports:${stack}`);

  const escalations: Escalation[] = retargeted.map((x) => {
    const type = typeOf(x.to);
    const account = type === "aws_ssoadmin_account_assignment" ? assignmentAccount(x.after) : undefined;
    return {
      kind: "import-retargeted",
      subject: `imports:${x.stack}/${x.to}`,
      reason:
        `${x.to} in stack ${x.stack} is now imported from ${describeId(type, x.after)} (was ${describeId(type, x.before)}): ` +
        (type === "aws_ssoadmin_account_assignment"
          ? "the state would hold that grant under this address, and the deploy replaces it (deleting it) to create the file's"
          : "the state would take over another object than the one reviewed before, and the deploy changes or replaces it to match the file"),
      ...(account ? { accounts: [accountRef(h, account)] } : {}),
    };
  });
  // Added blocks of access-carrying types: one escalation per stack and type (an adoption imports thousands).
  const addedAccess = new Map<string, ImportEntry[]>();
  for (const x of added) {
    if (!Object.hasOwn(ACCESS_TYPES, typeOf(x.to))) continue;
    const k = `${x.stack}/${typeOf(x.to)}`;
    addedAccess.set(k, [...(addedAccess.get(k) ?? []), x]);
  }
  for (const [subject, list] of addedAccess) {
    const type = typeOf(list[0].to);
    const accounts = type === "aws_ssoadmin_account_assignment" ? [...new Set(list.flatMap((x) => assignmentAccount(x.id) ?? []))].sort(cmp) : [];
    escalations.push({
      kind: "access-import-added",
      subject: `imports:${subject}`,
      reason:
        `${list.length} import block(s) of ${ACCESS_TYPES[type]} added to stack ${list[0].stack} (${named(list.map((x) => `${x.to} ← ${describeId(type, x.id)}`))}): ` +
        "the deploy takes these existing objects, with the access they give, under this file's management as they are; check that each id is the object its address names",
      ...(accounts.length ? { accounts: accounts.map((id) => accountRef(h, id)) } : {}),
    });
  }
  const file = moved ? { file: { before: before?.file ?? null, after: after?.file ?? null } } : {};
  return { imports: { ...file, added, removed, retargeted }, warnings, escalations };
}

/** Every block of a side, by stack and address. */
function entries(model: FederationModel): Map<string, ImportEntry> {
  const stacks: Readonly<Record<string, readonly ImportBlock[]>> = model.imports?.content?.stacks ?? {};
  const out = new Map<string, ImportEntry>();
  for (const [stack, blocks] of Object.entries(stacks)) for (const b of blocks) out.set(keyOf({ stack, to: b.to }), { stack, to: b.to, id: b.id });
  return out;
}

const keyOf = (x: { stack: string; to: string }) => `${x.stack}\u0000${x.to}`;
const byPlace = (x: { stack: string; to: string }, y: { stack: string; to: string }) => cmp(x.stack, y.stack) || cmp(x.to, y.to);
/** The resource type of an address (`type.name[...]`: the type has no dot). */
const typeOf = (to: string) => to.slice(0, to.indexOf("."));

function byStack<T extends { stack: string }>(list: readonly T[]): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const x of list) out.set(x.stack, [...(out.get(x.stack) ?? []), x]);
  return out;
}

function named(items: readonly string[]): string {
  return items.length > NAMED ? `${items.slice(0, NAMED).join(", ")} and ${items.length - NAMED} more` : items.join(", ");
}

/**
 * An account assignment's import id, `principal_id,principal_type,target_id,target_type,permission_set_arn,instance_arn`
 * (the format `federation adopt` writes, src/adopt/import-plan.ts), in words; any other id as it is.
 */
function describeId(type: string, id: string): string {
  const parts = id.split(",");
  if (type !== "aws_ssoadmin_account_assignment" || parts.length !== 6) return id;
  return `${parts[1].toLowerCase()} ${parts[0]}'s grant of ${parts[4]} in ${parts[2]}`;
}

function assignmentAccount(id: string): string | undefined {
  const parts = id.split(",");
  return parts.length === 6 && /^\d{12}$/.test(parts[2]) ? parts[2] : undefined;
}
