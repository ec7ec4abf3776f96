/**
 * `federation drift`: live (an export of the scenario after someone changed things in the consoles) against the
 * adopted federation file, printed as an access diff with escalations first, and the exit code a scheduled job reads:
 * 0 in sync, 6 drift, 7 drift that widens access, 1 unreadable.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readSnapshot } from "../src/adopt/read";
import { runCli } from "../src/cli";
import { DRIFT_ESCALATION_EXIT_CODE, DRIFT_EXIT_CODE } from "../src/commands/drift";
import type { CliIo } from "../src/commands/io";
import { parse, stringify } from "yaml";
import { ids, type Scenario, scenarioSource, smallScenario, writeExport } from "./adopt-scenario";
import { loadFile, modelOf, synthAll } from "./helpers";

function capture(cwd: string) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { out: (t) => out.push(t), err: (t) => err.push(t), env: {}, cwd };
  return { io, text: () => ({ out: out.join("\n"), err: err.join("\n") }) };
}

async function saveExport(dir: string, name: string, s: Scenario): Promise<void> {
  const recorder = scenarioSource(s, 2);
  await readSnapshot(recorder, { appId: ids.appId(s), groupDetails: true, organizationalUnits: Object.keys(s.ous ?? {}) });
  writeExport(join(dir, name), recorder.answered);
}

const appId = ids.appId(smallScenario());

/** The tutorial's setup adopted (groups managed here, so members and PIM are compared too), in a fresh folder. */
async function adoptedWorkspace(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), "drift-"));
  await saveExport(dir, "before", smallScenario());
  const c = capture(dir);
  const code = await runCli(["adopt", "--from", "before", "--app-id", appId, "--out", "federation.yaml", "--manage-groups"], c.io);
  if (code !== 0) throw new Error(c.text().err);
  return dir;
}

async function drift(dir: string, live: Scenario, ...extra: string[]) {
  await saveExport(dir, "live", live);
  const c = capture(dir);
  const code = await runCli(["drift", "--config", "federation.yaml", "--from", "live", "--app-id", appId, ...extra], c.io);
  return { code, ...c.text() };
}

const base = smallScenario();

test("the exit codes are the documented ones (README: 6 drift, 7 drift that widens access)", () => {
  expect([DRIFT_EXIT_CODE, DRIFT_ESCALATION_EXIT_CODE]).toEqual([6, 7]);
});

