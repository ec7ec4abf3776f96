/**
 * The `scim-provisioning` stack planned and applied by Terraform itself on provider-free stand-ins (test/stand-ins.ts):
 * what the first deploys do before and after the operator stores the SCIM value, the order of the provisioning
 * steps, and the attribute-mapping fix against a clean and a reverted schema, read from `terraform show -json` plans.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { DEFAULT_CONFIG, modelOf, ROOT, synthAll } from "./helpers";
import { azureadForceNew } from "./entra-stand-ins";
import { SCIM_STACK } from "./scim-helpers";
import { dataLocal, IGNORED_SUFFIX, standIn } from "./stand-ins";
import { type TerraformWorkspace, withTerraform } from "./terraform";

const scim = synthAll(modelOf(DEFAULT_CONFIG))[SCIM_STACK];
const SECRET = "identity-federation/scim";
const ENDPOINT = "https://scim.us-east-1.amazonaws.com/AbC123de-4567-89f0-abcd-ef1234567890/scim/v2";
const template = JSON.parse(readFileSync(join(ROOT, "test", "fixtures", "scim", "synchronization-schema.json"), "utf8"));

/** The first block of a type, as [Terraform name, block]. */
const first = (type: string, kind: "resource" | "data" = "resource"): [string, any] => Object.entries<any>(scim[kind][type])[0];
const dataAddress = (type: string) => `data.${type}.${first(type, "data")[0]}`;
const standInAddress = (type: string, where?: (b: any) => boolean) => {
  const [name] = Object.entries<any>(scim.resource[type]).find(([, b]) => !where || where(b)) as [string, any];
  return `terraform_data.${type}__${name}`;
};

interface World {
  /** The secret exists (found by name). */
  readonly container: boolean;
  /** Its current value, or none. */
  readonly value?: Record<string, unknown>;
  /** The job's schema as Graph returns it. */
  readonly schema?: unknown;
}

/** The stand-in configuration of scim-provisioning in this world. */
function config(world: World, stack: Record<string, any> = scim): Record<string, any> {
  const remote = first("terraform_remote_state", "data")[0];
  const outputs: Record<string, unknown> = {};
  for (const m of JSON.stringify(scim).matchAll(/data\.terraform_remote_state\.[\w-]+\.outputs\.([\w-]+)/g)) {
    const name = m[1];
    outputs[name] = name.includes("azuread_service_principal")
      ? "/servicePrincipals/sp-0000"
      : name.includes("app_role_assignment")
        ? { "group:aws-sso-admins": { id: "assignment-admins" }, "group:aws-sso-read-only": { id: "assignment-readers" } }
        : { "aws-sso-admins": { object_id: "group-admins" }, "aws-sso-read-only": { object_id: "group-readers" } };
  }
  const hasValue = world.container && world.value !== undefined;
  return standIn(stack, {
    data: {
      [dataAddress("aws_secretsmanager_secrets")]: { names: world.container ? [SECRET] : [] },
      [dataAddress("aws_secretsmanager_secret_versions")]: world.container
        ? [{ versions: hasValue ? [{ version_id: "v1", version_stages: ["AWSCURRENT"] }] : [] }]
        : [],
      // With count 0 Terraform reads nothing, and it does not check `[0]` in configurations it does not evaluate; a local
      // is checked, so the stand-in of an unread data source holds an element nobody reads (the gate is `ready`, from
      // the versions above).
      [dataAddress("aws_secretsmanager_secret_version")]: [{ secret_string: JSON.stringify(hasValue ? world.value : { endpoint: "unread", token: "unread" }) }],
      [dataAddress("msgraph_resource")]: [{ output: { all: hasValue ? (world.schema ?? template) : {} } }],
      [`data.terraform_remote_state.${remote}`]: { outputs },
    },
    computed: (type, _attrs, _instance, address) =>
      type === "azuread_synchronization_job" ? { id: "/servicePrincipals/sp-0000/synchronization/jobs/aWSSingleSignon.stand-in" } : type === "aws_secretsmanager_secret" ? { arn: `arn:aws:secretsmanager:us-east-1:111111111111:secret:${address}` } : {},
    forceNew: azureadForceNew(),
  });
}

