/**
 * Every file in config/examples/ is complete and works as documented: it validates (with exactly the warnings listed
 * here, so a new example must be added to the table), synthesizes, and the CLI's validate, synth, report and shards
 * exit 0 on it. The common setups each show what they are for in the synthesized stacks.
 */
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCli } from "../src/cli";
import type { CliIo } from "../src/commands/io";
import { decodeStaticGrantKeys } from "../src/identity-center/shard-grants";
import { expansionOf } from "../src/model/shard-count";
import { plainText } from "../src/terraform/text";
import { blocks, loadFile, modelOf, ROOT, synthAll } from "./helpers";

const EXAMPLES = join(ROOT, "config", "examples");
const files = readdirSync(EXAMPLES).filter((f) => f.endsWith(".yaml")).sort();
const example = (name: string) => join(EXAMPLES, name);

/** Every example and the warnings it is expected to print (by id). */
const EXPECTED_WARNINGS: Record<string, string[]> = {
  "delegated-admin.yaml": [],
  "entrust.yaml": [],
  "existing-groups.yaml": [],
  "google.yaml": ["federation/idp-groups-not-provisioned", "federation/idp-groups-not-provisioned"],
  "large-organization.yaml": [],
  "okta.yaml": [],
  "read-only-by-ou.yaml": [],
  "saml.yaml": [],
  "sso-only.yaml": [],
};

const capture = (): CliIo & { text: () => string } => {
  const lines: string[] = [];
  return { out: (t) => lines.push(t), err: (t) => lines.push(t), env: {}, cwd: ROOT, text: () => lines.join("\n") };
};

describe("every example", () => {
  test("GIVEN config/examples THEN every file is listed here with its expected warnings, and the five common setups are there", () => {
    expect(files).toEqual(Object.keys(EXPECTED_WARNINGS).sort());
    expect(files).toEqual(expect.arrayContaining(["sso-only.yaml", "existing-groups.yaml", "read-only-by-ou.yaml", "delegated-admin.yaml", "large-organization.yaml"]));
  });

  test.each(files)("GIVEN %s WHEN loaded THEN it is valid, with exactly its expected warnings", (file) => {
    const r = loadFile(example(file));
    expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(r.diagnostics.map((d) => d.id)).toEqual(EXPECTED_WARNINGS[file]);
  });

  test.each(files)("GIVEN %s WHEN the CLI validates, synthesizes, reports and lays it out THEN each exits 0", async (file) => {
    const out = mkdtempSync(join(tmpdir(), "federation-example-"));
    try {
      const config = `config/examples/${file}`;
      for (const argv of [["validate"], ["synth", "--out", join(out, "cdktf.out")], ["report"], ["shards"]]) {
        const io = capture();
        expect([argv[0], await runCli([...argv, "--config", config], io), io.text()]).toEqual([argv[0], 0, expect.any(String)]);
      }
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});

describe("the common setups", () => {
  test("GIVEN sso-only.yaml WHEN synthesized THEN scim-provisioning holds only the secret container: no synchronization, nothing read from the secret", () => {
    const stacks = synthAll(modelOf(example("sso-only.yaml")));
    expect(Object.keys(stacks["scim-provisioning"].resource)).toEqual(["aws_secretsmanager_secret"]);
    expect(stacks["scim-provisioning"].data).toBeUndefined();
    expect(Object.keys(blocks(stacks["entra-sso"], "azuread_service_principal"))).toHaveLength(1);
  });

  test("GIVEN existing-groups.yaml WHEN synthesized THEN no group or membership is created: each group is looked up and assigned to the application", () => {
    const model = modelOf(example("existing-groups.yaml"));
    const entra = synthAll(model)["entra-sso"];
    expect(entra.resource.azuread_group_without_members).toBeUndefined();
    expect(entra.resource.azuread_group_member).toBeUndefined();
    expect(Object.values(blocks(entra, "azuread_group", "data"))).toHaveLength(1);
    for (const id of ["3f2a0000-0000-0000-0000-000000000001", "3f2a0000-0000-0000-0000-000000000002", "3f2a0000-0000-0000-0000-000000000003"]) expect(JSON.stringify(entra)).toContain(id);
    expect(Object.values(model.spec.groups).every((g) => g.objectId !== undefined)).toBe(true);
  });

  test("GIVEN read-only-by-ou.yaml WHEN expanded THEN it grants nothing statically: every grant comes from the root or an OU at plan time, read-only sets only", () => {
    const model = modelOf(example("read-only-by-ou.yaml"));
    const e = expansionOf(model);
    expect(e.grants).toEqual([]);
    expect(e.ouTargets.map((t) => t.targetId).sort()).toEqual(["ou-ab12-payments1", "ou-ab12-search01", "ou-ab12-search02", "r-ab12"]);
    expect(new Set(e.ouTargets.map((t) => t.permissionSet))).toEqual(new Set(["ReadOnlyAccess", "ViewOnlyAccess"]));
    const root = e.ouTargets.find((t) => t.targetId === "r-ab12");
    expect([...(root?.excludeAccountIds ?? [])].sort()).toEqual(["111111111111", "555555555555"]);
    expect(Object.keys(blocks(synthAll(model)["identity-center-assignments-0"], "aws_organizations_organizational_unit_descendant_accounts", "data"))).toHaveLength(1);
  });

  test("GIVEN delegated-admin.yaml WHEN expanded THEN nothing is granted in the management account, statically or through an OU or the root", () => {
    const model = modelOf(example("delegated-admin.yaml"));
    const management = model.spec.accounts.management.id;
    const e = expansionOf(model);
    expect(e.grants.filter((g) => g.accountId === management)).toEqual([]);
    for (const t of e.ouTargets) expect([t.key, t.excludeAccountIds]).toEqual([t.key, expect.arrayContaining([management])]);
    expect(model.spec.identityCenter.managementAccount).toBeUndefined();
    expect(model.spec.state?.s3).toBeDefined();
  });

  test("GIVEN large-organization.yaml WHEN synthesized THEN its pinned four assignment stacks hold every grant exactly once", () => {
    const model = modelOf(example("large-organization.yaml"));
    const stacks = synthAll(model);
    const shards = Object.keys(stacks).filter((s) => s.startsWith("identity-center-assignments-")).sort();
    expect(shards).toEqual([0, 1, 2, 3].map((k) => `identity-center-assignments-${k}`));
    // The static grants each stack ships (its locals, as Terraform decodes them).
    const keys = shards.flatMap((s) => Object.entries<string>(stacks[s].locals ?? {}).filter(([n]) => n.includes("_static-json_")).flatMap(([, v]) => decodeStaticGrantKeys(plainText(v))));
    const grants = expansionOf(model).grants.map((g) => g.key);
    expect(grants.length).toBeGreaterThan(50);
    expect(keys.sort()).toEqual([...grants].sort());
    for (const s of shards) expect([s, Object.keys(stacks[s].locals ?? {}).some((n) => n.includes("_static-json_"))]).toEqual([s, true]);
    expect(model.spec.identityCenter.assignmentShards).toBe(4);
  });
});
