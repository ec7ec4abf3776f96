/**
 * Hostile and random input to adopt (fast-check; FC_SEED=<seed> replays a failure):
 * - names from the services (group display names, account names, descriptions) with template sequences, quotes,
 *   control and invisible characters, look-alikes and collisions: adopt either writes a valid file whose keys are
 *   unique and map back to the right objects, with every exported grant and its import block, or refuses with
 *   problems — never a crash;
 * - any JSON in place of an export file: one ReadError list or a snapshot, never another exception.
 */
import fc from "fast-check";
import { cpSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { adopt } from "../src/adopt/adopt";
import { exportSource } from "../src/adopt/export-source";
import { readSnapshot } from "../src/adopt/read";
import { ReadErrors } from "../src/adopt/source";
import { expansionOf } from "../src/model/shard-count";
import { ids, type Scenario, scenarioGrantKeys, scenarioSource, smallScenario, writeExport } from "./adopt-scenario";
import { NOW } from "./helpers";

const seed = process.env.FC_SEED ? { seed: Number(process.env.FC_SEED) } : {};

/** Text the services might hand back: printable, hostile sequences, controls, invisible and look-alike characters. */
const serviceText = fc.oneof(
  fc.string({ minLength: 1, maxLength: 24 }),
  fc.constantFrom("${file(\"/etc/passwd\")}", "%{ for x in y }", "a\"b", "x\ny", "tab\there", "ad\u200bmins", "аdmins", "Administrator", "constructor", "a: b", "- item", "'quoted'", "#comment", "team/ops", "ünïcødé"),
);

describe("adopt with names the services choose (property)", () => {
  it("GIVEN random group, account and set descriptions WHEN adopted THEN a valid file with injective keys and every grant, or problems, never a crash", async () => {
    let written = 0;
    let refused = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(serviceText, { minLength: 2, maxLength: 2 }), fc.array(serviceText, { minLength: 4, maxLength: 4 }), serviceText, async (groupNames, accountNames, description) => {
        const base = smallScenario();
        const rename = new Map(base.groups.map((g, i) => [g.name, groupNames[i]]));
        const s: Scenario = {
          ...base,
          groups: base.groups.map((g) => ({ ...g, name: rename.get(g.name) as string })),
          grants: base.grants.map((g) => (g.principal.startsWith("group:") ? { ...g, principal: `group:${rename.get(g.principal.slice(6))}` } : g)),
          accounts: base.accounts.map((a, i) => ({ ...a, name: accountNames[i] })),
          sets: base.sets.map((x) => ({ ...x, description })),
        };
        if (new Set(s.groups.map((g) => g.name)).size < s.groups.length) return; // the scenario keys groups by name
        const snapshot = await readSnapshot(scenarioSource(s, 2), { appId: ids.appId(s) });
        const out = adopt(snapshot, { file: join(tmpdir(), "prop", "federation.yaml"), sourceLabel: "property", now: NOW });
        if (!out.ok) {
          refused++;
          expect(out.problems.length).toBeGreaterThan(0);
          return;
        }
        written++;
        const a = out.adopted;
        // Keys are unique (case-insensitively for groups) and map back to the object they were made for.
        const groupKeys = Object.keys(a.model.spec.groups);
        expect(new Set(groupKeys.map((k) => k.toLowerCase())).size).toBe(groupKeys.length);
        for (const g of s.groups) expect(a.model.spec.groups[[...a.naming.groupObjectIds].find(([, id]) => id === ids.group(s, g.name))?.[0] ?? ""]?.objectId).toBe(ids.group(s, g.name));
        // Every exported grant is in the file, under the file's name for its principal.
        const fileName = (principal: string) => (principal.startsWith("group:") ? `group:${[...a.naming.groupObjectIds].find(([, id]) => id === ids.group(s, principal.slice(6)))?.[0]}` : principal);
        const expected = scenarioGrantKeys(s).map((k) => {
          const [set, account] = k.split("/").slice(-2);
          return `${fileName(k.slice(0, k.length - set.length - account.length - 2))}/${set}/${account}`;
        });
        expect(expansionOf(a.model).grants.map((g) => g.key)).toEqual([...expected].sort());
        expect(a.plan.outcomes.filter((o) => o.type === "aws_ssoadmin_account_assignment" && o.kind === "import")).toHaveLength(expected.length);
      }),
      { numRuns: 25, ...seed },
    );
    // Both paths are exercised: most names are taken (or replaced by plain keys), a few refused (a description AWS itself would refuse).
    expect(written).toBeGreaterThan(5);
    expect(written + refused).toBeGreaterThan(20);
  }, 120_000);
});

describe("adopt with any JSON in an export file (property)", () => {
  let dir: string;
  let files: string[];
  beforeAll(async () => {
    const s = smallScenario();
    const recorder = scenarioSource(s, 2);
    await readSnapshot(recorder, { appId: ids.appId(s), groupDetails: true });
    dir = mkdtempSync(join(tmpdir(), "adopt-fuzz-"));
    writeExport(join(dir, "pristine"), recorder.answered);
    const walk = (d: string, rel = ""): string[] => readdirSync(d).flatMap((e) => (statSync(join(d, e)).isDirectory() ? walk(join(d, e), `${rel}${e}/`) : [`${rel}${e}`]));
    files = walk(join(dir, "pristine"));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("GIVEN one export file replaced by random JSON WHEN read and adopted THEN ReadErrors or a result, never another exception", async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(fc.nat(), fc.oneof(fc.json(), fc.jsonValue().map((v) => JSON.stringify({ value: [v] })), fc.string()), async (pick, content) => {
        const work = join(dir, `run-${n++}`);
        cpSync(join(dir, "pristine"), work, { recursive: true });
        writeFileSync(join(work, files[pick % files.length]), content);
        const s = smallScenario();
        try {
          const snapshot = await readSnapshot(exportSource(work), { appId: ids.appId(s), groupDetails: true, exportDir: work });
          const out = adopt(snapshot, { file: join(work, "out", "federation.yaml"), sourceLabel: "fuzz", now: NOW, manageGroups: true });
          expect(typeof out.ok).toBe("boolean");
        } catch (e) {
          expect(e).toBeInstanceOf(ReadErrors);
          expect((e as ReadErrors).errors.length).toBeGreaterThan(0);
        } finally {
          rmSync(work, { recursive: true, force: true });
        }
      }),
      { numRuns: 60, ...seed },
    );
  }, 180_000);
});
