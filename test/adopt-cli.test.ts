/**
 * `federation adopt` from the command line, with exports: what it writes and prints, and the failure paths — every
 * bad export (truncated JSON, a missing page, an unknown shape, a missing file, a link out of the folder, a FIFO) gives
 * one clear error naming the file and the command that writes it, exit 1, and nothing is written; an existing file is
 * never replaced without --force. One process run proves the SDKs are not loaded by the other commands.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readSnapshot } from "../src/adopt/read";
import { runCli } from "../src/cli";
import type { CliIo } from "../src/commands/io";
import { parseFederation } from "../src/model/load";
import { ids, type Scenario, scenarioSource, smallScenario, writeExport } from "./adopt-scenario";
import { NOW, ROOT } from "./helpers";

function capture(cwd: string) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { out: (t) => out.push(t), err: (t) => err.push(t), env: {}, cwd };
  return { io, text: () => ({ out: out.join("\n"), err: err.join("\n") }) };
}

/** A work folder with `export/` holding the scenario as the README's commands would have saved it. */
async function workspace(s: Scenario = smallScenario(), pageSize = 2): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), "adopt-cli-"));
  const recorder = scenarioSource(s, pageSize);
  await readSnapshot(recorder, { appId: ids.appId(s), groupDetails: true });
  writeExport(join(dir, "export"), recorder.answered);
  return dir;
}

const listing = (dir: string) => readdirSync(dir).sort();

async function adoptIn(dir: string, ...extra: string[]) {
  const c = capture(dir);
  const code = await runCli(["adopt", "--from", "export", "--app-id", ids.appId(smallScenario()), "--out", "out/federation.yaml", ...extra], c.io);
  return { code, ...c.text() };
}

