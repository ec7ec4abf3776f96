/**
 * The lockout guard: `federation diff` and `federation validate --base` refuse (exit 4) a change that leaves the
 * management account without privileged access or removes the last admin path, unless `--allow-lockout`; ordinary
 * changes pass. The guard itself is pure (src/review/lockout.ts): most cases run on models, the CLI cases in-process.
 */
import { cpSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { FederationModel } from "../src/model/model";
import { accessView } from "../src/review/access";
import { type LockoutFinding, lockoutFindings } from "../src/review/lockout";
import { combineRules, rulesOf } from "../src/review/privileged";
import { DEFAULT_CONFIG, loadText, modelOf, ROOT, runCliCaptured } from "./helpers";
import { BASE_IDENTITY_CENTER, federationYaml, type FileParts } from "./identity-center-fixtures";

const ADMIN = { managedPolicies: ["arn:aws:iam::aws:policy/AdministratorAccess"] };
const VIEW = { managedPolicies: ["arn:aws:iam::aws:policy/job-function/ViewOnlyAccess"] };
const SETS = { AdministratorAccess: ADMIN, ViewOnlyAccess: VIEW };
const GROUPS = {
  readers: { members: ["bob@example.com"] },
  admins: { eligibleMembers: [{ principal: "carol@example.com", duration: "P90D" }] },
};
const READERS = { group: "readers", permissionSet: "ViewOnlyAccess", accounts: ["prod", "staging"] };
const ADMINS = { group: "admins", permissionSet: "AdministratorAccess", accounts: ["prod", "staging"] };
const BREAK_GLASS = { user: "break-glass@example.com", permissionSet: "AdministratorAccess", accounts: ["management"] };
const WITH_MANAGEMENT = { ...BASE_IDENTITY_CENTER, managementAccount: "management" };

/** A file from parts (defaults: readers, just-in-time admins, both sets, readers and admins assigned). */
const text = (parts: FileParts = {}) => federationYaml({ groups: GROUPS, permissionSets: SETS, assignments: [READERS, ADMINS], ...parts });
const model = (parts: FileParts = {}): FederationModel => modelOf(loadText(text(parts)));

function findings(base: FederationModel, head: FederationModel): LockoutFinding[] {
  const rules = combineRules(rulesOf(base.spec), rulesOf(head.spec));
  return lockoutFindings(accessView(base, rules), accessView(head, rules));
}
const kinds = (base: FederationModel, head: FederationModel) => findings(base, head).map((f) => f.kind);

describe("the last admin path", () => {
  const base = model();

  test("GIVEN an unchanged file, or ordinary changes (a member, a reader grant, a new admin user) THEN no lockout", () => {
    expect(kinds(base, model())).toEqual([]);
    expect(kinds(base, model({ groups: { ...GROUPS, readers: { members: ["bob@example.com", "dan@example.com"] } } }))).toEqual([]);
    expect(kinds(base, model({ assignments: [ADMINS] }))).toEqual([]);
    expect(kinds(base, model({ assignments: [READERS, ADMINS, BREAK_GLASS] }))).toEqual([]);
  });

  test("GIVEN the only admin assignment removed THEN last-admin-path, naming the group, its eligible member count, the set and accounts", () => {
    const [f, ...rest] = findings(base, model({ assignments: [READERS] }));
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ kind: "last-admin-path", id: "federation/lockout-last-admin", path: ["assignments"], lost: ["group:admins/AdministratorAccess"] });
    expect(f.message).toContain("before: group admins (1 eligible member) → AdministratorAccess in 2 accounts: prod (222222222222), staging (333333333333)");
  });

  test("GIVEN the admin group emptied (no standing and no eligible member) THEN last-admin-path: an empty group is no path", () => {
    expect(kinds(base, model({ groups: { ...GROUPS, admins: { description: "nobody" } } }))).toEqual(["last-admin-path"]);
  });

  test("GIVEN the admin set stripped of its privileged policy THEN last-admin-path: the same grants no longer administer", () => {
    expect(kinds(base, model({ permissionSets: { AdministratorAccess: VIEW, ViewOnlyAccess: VIEW } }))).toEqual(["last-admin-path"]);
  });

  test("GIVEN the only admin member moved from eligible to standing, or standing to eligible THEN no lockout: PIM-eligible is an admin path", () => {
    const standing = model({ groups: { ...GROUPS, admins: { members: ["carol@example.com"] } } });
    expect(kinds(base, standing)).toEqual([]);
    expect(kinds(standing, base)).toEqual([]);
  });

  test("GIVEN the admin path moved to a user or to an existing Entra group THEN no lockout", () => {
    expect(kinds(base, model({ assignments: [READERS, BREAK_GLASS] }))).toEqual([]);
    const existing = { ...GROUPS, admins: { objectId: "3f2a0000-0000-0000-0000-000000000000" } };
    expect(kinds(base, model({ groups: existing }))).toEqual([]);
  });

  test("GIVEN the admin set renamed with the same grants THEN no lockout", () => {
    const renamed = model({ permissionSets: { Administrators: ADMIN, ViewOnlyAccess: VIEW }, assignments: [READERS, { ...ADMINS, permissionSet: "Administrators" }] });
    expect(kinds(base, renamed)).toEqual([]);
  });

  test("GIVEN a base that had no admin path THEN removing more is no lockout (there is nothing left to lose)", () => {
    const noAdmin = model({ assignments: [READERS] });
    expect(kinds(noAdmin, model({ assignments: [] }))).toEqual([]);
  });

  test("GIVEN a privileged policy named only in the head's review rules THEN the combined rules judge both sides", () => {
    const customAdmin = { managedPolicies: ["arn:aws:iam::aws:policy/job-function/NetworkAdministrator"] };
    const b = model({ permissionSets: { AdministratorAccess: customAdmin, ViewOnlyAccess: VIEW } });
    const h = modelOf(loadText(`${text({ permissionSets: { AdministratorAccess: customAdmin, ViewOnlyAccess: VIEW }, assignments: [READERS] })}review: { privilegedPolicies: [NetworkAdministrator] }\n`));
    expect(kinds(b, h)).toEqual(["last-admin-path"]);
  });
});

