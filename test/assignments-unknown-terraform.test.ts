/**
 * An assignment stack planned while the principal ids and permission-set ARNs it reads are unknown (as they are when
 * the maps come from resources created in the same apply): Terraform 1.11 plans the stack's synthesized locals
 * verbatim, provider-free, with the built-in `terraform_data` standing in for the permission sets, the principals and
 * the account assignment (each stand-in's `output` is unknown until apply, and not even known to be non-null: the
 * most general unknown). Pending grants stay pending, the for_each keys and both counts are known at plan, and the
 * plan never fails.
 */
import { SHARD_STACK_PREFIX } from "../src/identity-center/shards";
import { expansionOf } from "../src/model/shard-count";
import { synthAll } from "./helpers";
import { contosoModel } from "./shards-fixtures";
import { withTerraform } from "./terraform";

const UPSTREAM = "data.terraform_remote_state.identity-center.outputs.";
const OU_DATA = /data\.aws_organizations_organizational_unit_descendant_accounts\.[\w-]+/g;

const model = contosoModel(1);
const stack = synthAll(model)[`${SHARD_STACK_PREFIX}0`];
const expansion = expansionOf(model);
const principals = expansion.principals.map((p) => `${p.kind}:${p.name}`);
const sets = Object.keys(model.spec.permissionSets);
const ouAccounts = { "ou-zx90-workload1": ["900000000004", "900000000002"], "r-zx90": ["900000000006"] };

interface Planned {
  readonly status: number;
  readonly stderr: string;
  /** Planned instance keys of the account-assignment stand-in. */
  readonly keys: string[];
  /** Planned output values (known ones) and which outputs are unknown. */
  readonly outputs: Record<string, unknown>;
  readonly unknownOutputs: string[];
  /** Whether every planned assignment's principal id and ARN is unknown (as it must be: they come from the stand-ins). */
  readonly argumentsUnknown: boolean;
}

/**
 * Plans the stack's locals with `present` principals and permission sets in the upstream maps, every value unknown;
 * `edit` may change the locals first (to show that a check matters).
 */
function plan(present: { principals: readonly string[]; sets: readonly string[] }, edit: (locals: Record<string, unknown>) => void = () => {}): Planned {
  const text = JSON.stringify(stack.locals)
    .split(`${UPSTREAM}principal_ids`)
    .join("{ for k, d in terraform_data.principal : k => d.output }")
    .split(`${UPSTREAM}permission_set_arns`)
    .join("{ for k, d in terraform_data.permission_set : k => d.output }")
    .replace(OU_DATA, "local.fx_ou");
  const locals = JSON.parse(text) as Record<string, unknown>;
  locals.fx_ou = Object.fromEntries(Object.entries(ouAccounts).map(([ou, ids]) => [ou, { accounts: ids.map((id) => ({ id, state: "ACTIVE", status: "ACTIVE" })) }]));
  edit(locals);
  const a = Object.values(stack.resource.aws_ssoadmin_account_assignment)[0] as Record<string, string>;
  const swap = (v: string) => v.split(`${UPSTREAM}principal_ids`).join("terraform_data.principal").split(`${UPSTREAM}permission_set_arns`).join("terraform_data.permission_set");
  const config = {
    locals,
    resource: {
      terraform_data: {
        principal: { for_each: `\${toset(${JSON.stringify(present.principals)})}`, input: "${each.key}" },
        permission_set: { for_each: `\${toset(${JSON.stringify(present.sets)})}`, input: "${each.key}" },
        assignment: {
          for_each: a.for_each,
          // The arguments the stack sends, with the stand-ins' `.output` for the `[key]` lookups.
          input: {
            principal_id: swap(a.principal_id).replace(/\[each\.value\.principal\]\}$/, "[each.value.principal].output}"),
            permission_set_arn: swap(a.permission_set_arn).replace(/\[each\.value\.permission_set\]\}$/, "[each.value.permission_set].output}"),
            principal_type: a.principal_type,
            target_id: a.target_id,
          },
        },
      },
    },
    output: Object.fromEntries(Object.entries(stack.output as Record<string, { value: string }>).map(([n, o]) => [n, { value: o.value }])),
  };
  return withTerraform("assignments-unknown-", (tf) => {
    tf.write(config);
    tf.init();
    const r = tf.plan("-out=plan.bin");
    if (r.status !== 0) return { status: r.status, stderr: r.stderr, keys: [], outputs: {}, unknownOutputs: [], argumentsUnknown: false };
    const json = tf.showPlan("plan.bin");
    const changes = ((json.resource_changes ?? []) as any[]).filter((c) => c.address.startsWith("terraform_data.assignment["));
    const outputs: Record<string, unknown> = {};
    const unknownOutputs: string[] = [];
    for (const [name, change] of Object.entries<any>(json.output_changes ?? {})) {
      if (change.after_unknown === true) unknownOutputs.push(name);
      else outputs[name] = change.after;
    }
    return {
      status: 0,
      stderr: r.stderr,
      keys: changes.map((c) => c.index as string).sort(),
      outputs,
      unknownOutputs,
      argumentsUnknown: changes.every((c) => c.change.after_unknown?.input?.principal_id === true && c.change.after_unknown?.input?.permission_set_arn === true),
    };
  });
}