describe("federation drift", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await adoptedWorkspace();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("GIVEN nothing changed since adopting WHEN drift runs THEN no drift, exit 0", async () => {
    const r = await drift(dir, base);
    expect(r.code).toBe(0);
    expect(r.err).toBe("no drift: export live matches federation.yaml");
    expect(r.out).toContain("No access changes.");
  });

  it("GIVEN an out-of-band privileged grant in the IAM Identity Center console WHEN drift runs THEN it is the first escalation and the exit code is 6", async () => {
    const r = await drift(dir, { ...base, grants: [...base.grants, { principal: "group:aws-sso-read-only", set: "AdministratorAccess", accounts: ["222222222222"] }] });
    expect(r.code).toBe(DRIFT_ESCALATION_EXIT_CODE);
    const table = r.out.slice(r.out.indexOf("Escalations"));
    expect(table).toMatch(/\| 1 \| privileged grant \| `group:aws-sso-read-only\/AdministratorAccess` \| group aws-sso-read-only gains AdministratorAccess .* prod \(222222222222\)/);
    expect(r.err).toMatch(/drift: export live differs from federation\.yaml and grants more \(1 escalation\)/);
  });

  it("GIVEN a console edit that only narrows access (an assignment removed) WHEN drift runs THEN it is drift without escalation, exit 5", async () => {
    const r = await drift(dir, { ...base, grants: base.grants.map((g) => (g.set === "ViewOnlyAccess" && g.principal === "group:aws-sso-read-only" ? { ...g, accounts: ["222222222222", "333333333333"] } : g)) });
    expect(r.code).toBe(DRIFT_EXIT_CODE);
    expect(r.out).toMatch(/Grants removed \(1\)/);
    expect(r.out).toMatch(/group `aws-sso-read-only` \| `ViewOnlyAccess` \| sandbox \(444444444444\)/);
  });

  it("GIVEN a permission set edited in the console (longer session, a policy attached) WHEN drift runs THEN both show, as escalations", async () => {
    const r = await drift(dir, {
      ...base,
      sets: base.sets.map((x) => (x.name === "ViewOnlyAccess" ? { ...x, sessionDuration: "PT12H", managed: [...x.managed, "arn:aws:iam::aws:policy/IAMFullAccess"] } : x)),
    });
    expect(r.code).toBe(DRIFT_ESCALATION_EXIT_CODE);
    const json = JSON.parse((await drift(dir, { ...base, sets: base.sets.map((x) => (x.name === "ViewOnlyAccess" ? { ...x, sessionDuration: "PT12H", managed: [...x.managed, "arn:aws:iam::aws:policy/IAMFullAccess"] } : x)) }, "--format", "json")).out);
    expect(json.escalations.map((e: { kind: string; subject: string }) => `${e.kind} ${e.subject}`)).toEqual(["privileged-policy-added permissionSet:ViewOnlyAccess", "longer-session permissionSet:ViewOnlyAccess"]);
  });

  it("GIVEN the attribute mappings reverted in the Entra portal WHEN drift runs THEN the provisioning setting changes and a warning says what the mappings are now", async () => {
    const r = await drift(dir, { ...base, mappingFixed: false }, "--format", "json");
    expect(r.code).toBe(DRIFT_EXIT_CODE);
    const diff = JSON.parse(r.out);
    expect(diff.changed).toEqual([{ area: "provisioning", subject: "entra.provisioning", field: "externalIdFromObjectId", before: true, after: false }]);
    expect(diff.warnings).toEqual([
      {
        id: "drift/attribute-mapping-reverted",
        subject: "entra.provisioning.externalIdFromObjectId",
        message:
          'the provisioning job\'s attribute mappings are not the fixed ones any more (user externalId from mailNickname, phone mappings phoneNumbers[type eq "fax"].value, phoneNumbers[type eq "mobile"].value): someone changed them in the portal; the next deploy of scim-provisioning puts the fix back',
      },
    ]);
  });

  it("GIVEN an eligibility that ended (its end date has passed, PIM still lists it) WHEN drift runs THEN it is missing live and a warning says it ended", async () => {
    const groups = base.groups.map((g) => (g.name === "aws-sso-admins" ? { ...g, eligible: [{ upn: "bob@example.com", end: "2026-11-01T00:00:00Z" }] } : g));
    const r = await drift(dir, { ...base, groups }, "--format", "json");
    expect(r.code).toBe(DRIFT_EXIT_CODE);
    const diff = JSON.parse(r.out);
    expect(diff.removed.eligibleMembers).toEqual([{ group: "aws-sso-admins", principal: "bob@example.com", expiry: "until 2027-05-21T00:00:00Z" }]);
    expect(diff.warnings.map((w: { id: string }) => w.id)).toEqual(["drift/eligibility-missing", "drift/eligibility-ended"]);
    expect(diff.warnings[1].message).toBe('the eligibility of bob@example.com for group "aws-sso-admins" ended at 2026-11-01T00:00:00Z and is left out');
    // The provider keeps an ended eligibility in state: the warning says how to renew it, with the real address.
    const stack = synthAll(modelOf(loadFile(join(dir, "federation.yaml"))))["entra-sso"];
    const [name] = Object.keys(stack.resource.azuread_privileged_access_group_eligibility_schedule);
    const address = `azuread_privileged_access_group_eligibility_schedule.${name}["aws-sso-admins/bob@example.com"]`;
    expect(stack.resource.azuread_privileged_access_group_eligibility_schedule[name].for_each).toHaveProperty(["aws-sso-admins/bob@example.com"]);
    expect(diff.warnings[0].message).toBe(
      "bob@example.com is no longer eligible for aws-sso-admins in Entra (removed before its end date); the next deploy of entra-sso does not create it again: " +
        "the provider keeps the eligibility in its state (README: Groups, app role assignments and PIM). To renew it, remove it from the state, then deploy: " +
        `terraform -chdir=cdktf.out/stacks/entra-sso state rm '${address}' then FEDERATION_CONFIG=federation.yaml npx cdktf deploy entra-sso; or remove it from the file`,
    );
    // The command is one word per argument in bash (the address is quoted).
    const argv = execFileSync("bash", ["-c", `printf '%s\\n' ${/state rm (\S+) then/.exec(diff.warnings[0].message)?.[1]}`], { encoding: "utf8" });
    expect(argv).toBe(`${address}\n`);
    // The member policy is unchanged: an ended eligibility is not also a change of the activation rules.
    expect(diff.changed).toEqual([]);
  });

  it("GIVEN a missing eligibility (drift builds the entra-sso construct tree for its address) WHEN drift runs THEN it writes nothing in the directory it runs in", async () => {
    const groups = base.groups.map((g) => (g.name === "aws-sso-admins" ? { ...g, eligible: [] } : g));
    const here = process.cwd();
    const empty = mkdtempSync(join(tmpdir(), "drift-cwd-"));
    try {
      process.chdir(empty);
      const r = await drift(dir, { ...base, groups }, "--format", "json");
      expect(JSON.parse(r.out).warnings.map((w: { id: string }) => w.id)).toContain("drift/eligibility-missing");
      expect(readdirSync(empty)).toEqual([]);
    } finally {
      process.chdir(here);
      rmSync(empty, { recursive: true, force: true });
    }
  });

  it("GIVEN a member added to a managed group in the portal WHEN drift runs THEN the membership shows as added", async () => {
    const groups = base.groups.map((g) => (g.name === "aws-sso-read-only" ? { ...g, members: [...g.members, "dave@example.com"] } : g));
    const r = await drift(dir, { ...base, users: [...base.users, "dave@example.com"], groups }, "--format", "json");
    expect(r.code).toBe(DRIFT_EXIT_CODE);
    expect(JSON.parse(r.out).added.members).toEqual([{ group: "aws-sso-read-only", principal: "dave@example.com" }]);
  });

  it("GIVEN an export of the adopted application WHEN drift runs with the --app-id of another THEN exit 1, one error naming both, nothing is compared", async () => {
    await saveExport(dir, "live", base);
    const other = "0f0f0f0f-1111-4222-a333-444455556666";
    const c = capture(dir);
    expect(await runCli(["drift", "--config", "federation.yaml", "--from", "live", "--app-id", other], c.io)).toBe(1);
    expect(c.text().out).toBe("");
    expect(c.text().err).toMatch(new RegExp(`^error: live/entra/service-principal\\.json holds application ${appId} \\("AWS IAM Identity Center"\\), not ${other} that --app-id names: .*\n1 problem reading export live; nothing was compared$`));
  });

  it("GIVEN --app-id that is not a GUID WHEN drift runs THEN a usage error, exit 2", async () => {
    const c = capture(dir);
    expect(await runCli(["drift", "--config", "federation.yaml", "--from", "live", "--app-id", "aws-app"], c.io)).toBe(2);
    expect(c.text().err).toMatch(/--app-id "aws-app" is not an application \(client\) id/);
  });

  it("GIVEN an unreadable export WHEN drift runs THEN exit 1 and nothing is compared", async () => {
    await saveExport(dir, "live", base);
    writeFileSync(join(dir, "live", "aws", "sso-admin", "list-instances.json"), '{"Instances": nope}');
    const c = capture(dir);
    expect(await runCli(["drift", "--config", "federation.yaml", "--from", "live", "--app-id", appId], c.io)).toBe(1);
    expect(c.text().out).toBe("");
    expect(c.text().err).toMatch(/export file live\/aws\/sso-admin\/list-instances\.json is not valid JSON .*\n1 problem reading export live; nothing was compared/);

  });
});

