/**
 * The export commands the README gives (`scripts/export-federation.sh`, printed in full in the README) run by bash and
 * by zsh against stand-ins of `aws` and `az` that answer like the real CLIs (the AWS CLI's auto-paginated output,
 * ResourceNotFoundException on stderr with exit 254; `az rest` one Graph page per URL): the folder they write is an
 * export that reads to exactly the snapshot the services hold.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { exportSource } from "../src/adopt/export-source";
import { readSnapshot } from "../src/adopt/read";
import { GRAPH_BASE } from "../src/adopt/requests";
import { ids, type Scenario, scenarioSource, smallScenario } from "./adopt-scenario";
import { ROOT } from "./helpers";

const SCRIPT = join(ROOT, "scripts", "export-federation.sh");

/** Stand-ins for `aws` and `az` that answer from a table of command line → output. */
async function fakeClis(dir: string, s: Scenario, ous: string[]): Promise<void> {
  const recorder = scenarioSource(s, 2);
  await readSnapshot(recorder, { appId: ids.appId(s), groupDetails: true, organizationalUnits: ous });
  {
    const aws: Record<string, unknown> = {};
    const az: Record<string, unknown> = {};
    for (const { request, pages } of recorder.answered.values()) {
      if ("service" in request) {
        const key = [request.service, request.operation, ...[...request.params].sort(([x], [y]) => (x < y ? -1 : 1)).map(([k, v]) => `--${k}=${v}`)].join(" ");
        if (request.list) {
          const items = pages.flatMap((p) => ((p as Record<string, unknown[]>)[request.list as string] ?? []) as unknown[]);
          aws[key] = { [request.list]: items };
        } else aws[key] = pages[0];
      } else {
        let url = `${GRAPH_BASE}${request.path}`;
        for (const page of pages) {
          az[decodeURIComponent(url)] = page;
          url = (page as Record<string, string>)["@odata.nextLink"];
        }
      }
    }
    mkdirSync(join(dir, "bin"), { recursive: true });
    writeFileSync(join(dir, "aws.json"), JSON.stringify(aws));
    writeFileSync(join(dir, "az.json"), JSON.stringify(az));
    const stub = (table: string, body: string) =>
      `#!/usr/bin/env node\nconst table = require(${JSON.stringify(join(dir, table))});\nconst argv = process.argv.slice(2);\n${body}\n`;
    writeFileSync(
      join(dir, "bin", "aws"),
      stub(
        "aws.json",
        `const [service, op, ...rest] = argv; const params = [];
         for (let i = 0; i < rest.length; i += 2) if (rest[i] !== "--output") params.push(rest[i] + "=" + rest[i + 1]);
         const key = [service, op, ...params.sort()].join(" ");
         if (!(key in table)) { process.stderr.write("aws stand-in: unknown command " + key + "\\n"); process.exit(2); }
         const out = table[key];
         if (out && typeof out === "object" && Object.keys(out).length === 0 && /^(get-permissions-boundary|describe-instance-access-control)/.test(op)) {
           process.stderr.write("\\nAn error occurred (ResourceNotFoundException) when calling the operation: not found\\n"); process.exit(254);
         }
         process.stdout.write(JSON.stringify(out, null, 4) + "\\n");`,
      ),
    );
    writeFileSync(
      join(dir, "bin", "az"),
      stub(
        "az.json",
        `const url = decodeURIComponent(argv[argv.indexOf("--url") + 1]);
         if (argv[0] !== "rest" || argv[argv.indexOf("--method") + 1] !== "get") { process.stderr.write("az stand-in: only az rest --method get\\n"); process.exit(2); }
         if (!(url in table)) { process.stderr.write("ERROR: Not Found(" + url + ")\\n"); process.exit(3); }
         process.stdout.write(JSON.stringify(table[url], null, 4) + "\\n");`,
      ),
    );
    chmodSync(join(dir, "bin", "aws"), 0o755);
    chmodSync(join(dir, "bin", "az"), 0o755);
  }
}

describe("the README's export script", () => {
  const ous = ["r-ab12"];
  const s = smallScenario({ ous: { "r-ab12": { accounts: ["111111111111"], children: ["ou-ab12-11111111"] }, "ou-ab12-11111111": { accounts: ["222222222222", "333333333333"] } } });

  it("GIVEN the adopting page (docs/adopt-and-drift.md) WHEN it shows the export script THEN it is scripts/export-federation.sh, verbatim", () => {
    const readme = readFileSync(join(ROOT, "docs", "adopt-and-drift.md"), "utf8");
    const script = readFileSync(SCRIPT, "utf8");
    expect(readme).toContain(`\`\`\`bash\n${script}\`\`\``);
  });

  it.each(["bash", "zsh"])("GIVEN aws and az as the real CLIs answer WHEN %s runs the script THEN the export reads to the services' snapshot", async (shell) => {
    const dir = mkdtempSync(join(tmpdir(), "export-script-"));
    try {
      await fakeClis(dir, s, ous);
      const env = { PATH: `${join(dir, "bin")}:${process.env.PATH}`, APP_ID: ids.appId(s), OUS: ous.join(" "), HOME: dir };
      const r = spawnSync(shell, [SCRIPT, join(dir, "export")], { env, encoding: "utf8", timeout: 120_000 });
      expect({ status: r.status, stderr: r.stderr.replace(/^saved to .*\n$/m, "") }).toEqual({ status: 0, stderr: "" });
      const fromScript = await readSnapshot(exportSource(join(dir, "export")), { appId: ids.appId(s), groupDetails: true, organizationalUnits: ous, exportDir: join(dir, "export") });
      expect(fromScript).toEqual(await readSnapshot(scenarioSource(s, 2), { appId: ids.appId(s), groupDetails: true, organizationalUnits: ous }));
      expect(fromScript.aws.permissionSets.find((p) => p.name === "ViewOnlyAccess")?.permissionsBoundary).toBeUndefined();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);

  it("GIVEN aws fails for another reason than not-found WHEN the script runs THEN it stops with the CLI's error", async () => {
    const dir = mkdtempSync(join(tmpdir(), "export-script-"));
    try {
      await fakeClis(dir, s, []);
      writeFileSync(join(dir, "aws.json"), "{}");
      const env = { PATH: `${join(dir, "bin")}:${process.env.PATH}`, APP_ID: ids.appId(s), HOME: dir };
      const r = spawnSync("bash", [SCRIPT, join(dir, "export")], { env, encoding: "utf8" });
      expect(r.status).not.toBe(0);
      expect(r.stderr).toContain("aws stand-in: unknown command sso-admin list-instances");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("GIVEN the script WHEN bash and zsh parse it THEN both accept it", () => {
    for (const shell of ["bash", "zsh"]) execFileSync(shell, ["-n", SCRIPT]);
  });
});
