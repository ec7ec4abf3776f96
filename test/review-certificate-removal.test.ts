/**
 * A signing certificate deleted from the file without being retired first would be deleted through the azuread
 * provider's faulty Delete (README: Signing-certificate rotation): `federation diff` (JSON and Markdown) and
 * `federation validate --base` warn, naming the certificate and the safe procedure; the README's own steps do not.
 */
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { WARNING_EXIT_CODE } from "../src/commands/diff";
import { certificatesRemovedNotRetired } from "../src/review/certificate-removal";
import { diffFederations } from "../src/review/diff";
import { DEFAULT_CONFIG, loadText, modelOf, ROOT, runCliCaptured } from "./helpers";

const ID = "federation/certificate-removed-not-retired";
const defaultText = readFileSync(DEFAULT_CONFIG, "utf8");
const OWNERS = "    owners: [alice@example.com]\n";
/** The default file with these certificate lines under `entra.application` (undefined: no entry, the single `default`). */
const withCertificates = (lines?: string) => (lines === undefined ? defaultText : defaultText.replace(OWNERS, `${OWNERS}${lines}`));
const NEXT_ONLY = "    signingCertificates:\n      cert-next: { active: true }\n";
const BOTH = "    signingCertificates:\n      default: {}\n      cert-next: { active: true }\n";
const RETIRED = "    signingCertificates:\n      default: { retired: true }\n      cert-next: { active: true }\n";

const removedKeys = (base?: string, head?: string) =>
  certificatesRemovedNotRetired(modelOf(loadText(withCertificates(base), "base.yaml")), modelOf(loadText(withCertificates(head), "head.yaml"))).map((c) => c.key);

/** base.yaml and head.yaml (with the default file's policy folder) in a folder of their own. */
function files(base: string, head: string): string {
  const dir = mkdtempSync(join(tmpdir(), "federation-cert-removal-"));
  cpSync(join(ROOT, "config", "policies"), join(dir, "policies"), { recursive: true });
  writeFileSync(join(dir, "base.yaml"), base);
  writeFileSync(join(dir, "head.yaml"), head);
  return dir;
}

const run = (args: string[], cwd: string) => runCliCaptured(args, { cwd });

describe("which changes remove a certificate without retiring it", () => {
  test("GIVEN the single certificate WHEN the file switches to signingCertificates without `default` THEN default is removed unretired", () => {
    expect(removedKeys(undefined, NEXT_ONLY)).toEqual(["default"]);
  });

  test("GIVEN two certificates WHEN the inactive one is deleted without being retired THEN it is named", () => {
    expect(removedKeys(BOTH, NEXT_ONLY)).toEqual(["default"]);
  });

  test("GIVEN several WHEN all but the active one are deleted THEN each is named once, by name", () => {
    const three = "    signingCertificates:\n      old-b: {}\n      cert-next: { active: true }\n      old-a: {}\n";
    expect(removedKeys(three, NEXT_ONLY)).toEqual(["old-a", "old-b"]);
  });

  test("GIVEN the README's procedure (add, retire, clean up) and a change of form THEN no step removes an unretired certificate", () => {
    expect(removedKeys(undefined, BOTH)).toEqual([]);
    expect(removedKeys(BOTH, RETIRED)).toEqual([]);
    expect(removedKeys(RETIRED, NEXT_ONLY)).toEqual([]);
    expect(removedKeys("    signingCertificates:\n      default: {}\n", "    signingCertificate: {}\n")).toEqual([]);
    expect(removedKeys("    signingCertificate: {}\n", undefined)).toEqual([]);
    // A name is case-sensitive: `Default` is another certificate (another Terraform address).
    expect(removedKeys(undefined, "    signingCertificates:\n      Default: {}\n")).toEqual(["default"]);
  });

  test("GIVEN a head without an Entra application (another IdP) THEN this check says nothing (the whole stack is behind its own protection)", () => {
    const base = modelOf(loadText(withCertificates(BOTH), "base.yaml"));
    const head = { ...base, spec: { ...base.spec, entra: undefined } };
    expect(certificatesRemovedNotRetired(base, head)).toEqual([]);
  });
});