interface Planned {
  readonly status: number;
  readonly errors: string;
  readonly changes: Record<string, string[]>;
  readonly json?: any;
}

function plan(tf: TerraformWorkspace, world: World): Planned {
  tf.write(config(world));
  const r = tf.plan("-out=plan.out");
  if (r.status !== 0) return { status: r.status, errors: r.stderr + r.stdout, changes: {} };
  const json = tf.showPlan("plan.out");
  const changes = Object.fromEntries((json.resource_changes ?? []).map((c: any) => [c.address, c.change.actions]));
  return { status: 0, errors: "", changes, json };
}
const changed = (p: Planned) => Object.entries(p.changes).filter(([, a]) => a.join() !== "no-op").map(([addr]) => addr).sort();
const good = { endpoint: ENDPOINT, token: "stand-in-token", expiresAt: "2099-12-31" };

const SYNC_SECRET = standInAddress("azuread_synchronization_secret");
const JOB = standInAddress("azuread_synchronization_job");
const SCHEMA_PUT = standInAddress("msgraph_resource_action", (b) => b.action === "schema");
const START = standInAddress("msgraph_resource_action", (b) => b.action === "start");
const CONTAINER = standInAddress("aws_secretsmanager_secret");
const DRIFT = `terraform_data.${first("terraform_data")[0]}`;