describe("the management account", () => {
  const base = model({ identityCenter: WITH_MANAGEMENT, assignments: [READERS, ADMINS, BREAK_GLASS] });

  test("GIVEN the break-glass grant to the management account removed while admins remain elsewhere THEN management-account only", () => {
    const [f, ...rest] = findings(base, model({ identityCenter: WITH_MANAGEMENT, assignments: [READERS, ADMINS] }));
    expect(rest).toEqual([]);
    expect(f).toMatchObject({
      kind: "management-account",
      id: "federation/lockout-management-account",
      accountId: "111111111111",
      path: ["identityCenter", "managementAccount"],
      lost: ["user:break-glass@example.com/AdministratorAccess"],
    });
    expect(f.message).toContain("management account management (111111111111)");
    expect(f.message).toContain("before: user break-glass@example.com → AdministratorAccess in 1 account: management (111111111111)");
  });

  test("GIVEN another principal keeps privileged access to the management account THEN no lockout", () => {
    const other = { group: "admins", permissionSet: "AdministratorAccess", accounts: ["management"] };
    expect(kinds(base, model({ identityCenter: WITH_MANAGEMENT, assignments: [READERS, ADMINS, other] }))).toEqual([]);
  });

  test("GIVEN the management account given by id instead of by name THEN the same guard applies", () => {
    const byId = { ...BASE_IDENTITY_CENTER, managementAccount: "111111111111" };
    const b = model({ identityCenter: byId, assignments: [READERS, ADMINS, BREAK_GLASS] });
    expect(kinds(b, model({ identityCenter: byId, assignments: [READERS, ADMINS] }))).toEqual(["management-account"]);
  });

  test("GIVEN the head drops managementAccount together with the grant THEN the base's setting still guards (either file names it)", () => {
    const [f] = findings(base, model({ assignments: [READERS, ADMINS] }));
    expect(f).toMatchObject({ kind: "management-account", path: ["assignments"] });
  });

  test("GIVEN no managementAccount in either file THEN removing the break-glass grant is an ordinary change", () => {
    const b = model({ assignments: [READERS, ADMINS, BREAK_GLASS] });
    expect(kinds(b, model({ assignments: [READERS, ADMINS] }))).toEqual([]);
  });

  test("GIVEN privileged access through the root THEN it reaches the management account until an exclusion cuts it off", () => {
    const root = { group: "admins", permissionSet: "AdministratorAccess", organizationalUnits: ["r-ab12"] };
    const b = model({ identityCenter: WITH_MANAGEMENT, assignments: [READERS, root] });
    expect(kinds(b, model({ identityCenter: WITH_MANAGEMENT, assignments: [READERS, root, BREAK_GLASS] }))).toEqual([]);
    expect(kinds(b, model({ identityCenter: WITH_MANAGEMENT, assignments: [READERS, { ...root, excludeAccounts: ["management"] }] }))).toEqual(["management-account"]);
  });

  test("GIVEN privileged access only through an OU THEN it does not count for the management account (OU membership is known only at plan time)", () => {
    const ou = { group: "admins", permissionSet: "AdministratorAccess", organizationalUnits: ["ou-ab12-34cd5678"] };
    const b = model({ identityCenter: WITH_MANAGEMENT, assignments: [READERS, ou, BREAK_GLASS] });
    expect(kinds(b, model({ identityCenter: WITH_MANAGEMENT, assignments: [READERS, ou] }))).toEqual(["management-account"]);
  });
});