describe("federation drift of the signing certificates (either form of the file, a rotation)", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await adoptedWorkspace();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** The adopted file with its application's certificates rewritten. */
  const withCertificates = (name: string, certificates: (adopted: { endDate: string; displayName?: string }) => Record<string, unknown>) => {
    const spec = parse(readFileSync(join(dir, "federation.yaml"), "utf8"));
    const app = spec.entra.application;
    const adopted = app.signingCertificate;
    delete app.signingCertificate;
    Object.assign(app, certificates(adopted));
    writeFileSync(join(dir, name), stringify(spec));
    return adopted as { endDate: string; displayName?: string };
  };
  const driftOf = async (config: string, live: Scenario) => {
    await saveExport(dir, "live", live);
    const c = capture(dir);
    const code = await runCli(["drift", "--config", config, "--from", "live", "--app-id", appId, "--format", "json"], c.io);
    return { code, diff: JSON.parse(c.text().out), err: c.text().err };
  };

  it("GIVEN the adopted certificate written as signingCertificates: { default: … } WHEN drift runs on the unchanged setup THEN no drift, exit 0", async () => {
    withCertificates("keyed.yaml", (one) => ({ signingCertificates: { default: one } }));
    const r = await driftOf("keyed.yaml", base);
    expect([r.code, r.err]).toEqual([0, "no drift: export live matches keyed.yaml"]);
  });

  it("GIVEN a file after a rotation (the old certificate and a new active one) WHEN live has both THEN no drift; WHEN the new one is gone live THEN drift naming it", async () => {
    const rotated = { ...base, rotatedCertificateEnd: "2029-06-01T00:00:00Z" };
    withCertificates("rotated.yaml", (one) => ({ signingCertificates: { default: one, "cert-2029": { endDate: "2029-06-01T00:00:00Z", active: true } } }));
    const same = await driftOf("rotated.yaml", rotated);
    expect([same.code, same.err]).toEqual([0, "no drift: export live matches rotated.yaml"]);
    const gone = await driftOf("rotated.yaml", base);
    expect(gone.code).toBe(DRIFT_EXIT_CODE);
    expect(gone.diff.changed).toEqual([
      { area: "sso", subject: "entra.application", field: "signingCertificates.cert-2029", before: { endDate: "2029-06-01T00:00:00Z", active: true, retired: false }, after: null },
      { area: "sso", subject: "entra.application", field: "signingCertificates.default.active", before: false, after: true },
    ]);
  });

  it("GIVEN the one-certificate file WHEN a second certificate was added in the portal and Entra signs with it THEN drift shows the new certificate and the active one changing", async () => {
    const r = await driftOf("federation.yaml", { ...base, rotatedCertificateEnd: "2029-06-01T00:00:00Z" });
    expect(r.code).toBe(DRIFT_EXIT_CODE);
    expect(r.diff.changed.map((c: { field: string }) => c.field)).toEqual([
      "signingCertificates.default.active",
      expect.stringMatching(/^signingCertificates\.live-[0-9a-f]{8}$/),
    ]);
  });
});