describe("GIVEN a first deploy (cdktf deploy '*') before the operator stored the SCIM endpoint and token", () => {
  const steps: Record<string, Planned> = {};
  let waitingOutputs: Record<string, any> = {};
  beforeAll(() => {
    withTerraform("scim-stand-in-", (tf) => {
      steps.noContainer = plan(tf, { container: false });
      tf.apply("plan.out");
      waitingOutputs = tf.outputs();
      steps.emptyContainer = plan(tf, { container: true });
      tf.apply("plan.out");
      steps.badValue = plan(tf, { container: true, value: { endpoint: ENDPOINT, expiresAt: "2099-12-31" } });
      steps.goodValue = plan(tf, { container: true, value: good });
    });
  });

  test("WHEN the secret does not exist yet THEN the plan succeeds and creates the secret container alone", () => {
    expect(steps.noContainer.status).toBe(0);
    expect(changed(steps.noContainer)).toEqual([CONTAINER]);
    expect(steps.noContainer.changes[CONTAINER]).toEqual(["create"]);
  });

  test("THEN the plan warns, and an output says, that it waits for the endpoint and token", () => {
    const check = steps.noContainer.json.checks.find((c: any) => c.address.kind === "check");
    expect(check.status).toBe("fail");
    expect(check.instances[0].problems[0].message).toContain(`secret ${SECRET} has no value yet`);
    expect(waitingOutputs.scim_provisioning_status.value).toContain(`secret ${SECRET} has no value yet`);
    expect(waitingOutputs.scim_token_expires_at.value).toBe("no value stored yet");
    expect(waitingOutputs.synchronization_job_id).toBeUndefined();
  });

  test("WHEN the container exists but holds no value THEN the next deploy still changes nothing and passes", () => {
    expect(steps.emptyContainer.status).toBe(0);
    expect(changed(steps.emptyContainer)).toEqual([]);
  });

  test("WHEN a value is there but wrong THEN the plan stops with its one message, nothing is changed", () => {
    expect(steps.badValue.status).toBe(1);
    expect(steps.badValue.errors).toContain('"token" is missing or empty');
    expect(steps.badValue.errors.match(/Error: /g)).toHaveLength(1);
  });

  test("WHEN a good value is stored THEN Entra's synchronization, the mapping fix, the start and the on-demand pushes are planned", () => {
    expect(steps.goodValue.status).toBe(0);
    for (const a of [`${SYNC_SECRET}[0]`, `${JOB}[0]`, `${SCHEMA_PUT}[0]`, `${START}[0]`, `${DRIFT}[0]`]) expect({ a, actions: steps.goodValue.changes[a] }).toEqual({ a, actions: ["create"] });
    const pushes = Object.keys(steps.goodValue.changes).filter((a) => a.includes("azuread_synchronization_job_provision_on_demand__"));
    expect(pushes.map((a) => a.replace(/^.*\[/, "["))).toEqual(['["aws-sso-admins"]', '["aws-sso-read-only"]']);
  });
});

describe("GIVEN the value stored WHEN provisioning is planned THEN the order is job (stopped) → mapping fix → start → on-demand pushes", () => {
  let order: string[] = [];
  beforeAll(() => {
    withTerraform("scim-stand-in-", (tf) => {
      tf.write(config({ container: true, value: good }));
      // One at a time, so Terraform's apply order is the order of the log.
      const r = tf.apply("-parallelism=1");
      order = [...r.stdout.matchAll(/^(terraform_data\.[^:]+): Creation complete/gm)].map((m) => m[1]);
    });
  });
  const at = (stand: string) => order.findIndex((a) => a.startsWith(`${stand}[`));

  test("Terraform applies the secret, then the job, then the schema PUT, then the start, then every push", () => {
    expect(at(SYNC_SECRET)).toBeGreaterThanOrEqual(0);
    expect(at(SYNC_SECRET)).toBeLessThan(at(JOB));
    expect(at(JOB)).toBeLessThan(at(SCHEMA_PUT));
    expect(at(SCHEMA_PUT)).toBeLessThan(at(START));
    const pushes = order.filter((a) => a.includes("azuread_synchronization_job_provision_on_demand__"));
    expect(pushes).toHaveLength(2);
    for (const p of pushes) expect(order.indexOf(p)).toBeGreaterThan(at(START));
  });
});

describe("GIVEN provisioning deployed WHEN the attribute mapping is reverted in the portal", () => {
  const steps: Record<string, Planned> = {};
  let fixed: any;
  beforeAll(() => {
    withTerraform("scim-stand-in-", (tf) => {
      // The first deploy reads the template's schema and PUTs the fixed one; from then on Graph returns the fixed one.
      tf.write(config({ container: true, value: good, schema: template })).apply();
      const state = JSON.parse(tf.ok("show", "-json").stdout);
      fixed = state.values.root_module.resources.find((x: any) => x.address === `${SCHEMA_PUT}[0]`).values.input.body;
      steps.afterFirstDeploy = plan(tf, { container: true, value: good, schema: fixed });
      tf.apply("plan.out");
      steps.clean = plan(tf, { container: true, value: good, schema: fixed });
      steps.reverted = plan(tf, { container: true, value: good, schema: template });
      tf.apply("plan.out");
      steps.afterRepair = plan(tf, { container: true, value: good, schema: fixed });
      tf.apply("plan.out");
      steps.settled = plan(tf, { container: true, value: good, schema: fixed });
    });
  });

  test("the plan right after the first deploy PUTs the fixed schema once more (its read came before the first PUT)", () => {
    expect(steps.afterFirstDeploy.changes[`${SCHEMA_PUT}[0]`]).toEqual(["delete", "create"]);
  });

  test("a clean schema plans no change at all", () => {
    expect(steps.clean.status).toBe(0);
    expect(changed(steps.clean)).toEqual([]);
  });

  test("a reverted schema plans the re-apply: the schema PUT is replaced (run again), nothing else but its drift record", () => {
    expect(steps.reverted.changes[`${SCHEMA_PUT}[0]`]).toEqual(["delete", "create"]);
    expect(steps.reverted.changes[`${DRIFT}[0]`]).toEqual(["update"]);
    expect(changed(steps.reverted)).toEqual([`${SCHEMA_PUT}[0]`, `${DRIFT}[0]`].sort());
  });

  test("the re-applied body is the fixed schema (externalId from objectId), not the reverted one", () => {
    const body = steps.reverted.json.resource_changes.find((c: any) => c.address === `${SCHEMA_PUT}[0]`).change.after.input.body;
    expect(body).toEqual(fixed);
    expect(JSON.stringify(body)).toContain('"name":"objectId"');
  });

  test("the plan right after the repair PUTs the same fixed schema once more (the record returns to in sync); the next one is clean", () => {
    expect(steps.afterRepair.changes[`${SCHEMA_PUT}[0]`]).toEqual(["delete", "create"]);
    expect(steps.afterRepair.json.resource_changes.find((c: any) => c.address === `${SCHEMA_PUT}[0]`).change.after.input.body).toEqual(fixed);
    expect(changed(steps.settled)).toEqual([]);
  });

  test("the job is never paused or restarted by these plans", () => {
    for (const p of Object.values(steps)) {
      expect(p.changes[`${JOB}[0]`] ?? ["no-op"]).toEqual(["no-op"]);
      expect(p.changes[`${START}[0]`] ?? ["no-op"]).toEqual(["no-op"]);
    }
  });
});

describe("GIVEN the job started WHEN the provider's Read reports it running (enabled = true) THEN the next plan does not pause it", () => {
  /** What the provider's Read does after the start: `enabled` from the schedule state, Active → true (v3.9.0). */
  function readsEnabled(tf: TerraformWorkspace, address: string): void {
    const state = JSON.parse(tf.ok("state", "pull").stdout);
    const [type, name] = address.split(".");
    const instance = state.resources.find((r: any) => r.type === type && r.name === name).instances[0];
    for (const key of ["input", "output"]) instance.attributes[key].value = { ...instance.attributes[key].value, enabled: true };
    state.serial += 1;
    tf.write(state, "read.tfstate");
    tf.ok("state", "push", "-force", "read.tfstate");
  }
  const world: World = { container: true, value: good };
  const planAfterStart = (stack: Record<string, any>, holder: string) =>
    withTerraform("scim-stand-in-", (tf) => {
      tf.write(config(world, stack)).apply();
      readsEnabled(tf, holder);
      return plan(tf, world).changes[`${holder}[0]`];
    });

  test("as synthesized (enabled = false, ignore_changes = [enabled]): no change", () => {
    expect(planAfterStart(scim, `${JOB}${IGNORED_SUFFIX}`)).toEqual(["no-op"]);
  });

  test("without ignore_changes (what the provider would do to a job created with enabled = false): an update that pauses it", () => {
    const [name] = first("azuread_synchronization_job");
    const withoutIgnore = structuredClone(scim);
    delete withoutIgnore.resource.azuread_synchronization_job[name].lifecycle;
    const changes = withTerraform("scim-stand-in-", (tf) => {
      tf.write(config(world, withoutIgnore)).apply();
      readsEnabled(tf, JOB);
      tf.write(config(world, withoutIgnore));
      const r = tf.plan("-out=plan.out");
      expect(r.status).toBe(0);
      return Object.fromEntries(tf.showPlan("plan.out").resource_changes.map((c: any) => [c.address, c.change]));
    });
    expect(changes[`${JOB}[0]`].actions).toEqual(["update"]);
    expect(changes[`${JOB}[0]`].after.input.enabled).toBe(false);
  });
});

test("the stand-in reads every data source of the stack from a fixture (nothing is read from a provider)", () => {
  const locals = config({ container: false }).locals;
  for (const [type, byName] of Object.entries<Record<string, unknown>>(scim.data)) for (const name of Object.keys(byName)) expect(locals).toHaveProperty(dataLocal(type, name));
});