describe("federation diff", () => {
  test("GIVEN the active certificate deleted WHEN diffed as JSON THEN one warning names it and the safe procedure; --fail-on-warning exits 5", async () => {
    const dir = files(withCertificates(), withCertificates(NEXT_ONLY));
    const r = await run(["diff", "--base", "base.yaml", "--head", "head.yaml", "--format", "json"], dir);
    expect(r.code).toBe(0);
    const diff = JSON.parse(r.out);
    const warnings = diff.warnings.filter((w: { id: string }) => w.id === ID);
    expect(warnings).toEqual([{ id: ID, subject: "signingCertificate:default", message: expect.stringContaining('signing certificate "default" (the one Entra signs with) is removed') }]);
    expect(warnings[0].message).toContain('mark it "default": { retired: true } once another certificate is active and deployed, deploy, then remove it');
    expect(warnings[0].message).toContain("upstream #1690");
    expect(diff.summary.warnings).toBe(diff.warnings.length);
    const strict = await run(["diff", "--base", "base.yaml", "--head", "head.yaml", "--format", "json", "--fail-on-warning"], dir);
    expect(strict.code).toBe(WARNING_EXIT_CODE);
  });

  test("GIVEN an inactive certificate deleted WHEN diffed as Markdown THEN the warnings list it with its id", async () => {
    const dir = files(withCertificates(BOTH), withCertificates(NEXT_ONLY));
    const r = await run(["diff", "--base", "base.yaml", "--head", "head.yaml"], dir);
    expect(r.code).toBe(0);
    const line = r.out.split("\n").find((l) => l.includes("is removed from the file without being retired"));
    expect(line).toBeDefined();
    expect(line).toMatch(/^- signing certificate "default" is removed/);
    expect(line).toContain(`\`[${ID}]\``);
    expect(line).toContain('mark it "default": { retired: true }, deploy, then remove it');
  });

  test("GIVEN the retired certificate deleted (the README's clean-up) THEN no such warning", () => {
    const base = modelOf(loadText(withCertificates(RETIRED), "base.yaml"));
    const head = modelOf(loadText(withCertificates(NEXT_ONLY), "head.yaml"));
    expect(diffFederations(base, head, { baseLabel: "base", headLabel: "head" }).warnings.map((w) => w.id)).not.toContain(ID);
  });
});

describe("federation validate --base", () => {
  test("GIVEN a certificate deleted unretired THEN a warning at the head file's certificate entry (path and line), and the file still validates", async () => {
    const head = withCertificates(NEXT_ONLY);
    const dir = files(withCertificates(BOTH), head);
    const r = await run(["validate", "--config", "head.yaml", "--base", "base.yaml"], dir);
    expect(r.code).toBe(0);
    const line = head.split("\n").findIndex((l) => l === "    signingCertificates:") + 1;
    const warnings = r.err.split("\n").filter((l) => l.includes(`[${ID}]`));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(new RegExp(`^head\\.yaml:${line}:5: warning entra\\.application\\.signingCertificates: signing certificate "default" is removed from the file without being retired first`));
  });

  test("GIVEN the head in the single-certificate form without that certificate's name THEN the warning points at signingCertificate", async () => {
    const head = withCertificates("    signingCertificate: {}\n");
    const dir = files(withCertificates("    signingCertificates:\n      default: {}\n      old: { active: true }\n"), head);
    const r = await run(["validate", "--config", "head.yaml", "--base", "base.yaml"], dir);
    expect(r.code).toBe(0);
    const line = head.split("\n").findIndex((l) => l.startsWith("    signingCertificate:")) + 1;
    expect(r.err).toContain(`head.yaml:${line}:5: warning entra.application.signingCertificate: signing certificate "old" (the one Entra signs with) is removed`);
  });

  test("GIVEN the README's steps THEN validate --base prints no such warning", async () => {
    for (const [base, head] of [[undefined, BOTH], [BOTH, RETIRED], [RETIRED, NEXT_ONLY]] as const) {
      const dir = files(withCertificates(base), withCertificates(head));
      const r = await run(["validate", "--config", "head.yaml", "--base", "base.yaml"], dir);
      expect({ base, code: r.code, warned: r.err.includes(ID) }).toEqual({ base, code: 0, warned: false });
    }
  });
});