describe("identityCenter.managementAccount is validated", () => {
  test("GIVEN an unknown account name THEN one error at its path and line with a suggestion", () => {
    const t = text({ identityCenter: { ...BASE_IDENTITY_CENTER, managementAccount: "managment" } });
    const r = loadText(t);
    expect(r.model).toBeUndefined();
    const line = t.split("\n").findIndex((l) => l.includes("managementAccount: managment")) + 1;
    expect(r.diagnostics).toEqual([
      expect.objectContaining({ id: "federation/unknown-account", path: "identityCenter.managementAccount", line, message: expect.stringContaining('did you mean "management"?') }),
    ]);
  });

  test("GIVEN a name from the inventory or any 12-digit id THEN the file is valid", () => {
    expect(loadText(text({ identityCenter: WITH_MANAGEMENT })).model).toBeDefined();
    expect(loadText(text({ identityCenter: { ...BASE_IDENTITY_CENTER, managementAccount: "999999999999" } })).model).toBeDefined();
  });
});

describe("federation diff and validate --base refuse a lockout (exit 4) unless --allow-lockout", () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "lockout-cli-"));
    cpSync(join(ROOT, "config", "policies"), join(dir, "policies"), { recursive: true });
    // The default file with the admin group's only (eligible) member gone.
    const original = readFileSync(DEFAULT_CONFIG, "utf8");
    const emptied = original.replace("      - { principal: bob@example.com, duration: P180D }\n", "      - { principal: dana@example.com, duration: P180D }\n");
    writeFileSync(join(dir, "ordinary.yaml"), emptied);
    writeFileSync(join(dir, "lockout.yaml"), original.replace("  - { group: aws-sso-admins, permissionSet: AdministratorAccess, accounts: [prod, staging, sandbox] }\n", ""));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const run = (...args: string[]) => runCliCaptured(args, { cwd: dir });

  test("GIVEN the only admin grant removed WHEN diffed THEN exit 4, the diff is still printed with the lockout first, stderr says why", async () => {
    const r = await run("diff", "--base", DEFAULT_CONFIG, "--head", "lockout.yaml");
    expect(r.code).toBe(4);
    expect(r.out).toMatch(/\*\*⛔ lockout\*\*[\s\S]*#### ⛔ Lockout[\s\S]*\[federation\/lockout-last-admin\][\s\S]*#### Grants/);
    expect(r.err).toContain("lockout: after this change no user, and no group with members (standing or eligible), holds a privileged permission set");
    expect(r.err).toContain("refusing: this change would leave AWS without administrators (exit 4); pass --allow-lockout if that is intended");
  });

  test("GIVEN the same change as JSON THEN the lockout is a field of the diff; an ordinary change has no such field", async () => {
    const locked = await run("diff", "--base", DEFAULT_CONFIG, "--head", "lockout.yaml", "--format", "json");
    expect(JSON.parse(locked.out).lockout).toEqual([
      expect.objectContaining({ kind: "last-admin-path", id: "federation/lockout-last-admin", lost: ["group:aws-sso-admins/AdministratorAccess"] }),
    ]);
    const ordinary = await run("diff", "--base", DEFAULT_CONFIG, "--head", "ordinary.yaml", "--format", "json");
    expect(ordinary.code).toBe(0);
    expect(JSON.parse(ordinary.out)).not.toHaveProperty("lockout");
  });

  test("GIVEN --allow-lockout THEN exit 0 and the lockout is still reported", async () => {
    const r = await run("diff", "--base", DEFAULT_CONFIG, "--head", "lockout.yaml", "--allow-lockout");
    expect(r.code).toBe(0);
    expect(r.out).toContain("#### ⛔ Lockout");
    expect(r.err).toContain("1 lockout finding(s), allowed by --allow-lockout");
  });

  test("GIVEN a lockout and an escalation with --fail-on-escalation THEN 4 wins over 3; with --allow-lockout the escalation gate still fails (3)", async () => {
    const original = readFileSync(join(dir, "lockout.yaml"), "utf8");
    writeFileSync(join(dir, "both.yaml"), original.replace("sessionDuration: PT8H", "sessionDuration: PT12H"));
    expect((await run("diff", "--base", DEFAULT_CONFIG, "--head", "both.yaml", "--fail-on-escalation")).code).toBe(4);
    expect((await run("diff", "--base", DEFAULT_CONFIG, "--head", "both.yaml", "--fail-on-escalation", "--allow-lockout")).code).toBe(3);
  });

  test("GIVEN an ordinary change (another eligible admin) THEN diff exits 0 without a lockout", async () => {
    const r = await run("diff", "--base", DEFAULT_CONFIG, "--head", "ordinary.yaml");
    expect(r.code).toBe(0);
    expect(r.out).not.toContain("Lockout");
    expect(r.err).toBe("");
  });

  test("GIVEN validate --base with the lockout THEN exit 4 with one located error in the head file, and nothing claims it is valid", async () => {
    const r = await run("validate", "--config", "lockout.yaml", "--base", DEFAULT_CONFIG);
    expect(r.code).toBe(4);
    expect(r.err).toMatch(/^lockout\.yaml:\d+:\d+: error assignments: after this change no user.*\[federation\/lockout-last-admin\]$/m);
    expect(r.err).toContain("lockout.yaml: refused — this change would leave AWS without administrators (exit 4)");
    expect(r.out).toBe("");
  });

  test("GIVEN validate --base --allow-lockout THEN the lockout is a warning and the file is valid (exit 0)", async () => {
    const r = await run("validate", "--config", "lockout.yaml", "--base", DEFAULT_CONFIG, "--allow-lockout");
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/^lockout\.yaml:\d+:\d+: warning assignments: after this change no user/m);
    expect(r.out).toContain("lockout.yaml: valid");
  });

  test("GIVEN validate --base with a lockout and a rename THEN the head file is opened once, by the loader, and both findings still have their lines", async () => {
    const original = readFileSync(join(dir, "lockout.yaml"), "utf8");
    const head = original.replace("  ViewOnlyAccess:\n", "  ViewOnly:\n").replace(/permissionSet: ViewOnlyAccess/g, "permissionSet: ViewOnly");
    writeFileSync(join(dir, "renamed.yaml"), head);
    const headPath = realpathSync(join(dir, "renamed.yaml"));
    const opened: string[] = [];
    const record = (p: unknown) => {
      if (typeof p === "string" && (p === headPath || p.endsWith("renamed.yaml"))) opened.push(p);
    };
    // The module object the sources call through (`node_fs_1.openSync(…)`): every open of a file by path passes here.
    const fs = require("node:fs") as typeof import("node:fs");
    const { openSync, readFileSync: readWhole } = fs;
    const open = jest.spyOn(fs, "openSync").mockImplementation(((...a: Parameters<typeof openSync>) => (record(a[0]), openSync(...a))) as typeof openSync);
    const read = jest.spyOn(fs, "readFileSync").mockImplementation(((...a: Parameters<typeof readWhole>) => (record(a[0]), readWhole(...a))) as typeof readWhole);
    try {
      const r = await run("validate", "--config", "renamed.yaml", "--base", DEFAULT_CONFIG, "--allow-lockout");
      expect(r.code).toBe(0);
      const line = head.split("\n").indexOf("  ViewOnly:") + 1;
      expect(r.err).toMatch(new RegExp(`^renamed\\.yaml:${line}:\\d+: warning permissionSets\\.ViewOnly: .*\\[federation/permission-set-rename\\]$`, "m"));
      expect(r.err).toMatch(/^renamed\.yaml:\d+:\d+: warning assignments: after this change no user/m);
    } finally {
      open.mockRestore();
      read.mockRestore();
    }
    expect(opened).toEqual([headPath]);
  });

  test("GIVEN validate --base with an ordinary change THEN exit 0 and no lockout", async () => {
    const r = await run("validate", "--config", "ordinary.yaml", "--base", DEFAULT_CONFIG);
    expect(r.code).toBe(0);
    expect(r.err).not.toContain("lockout");
  });
});