/** Every grant key the file means here: static grants plus the OU-derived ones (ACTIVE accounts, minus exclusions). */
const everyKey = [
  ...expansion.grants.map((g) => g.key),
  ...expansion.ouTargets.flatMap((t) => ouAccounts[t.targetId as keyof typeof ouAccounts].filter((id) => !t.excludeAccountIds.includes(id)).map((id) => `${t.principal.kind}:${t.principal.name}/${t.permissionSet}/${id}`)),
].filter((k, i, all) => all.indexOf(k) === i);

describe("GIVEN principal ids and permission-set ARNs that are unknown at plan", () => {
  test("WHEN every principal and set exists THEN every grant is planned, both counts are known, the arguments unknown", () => {
    const r = plan({ principals, sets });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(r.keys).toEqual([...everyKey].sort());
    expect(r.outputs).toEqual({ grant_count: everyKey.length, pending_grant_count: 0 });
    expect(r.unknownOutputs).toEqual([]);
    expect(r.argumentsUnknown).toBe(true);
  });

  test("WHEN a principal is not provisioned and a permission set not created THEN their grants stay pending and the rest is planned", () => {
    const missingPrincipal = "group:cloud-admins";
    const missingSet = "Auditor";
    expect(principals).toContain(missingPrincipal);
    expect(sets).toContain(missingSet);
    const r = plan({ principals: principals.filter((p) => p !== missingPrincipal), sets: sets.filter((s) => s !== missingSet) });
    expect(r.status).toBe(0);
    const waiting = everyKey.filter((k) => k.startsWith(`${missingPrincipal}/`) || k.includes(`/${missingSet}/`));
    expect(waiting.length).toBeGreaterThanOrEqual(3);
    expect(r.keys).toEqual(everyKey.filter((k) => !waiting.includes(k)).sort());
    expect(r.outputs).toEqual({ grant_count: everyKey.length - waiting.length, pending_grant_count: waiting.length });
    expect(r.unknownOutputs).toEqual([]);
  });

  test("WHEN nothing exists upstream yet THEN every grant is pending and nothing is planned", () => {
    const r = plan({ principals: [], sets: [] });
    expect(r.status).toBe(0);
    expect(r.keys).toEqual([]);
    expect(r.outputs).toEqual({ grant_count: 0, pending_grant_count: everyKey.length });
  });

  test("WHEN the principal check also tests the (unknown) id for null, as the per-grant filter used to THEN the plan fails (the check can fail)", () => {
    const r = plan({ principals, sets }, (locals) => {
      const name = Object.keys(locals).find((n) => n.includes("_known_")) as string;
      const known = locals[name] as { principals: string };
      expect(known.principals).toContain(": k => true })}");
      known.principals = known.principals.replace(": k => true })}", ": k => true if v != null })}");
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/Invalid for_each argument/);
  });
});