describe("federation drift with OU targets", () => {
  it("GIVEN a file granting an OU WHEN one account below it lost its assignment THEN drift shows that account as a new exclusion", async () => {
    const dir = mkdtempSync(join(tmpdir(), "drift-ou-"));
    try {
      const ous = { "r-ab12": { accounts: ["111111111111"], children: ["ou-ab12-11111111"] }, "ou-ab12-11111111": { accounts: ["222222222222", "333333333333", "444444444444"] } };
      const s: Scenario = { ...base, ous };
      await saveExport(dir, "before", s);
      const c = capture(dir);
      expect(await runCli(["adopt", "--from", "before", "--app-id", appId, "--out", "federation.yaml"], c.io)).toBe(0);
      // The platform team rewrites one grant as an OU target (what the file is for).
      const file = join(dir, "federation.yaml");
      const text = readFileSync(file, "utf8").replace(/ {2}- group: aws-sso-read-only\n {4}permissionSet: ViewOnlyAccess\n {4}accounts:\n(?: {6}- \S+\n)+/, "  - group: aws-sso-read-only\n    permissionSet: ViewOnlyAccess\n    organizationalUnits: [ou-ab12-11111111]\n");
      writeFileSync(file, text);
      expect((await drift(dir, s)).code).toBe(0);
      const r = await drift(dir, { ...s, grants: s.grants.map((g) => (g.principal === "group:aws-sso-read-only" ? { ...g, accounts: ["222222222222", "333333333333"] } : g)) }, "--format", "json");
      expect(r.code).toBe(DRIFT_EXIT_CODE);
      expect(JSON.parse(r.out).changed).toEqual([
        { area: "organization-target", subject: "target:group:aws-sso-read-only/ViewOnlyAccess/ou-ab12-11111111", field: "excludeAccounts", added: ["444444444444"], removed: [] },
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