describe("federation adopt --from", () => {
  it("GIVEN an export WHEN adopted THEN the federation file and its import file are written, valid, and the summary says what the first deploy does", async () => {
    const dir = await workspace();
    try {
      const r = await adoptIn(dir);
      expect(r.err).toBe("");
      expect(r.code).toBe(0);
      expect(listing(join(dir, "out"))).toEqual(["federation.imports.json", "federation.yaml"]);
      const yaml = readFileSync(join(dir, "out", "federation.yaml"), "utf8");
      expect(yaml.split("\n")[0]).toBe("# Written by `federation adopt`");
      expect(yaml).toMatch(/^imports: federation\.imports\.json$/m);
      const loaded = parseFederation(yaml, join(dir, "out", "federation.yaml"), { now: NOW });
      expect(loaded.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
      expect(loaded.model?.imports?.content?.stacks["identity-center-assignments-0"]).toHaveLength(8);
      expect(r.out).toMatch(/The first deploy imports 23 existing objects \(entra-sso: 7, identity-center: 8, identity-center-assignments-0: 8\)\./);
      // The job exists only once the SCIM secret has a value: its import waits for that deploy.
      expect(r.out).toMatch(/Imported later, by the first deploy in which they exist[^\n]*once the SCIM secret has a value\):\n {2}- scim-provisioning: azuread_synchronization_job\.\w+\[0\]\n/);
      expect(r.out).toMatch(/msgraph_resource_action: a POST that starts the provisioning job/);
      expect(r.out).toMatch(/msgraph_resource_action: a PUT of the provisioning job's attribute mappings/);
      expect(r.out).toMatch(/creates only what does not exist yet:\n {2}- scim-provisioning: aws_secretsmanager_secret\.[^:]+: the SCIM secret container "identity-federation\/scim"/);
      expect(r.out).toMatch(/azuread_synchronization_secret: its credentials are write-only/);
      // The one command that finishes it, quoted for the shell.
      expect(r.out).toContain("aws secretsmanager put-secret-value --region us-east-1 --secret-id identity-federation/scim --secret-string file:///dev/stdin");
      expect(r.out).toContain("FEDERATION_CONFIG=out/federation.yaml npx cdktf deploy '*'");
      // The steps in the order they can run: each diff after the stacks it reads; the value stored after the container exists.
      const steps = r.out
        .split("\n")
        .map((l) => l.trim())
        .filter((l) => /^(FEDERATION_CONFIG=\S+ npx cdktf (diff|deploy)|aws secretsmanager put-secret-value) /.test(l))
        .map((l) => l.replace(/^FEDERATION_CONFIG=out\/federation\.yaml npx cdktf /, "").replace(/^aws secretsmanager put-secret-value .*/, "put-secret-value"));
      expect(steps).toEqual([
        "diff entra-sso",
        "deploy entra-sso",
        "diff scim-provisioning",
        "deploy scim-provisioning --ignore-missing-stack-dependencies",
        "put-secret-value",
        "diff scim-provisioning",
        "deploy scim-provisioning --ignore-missing-stack-dependencies",
        "diff identity-center",
        "deploy identity-center --ignore-missing-stack-dependencies",
        "diff identity-center-assignments-0",
        "deploy entra-sso identity-center 'identity-center-assignments-*'",
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("GIVEN an adopted file on disk WHEN adopt runs again without --force THEN it refuses and changes nothing; with --force it replaces both files", async () => {
    const dir = await workspace();
    try {
      expect((await adoptIn(dir)).code).toBe(0);
      writeFileSync(join(dir, "out", "federation.yaml"), "# mine\n");
      const again = await adoptIn(dir);
      expect(again.code).toBe(1);
      expect(again.err).toMatch(/refusing: .*federation\.imports\.json and .*federation\.yaml exist already; nothing was written \(pass --force to replace them\)/);
      expect(readFileSync(join(dir, "out", "federation.yaml"), "utf8")).toBe("# mine\n");
      expect((await adoptIn(dir, "--force")).code).toBe(0);
      expect(readFileSync(join(dir, "out", "federation.yaml"), "utf8")).toMatch(/^# Written by `federation adopt`/);
      expect(listing(join(dir, "out"))).toEqual(["federation.imports.json", "federation.yaml"]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  const assignments = "aws/sso-admin/permission-sets";
  const firstSet = (dir: string) => join(dir, "export", assignments, readdirSync(join(dir, "export", assignments)).sort()[0]);
  const cases: [string, (dir: string) => string, RegExp][] = [
    [
      "a truncated JSON file",
      (dir) => {
        const f = join(dir, "export", "aws", "identitystore", "list-groups.json");
        const text = readFileSync(f, "utf8");
        writeFileSync(f, text.slice(0, Math.floor(text.length / 2)));
        return "aws/identitystore/list-groups.json";
      },
      /ends inside a JSON document that starts at line \d+ \(the file is cut off: truncated JSON\); write it again with: aws identitystore list-groups --identity-store-id d-0123456789 --output json > export\/aws\/identitystore\/list-groups\.json/,
    ],
    [
      "a missing AWS page (the last document still has a NextToken)",
      (dir) => {
        const f = join(dir, "export", "aws", "identitystore", "list-users.json");
        // The first page only (the export was saved in pages of 2): its NextToken promises a page that is not there.
        writeFileSync(f, readFileSync(f, "utf8").split(/\n(?=\{)/)[0]);
        return "aws/identitystore/list-users.json";
      },
      /has a NextToken but no page follows: a page is missing/,
    ],
    [
      "a missing Graph page (the last page still has an @odata.nextLink)",
      (dir) => {
        const f = join(dir, "export", "entra", "app-role-assigned-to.json");
        const first = readFileSync(f, "utf8").split(/\n(?=\{)/)[0];
        writeFileSync(f, first);
        return "entra/app-role-assigned-to.json";
      },
      /has an @odata\.nextLink but no page follows: a page is missing \(save lists with graph_pages\)/,
    ],
    [
      "an unknown shape (another command's output under the name)",
      (dir) => {
        writeFileSync(join(dir, "export", "aws", "identitystore", "list-groups.json"), readFileSync(join(dir, "export", "aws", "identitystore", "list-users.json")));
        return "aws/identitystore/list-groups.json";
      },
      /is not what aws identitystore list-groups prints: unexpected key "Users"/,
    ],
    [
      "a missing file",
      (dir) => {
        rmSync(join(firstSet(dir), "list-tags-for-resource.json"));
        return "list-tags-for-resource.json";
      },
      /export file export\/aws\/sso-admin\/permission-sets\/ps-[0-9a-f]+\/list-tags-for-resource\.json does not exist; write it with: aws sso-admin list-tags-for-resource --instance-arn arn:aws:sso:::instance\/ssoins-0123456789abcdef --resource-arn arn:aws:sso:::permissionSet\/ssoins-0123456789abcdef\/ps-[0-9a-f]+ --output json > export\/aws\/sso-admin/,
    ],
    [
      "a missing Graph file",
      (dir) => {
        rmSync(join(dir, "export", "entra", "application-owners.json"));
        return "entra/application-owners.json";
      },
      /export file export\/entra\/application-owners\.json does not exist; write it with: graph_pages .* > export\/entra\/application-owners\.json \(graph_pages is the function of scripts\/export-federation\.sh, which writes every file of the folder\)/,
    ],
    [
      "an item of the wrong type",
      (dir) => {
        const f = join(dir, "export", "entra", "service-principal.json");
        const sp = JSON.parse(readFileSync(f, "utf8"));
        sp.appRoles[0].isEnabled = "yes";
        writeFileSync(f, JSON.stringify(sp));
        return "entra/service-principal.json";
      },
      /entra\/service-principal\.json is not what GET servicePrincipals\(appId='[0-9a-f-]+'\) prints: at appRoles\[0\]\.isEnabled: expected boolean/,
    ],
    [
      "a link out of the export folder",
      (dir) => {
        const f = join(dir, "export", "entra", "organization.json");
        writeFileSync(join(dir, "outside.json"), readFileSync(f));
        rmSync(f);
        symlinkSync(join(dir, "outside.json"), f);
        return "entra/organization.json";
      },
      /export file export\/entra\/organization\.json is outside .* \(after following links\)/,
    ],
    [
      "a named pipe instead of a file (read without waiting for a writer)",
      (dir) => {
        const f = join(dir, "export", "entra", "organization.json");
        rmSync(f);
        execFileSync("mkfifo", [f]);
        return "entra/organization.json";
      },
      /export file export\/entra\/organization\.json is not a regular file \(a named pipe\)/,
    ],
  ];

  it.each(cases)("GIVEN an export with %s WHEN adopted THEN one clear error names it, exit 1, nothing is written", async (_label, spoil, message) => {
    const dir = await workspace();
    try {
      const file = spoil(dir);
      const r = await adoptIn(dir);
      expect(r.code).toBe(1);
      const errors = r.err.split("\n").filter((l) => l.startsWith("error: "));
      expect(errors).toHaveLength(1);
      expect(errors[0]).toContain(file);
      expect(errors[0]).toMatch(message);
      expect(r.err).toMatch(/1 problem reading export export; nothing was written$/);
      expect(existsSync(join(dir, "out"))).toBe(false);
      expect(r.out).toBe("");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("GIVEN an export of one application WHEN adopted with the --app-id of another THEN one clear error naming both and how to export again, exit 1, nothing is written", async () => {
    const dir = await workspace();
    try {
      const other = "0f0f0f0f-1111-4222-a333-444455556666";
      const r = await adoptIn(dir, "--app-id", other);
      expect(r.code).toBe(1);
      const errors = r.err.split("\n").filter((l) => l.startsWith("error: "));
      expect(errors).toEqual([
        `error: export/entra/service-principal.json holds application ${ids.appId(smallScenario())} ("AWS IAM Identity Center"), not ${other} that --app-id names: the export is of another application; export it again with APP_ID=${other} bash scripts/export-federation.sh export, or pass --app-id ${ids.appId(smallScenario())}`,
      ]);
      expect(r.err).toMatch(/1 problem reading export export; nothing was written$/);
      expect(existsSync(join(dir, "out"))).toBe(false);
      expect(r.out).toBe("");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("GIVEN an export WHEN adopted with its own --app-id in upper case THEN it is the same application (ids are case-insensitive)", async () => {
    const dir = await workspace();
    try {
      const c = capture(dir);
      const code = await runCli(["adopt", "--from", "export", "--app-id", ids.appId(smallScenario()).toUpperCase(), "--out", "out/federation.yaml"], c.io);
      expect([code, c.text().err]).toEqual([0, ""]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("GIVEN an export with two bad files WHEN adopted THEN each gets its own error", async () => {
    const dir = await workspace();
    try {
      rmSync(join(dir, "export", "aws", "identitystore", "list-users.json"));
      writeFileSync(join(dir, "export", "entra", "application.json"), "{");
      const r = await adoptIn(dir);
      expect(r.code).toBe(1);
      expect(r.err.split("\n").filter((l) => l.startsWith("error: ")).map((l) => /export\/(\S+\.json)/.exec(l)?.[1])).toEqual(["aws/identitystore/list-users.json", "entra/application.json"]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("GIVEN a group assigned in IAM Identity Center that matches no Entra group of the application WHEN adopted THEN adopt explains it and writes nothing", async () => {
    const s = smallScenario();
    const dir = await workspace({ ...s, groups: s.groups.map((g) => (g.name === "aws-sso-admins" ? { ...g, assigned: false } : g)) });
    try {
      const r = await adoptIn(dir);
      expect(r.code).toBe(1);
      expect(r.err).toMatch(/IAM Identity Center group "aws-sso-admins" \([0-9a-f-]+\) holds 4 account assignment\(s\), but no group assigned to the Entra application matches it/);
      expect(existsSync(join(dir, "out"))).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("GIVEN --manage-group on a Microsoft 365 group WHEN adopted THEN adopt refuses to manage it (the stacks manage security groups only)", async () => {
    const s = smallScenario();
    const dir = await workspace({ ...s, groups: s.groups.map((g) => (g.name === "aws-sso-read-only" ? { ...g, mailEnabled: true } : g)) });
    try {
      const r = await adoptIn(dir, "--manage-group", "aws-sso-read-only");
      expect(r.code).toBe(1);
      expect(r.err).toMatch(/group "aws-sso-read-only" is not a plain security group/);
      expect(existsSync(join(dir, "out"))).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it.each([
    [["adopt", "--from", "x"], /--out FILE is required/],
    [["adopt", "--out", "f.yaml"], /give exactly one of --from DIR .* and --live/],
    [["adopt", "--out", "f.yaml", "--from", "x", "--live"], /give exactly one of --from DIR/],
    [["adopt", "--out", "f.yaml", "--live"], /--live needs the region of IAM Identity Center/],
    [["adopt", "--out", "f.yaml", "--from", "x", "--existing-scim-secret"], /--existing-scim-secret needs --scim-secret NAME/],
    [["adopt", "--out", "f.yaml", "--from", "x", "--app-id", "my-app"], /--app-id "my-app" is not an application \(client\) id \(a GUID/],
    [["adopt", "--out", "f.yaml", "--from", "x", "--app-id", "0000000-0000-0000-0000-000000000000"], /--app-id "0000000-0000-0000-0000-000000000000" is not an application/],
    [["adopt", "--out", "f.yaml", "--from", "x", "--app-id", "00000000-0000-0000-0000-000000000000\n"], /--app-id "00000000-0000-0000-0000-000000000000\\n" is not an application/],
  ])("GIVEN %j WHEN run THEN a usage error, exit 2", async (argv, message) => {
    const c = capture(tmpdir());
    expect(await runCli(argv as string[], c.io)).toBe(2);
    expect(c.text().err).toMatch(message as RegExp);
  });
});

describe("startup cost of the other commands", () => {
  it("GIVEN the CLI process WHEN `validate` runs THEN neither the AWS SDK nor @azure/identity is loaded", () => {
    const probe = join(mkdtempSync(join(tmpdir(), "adopt-probe-")), "probe.js");
    writeFileSync(
      probe,
      `require(${JSON.stringify(require.resolve("tsx/cjs"))}); const { runCli } = require(${JSON.stringify(join(ROOT, "src", "cli.ts"))});
       runCli(["validate"], { out() {}, err() {}, env: process.env, cwd: ${JSON.stringify(ROOT)} }).then((code) => {
         const loaded = Object.keys(require.cache).filter((k) => /@aws-sdk|@azure|@smithy/.test(k));
         process.stdout.write(JSON.stringify({ code, loaded }));
       });`,
    );
    const r = spawnSync(process.execPath, [probe], { cwd: ROOT, encoding: "utf8" });
    expect(r.stderr).toBe("");
    expect(JSON.parse(r.stdout)).toEqual({ code: 0, loaded: [] });
  });
});


