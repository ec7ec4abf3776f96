/**
 * The import block of a count-gated resource (the synchronization job of `scim-provisioning`: `count =
 * local.<scim secret ready> ? 1 : 0`) planned by the real Terraform on provider-free stand-ins (test/stand-ins.ts) of
 * an adopted file's stack: on the first deploy after adopting the SCIM secret container does not exist yet, the count
 * is 0 and the gated block imports nothing and fails nothing; once the secret has a value the job is imported (never
 * created a second time). The ungated form (`to = …[0]`, what adopt wrote before) fails that first plan: the check can
 * fail.
 */
import { join } from "node:path";
import { tmpdir } from "node:os";
import { adopt, synthesize } from "../src/adopt/adopt";
import { readSnapshot } from "../src/adopt/read";
import type { StackJson } from "../src/synth-output";
import { ids, smallScenario, scenarioSource } from "./adopt-scenario";
import { NOW } from "./helpers";
import { standIn } from "./stand-ins";
import { withTerraform } from "./terraform";

const SECRET = "identity-federation/scim";
const ENDPOINT = "https://scim.us-east-1.amazonaws.com/AbC123de-4567-89f0-abcd-ef1234567890/scim/v2";

let scim: StackJson;
let jobImport: { to: string; id: string };

beforeAll(async () => {
  const s = smallScenario();
  const snapshot = await readSnapshot(scenarioSource(s, 2), { appId: ids.appId(s) });
  const out = adopt(snapshot, { file: join(tmpdir(), "adopted", "federation.yaml"), sourceLabel: "scenario", now: NOW });
  if (!out.ok) throw new Error(out.problems.join("\n"));
  scim = synthesize(out.adopted.model).find((x) => x.name === "scim-provisioning") as StackJson;
  jobImport = (out.adopted.plan.imports["scim-provisioning"] ?? []).find((b) => b.to.startsWith("azuread_synchronization_job.")) as { to: string; id: string };
}, 60_000);

const name = (type: string, kind: "resource" | "data" = "resource") => Object.keys(scim.json[kind][type])[0];

/** The stand-in configuration in a world where the secret does not exist, or exists with a value. */
function config(stack: Record<string, any>, world: { container: boolean; value: boolean }): Record<string, any> {
  const outputs: Record<string, unknown> = {};
  for (const m of JSON.stringify(stack).matchAll(/data\.terraform_remote_state\.[\w-]+\.outputs\.([\w-]+)/g)) {
    outputs[m[1]] = m[1].includes("service_principal") ? "/servicePrincipals/sp-0000" : {};
  }
  const hasValue = world.container && world.value;
  return standIn(stack, {
    data: {
      [`data.aws_secretsmanager_secrets.${name("aws_secretsmanager_secrets", "data")}`]: { names: world.container ? [SECRET] : [] },
      [`data.aws_secretsmanager_secret_versions.${name("aws_secretsmanager_secret_versions", "data")}`]: world.container
        ? [{ versions: hasValue ? [{ version_id: "v1", version_stages: ["AWSCURRENT"] }] : [] }]
        : [],
      [`data.aws_secretsmanager_secret_version.${name("aws_secretsmanager_secret_version", "data")}`]: [
        { secret_string: JSON.stringify(hasValue ? { endpoint: ENDPOINT, token: "stand-in-token", expiresAt: "2099-12-31" } : { endpoint: "unread", token: "unread" }) },
      ],
      // The job's schema as it is: the adopted file keeps the mappings it found (the fix is a no-op or off).
      [`data.msgraph_resource.${name("msgraph_resource", "data")}`]: [{ output: { all: {} } }],
      [`data.terraform_remote_state.${name("terraform_remote_state", "data")}`]: { outputs },
    },
    computed: (type, _attrs, _instance, address) => (type === "aws_secretsmanager_secret" ? { arn: `arn:aws:secretsmanager:us-east-1:111111111111:secret:${address}` } : {}),
  });
}

function plan(stack: Record<string, any>, world: { container: boolean; value: boolean }) {
  return withTerraform("adopt-gated-", (tf) => {
    tf.write(config(stack, world));
    const r = tf.plan("-out=plan.out");
    if (r.status !== 0) return { status: r.status, errors: r.stderr + r.stdout, imports: [] as { address: string; id: string }[] };
    const json = tf.showPlan("plan.out");
    const imports = (json.resource_changes ?? []).filter((c: any) => c.change.importing).map((c: any) => ({ address: c.address, id: c.change.importing.id }));
    return { status: 0, errors: "", imports };
  });
}

const JOB_STAND_IN = () => `terraform_data.azuread_synchronization_job__${name("azuread_synchronization_job")}`;

describe("GIVEN an adopted file whose provisioning job exists in Entra", () => {
  test("THEN its import block is gated on the job's own count (for_each over [0] while the count is 1, to …[each.value])", () => {
    const job = name("azuread_synchronization_job");
    expect(jobImport).toEqual({ to: `azuread_synchronization_job.${job}[0]`, id: expect.stringMatching(/^\/servicePrincipals\/[0-9a-f-]+\/synchronization\/jobs\//) });
    const count = scim.json.resource.azuread_synchronization_job[job].count as string;
    expect(count).toMatch(/^\$\{local\.scim-secret_value_ready_\w+ \? 1 : 0\}$/);
    expect(scim.json.import).toContainEqual({ for_each: `\${(${count.slice(2, -1)}) > 0 ? [0] : []}`, to: `azuread_synchronization_job.${job}[each.value]`, id: jobImport.id });
  });

  test("WHEN the first deploy plans before the SCIM secret container exists (count 0) THEN the plan succeeds and imports nothing", () => {
    const r = plan(scim.json, { container: false, value: false });
    expect([r.status, r.errors]).toEqual([0, ""]);
    expect(r.imports).toEqual([]);
  }, 60_000);

  test("WHEN the container exists but has no value yet (count 0) THEN the plan still succeeds and imports nothing", () => {
    const r = plan(scim.json, { container: true, value: false });
    expect([r.status, r.errors]).toEqual([0, ""]);
    expect(r.imports).toEqual([]);
  }, 60_000);

  test("WHEN the secret has a value (count 1) THEN the plan imports the existing job with its id instead of creating one", () => {
    const r = plan(scim.json, { container: true, value: true });
    expect([r.status, r.errors]).toEqual([0, ""]);
    expect(r.imports).toEqual([{ address: `${JOB_STAND_IN()}[0]`, id: jobImport.id }]);
  }, 60_000);

  test("WHEN the block is written ungated (to = …[0], what adopt wrote before) THEN the first plan fails: the gate is what makes it pass", () => {
    const ungated = { ...scim.json, import: [{ to: jobImport.to, id: jobImport.id }] };
    const r = plan(ungated, { container: false, value: false });
    expect(r.status).toBe(1);
    expect(r.errors).toMatch(/Configuration for import target does not exist/);
  }, 60_000);
});
