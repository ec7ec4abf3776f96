/** The loader: YAML with positions, structure errors with path + line, file-level failures; never a throw. */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { formatDiagnostic, type Diagnostic } from "../src/model/diagnostics";
import { loadFederationFile, MAX_FILE_BYTES } from "../src/model/load";
import { CONTOSO_CONFIG, DEFAULT_CONFIG, loadText, modelOf } from "./helpers";
import { readFileSync } from "node:fs";

const defaultText = readFileSync(DEFAULT_CONFIG, "utf8");
const errorsOf = (diags: readonly Diagnostic[]) => diags.filter((d) => d.severity === "error");

/** Replaces the first occurrence of `from` in the default file (keeps every other line where it was). */
function edited(from: string, to: string): string {
  if (!defaultText.includes(from)) throw new Error(`fixture edit: ${from} not found`);
  return defaultText.replace(from, to);
}
const lineOf = (text: string, needle: string) => text.split("\n").findIndex((l) => l.includes(needle)) + 1;

describe("loading valid files", () => {
  test("the embedded default config is valid and applies defaults", () => {
    const model = modelOf(DEFAULT_CONFIG);
    expect(Object.keys(model.spec.groups)).toEqual(["aws-sso-read-only", "aws-sso-admins"]);
    expect(Object.keys(model.spec.permissionSets)).toEqual(["ViewOnlyAccess", "AdministratorAccess"]);
    expect(model.spec.groups["aws-sso-read-only"].appRole).toBe("User");
    expect(model.spec.entra!.provisioning.provisionOnDemandRuleId).toBe("03f7d90d-bf71-41b1-bda6-aaf0ddbee5d8");
    expect(model.scimSecret).toEqual({ name: "identity-federation/scim", existing: false, tags: {} });
  });

  test("an inline policy file is read and canonicalized so formatting is no diff", () => {
    const model = modelOf(DEFAULT_CONFIG);
    const policy = model.inlinePolicies.AdministratorAccess;
    expect(policy.source).toBe("file");
    expect(policy.canonical).toBe(
      '{"Statement":[{"Action":"organizations:LeaveOrganization","Effect":"Deny","Resource":"*","Sid":"DenyLeaveOrganization"}],"Version":"2012-10-17"}',
    );
  });

  test("the second scenario (other names, region, object-form secret) is valid", () => {
    const model = modelOf(CONTOSO_CONFIG);
    expect(model.spec.identityCenter.region).toBe("eu-central-1");
    expect(model.scimSecret).toEqual({
      name: "contoso/identity-center/scim",
      existing: false,
      kmsKeyId: "alias/contoso-secrets",
      description: undefined,
      tags: { team: "identity" },
    });
    expect(model.inlinePolicies.Auditor.source).toBe("inline");
  });
});

describe("small and large files are checked alike", () => {
  // Below 64 KiB the structure is checked without zod's compiled fast path (it costs more than it saves there).
  const padded = (text: string) => `${text}${"# padding\n".repeat(8_000)}`;

  test("GIVEN the default file WHEN padded past 64 KiB with comments THEN the same model", () => {
    expect(padded(defaultText).length).toBeGreaterThan(64 * 1024);
    expect(modelOf(loadText(padded(defaultText))).spec).toEqual(modelOf(loadText(defaultText)).spec);
  });

  test("GIVEN structure errors WHEN the file is padded past 64 KiB with comments THEN the same diagnostics, at the same lines", () => {
    const bad = edited("    sessionDuration: PT8H\n", "    sessionDuration: 8\n    sesionDuration: PT8H\n").replace("enabled: true", "enabled: yes-please");
    const small = loadText(bad).diagnostics;
    expect(errorsOf(small).length).toBeGreaterThanOrEqual(3);
    expect(loadText(padded(bad)).diagnostics).toEqual(small);
  });
});

describe("structure errors carry path and line", () => {
  test("an unknown key suggests the nearest known key", () => {
    const text = edited("  application:\n", "  aplication:\n");
    const r = loadText(text);
    const e = errorsOf(r.diagnostics).find((d) => d.id === "federation/unknown-key");
    expect(e).toMatchObject({ path: "entra.aplication", line: lineOf(text, "aplication:") });
    expect(e!.message).toContain('did you mean "application"?');
    expect(r.model).toBeUndefined();
  });

  test("an unknown key deep in a record entry is named with its full path", () => {
    const text = edited("    sessionDuration: PT8H\n", "    sesionDuration: PT8H\n");
    const e = errorsOf(loadText(text).diagnostics);
    expect(e).toEqual([
      expect.objectContaining({ path: "permissionSets.ViewOnlyAccess.sesionDuration", line: lineOf(text, "sesionDuration") }),
    ]);
    expect(e[0].message).toContain('did you mean "sessionDuration"?');
  });

  test("a duplicate YAML key is an error at the second occurrence", () => {
    const text = edited("  region: us-east-1\n", "  region: us-east-1\n  region: us-west-2\n");
    const [e] = errorsOf(loadText(text).diagnostics);
    expect(e).toMatchObject({ id: "federation/duplicate-key", line: lineOf(text, "region: us-west-2") });
    expect(e.message).toContain('"region"');
  });

  test("a wrong type names what was expected and what was found", () => {
    const text = edited('  prod: { id: "222222222222" }', "  prod: { id: 222222222222 }");
    const [e] = errorsOf(loadText(text).diagnostics);
    expect(e).toMatchObject({ path: "accounts.prod.id", line: lineOf(text, "prod: { id: 222222222222 }"), id: "federation/wrong-type" });
    expect(e.message).toContain("quoted 12-digit string");
  });

  test("a missing required key is reported at its parent", () => {
    const text = edited("  tenantId: 00000000-0000-0000-0000-000000000000\n", "");
    const [e] = errorsOf(loadText(text).diagnostics);
    expect(e).toMatchObject({ path: "entra", id: "federation/missing-key", line: lineOf(text, "entra:") + 1 });
    expect(e.message).toContain('"tenantId"');
  });

  test("a bad GUID, enum value and OU id each get their own error", () => {
    let text = edited("tenantId: 00000000-0000-0000-0000-000000000000", "tenantId: not-a-guid");
    text = text.replace("scope: assigned", "scope: everyone");
    text = text.replace("accounts: [management] }", "organizationalUnits: [ou-bad] }");
    const errs = errorsOf(loadText(text).diagnostics);
    expect(errs.map((e) => [e.path, e.line])).toEqual([
      ["entra.tenantId", lineOf(text, "not-a-guid")],
      ["entra.provisioning.scope", lineOf(text, "everyone")],
      ["assignments[2].organizationalUnits[0]", lineOf(text, "ou-bad")],
    ]);
    expect(errs[1].message).toContain('use one of "assigned", "all"');
  });

  test("an invalid permission-set name is reported at the key", () => {
    const text = edited("  ViewOnlyAccess:\n", "  View Only Access!:\n");
    const [e] = errorsOf(loadText(text).diagnostics);
    expect(e).toMatchObject({ path: 'permissionSets["View Only Access!"]', line: lineOf(text, "View Only Access!") });
  });

  test("YAML syntax errors are located", () => {
    const text = edited("  region: us-east-1\n", "  region: [us-east-1\n");
    const [e] = errorsOf(loadText(text).diagnostics);
    expect(e.id).toBe("federation/yaml-syntax");
    expect(e.line).toBeGreaterThanOrEqual(lineOf(text, "region: [us-east-1"));
  });
});

describe("file-level failures are one clear error, never a throw", () => {
  const dir = mkdtempSync(join(tmpdir(), "federation-load-"));
  const write = (name: string, content: string | Buffer) => {
    const p = join(dir, name);
    writeFileSync(p, content);
    return p;
  };
  const only = (file: string) => {
    const r = loadFederationFile(file);
    expect(r.model).toBeUndefined();
    expect(r.diagnostics).toHaveLength(1);
    return r.diagnostics[0];
  };

  test("a missing file", () => expect(only(join(dir, "nope.yaml")).id).toBe("federation/file-not-found"));
  test("an empty file", () => expect(only(write("empty.yaml", "")).id).toBe("federation/empty-file"));
  test("a comment-only file", () => expect(only(write("comments.yaml", "# nothing\n# here\n")).id).toBe("federation/empty-file"));
  test("binary garbage", () => expect(only(write("bin.yaml", Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 0xff]))).id).toBe("federation/not-text"));
  test("a file over the size limit", () => {
    const d = only(write("big.yaml", `# ${"x".repeat(MAX_FILE_BYTES)}\n`));
    expect(d.id).toBe("federation/file-too-large");
  });
  test("a scalar document", () => expect(only(write("scalar.yaml", "hello\n")).id).toBe("federation/not-a-mapping"));
  test("a YAML alias bomb", () => {
    const lines = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (let i = 0; i < 8; i++) lines.push(`${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(9).fill(`*${String.fromCharCode(97 + i)}`).join(",")}]`);
    expect(only(write("bomb.yaml", `${lines.join("\n")}\n`)).id).toBe("federation/yaml-aliases");
  });
  test("deeply nested YAML", () => {
    const d = only(write("deep.yaml", `${"[".repeat(20000)}${"]".repeat(20000)}\n`));
    expect(d.id).toBe("federation/too-deep");
  });
});

describe("diagnostic formatting", () => {
  test("file:line:column: severity path: message [id]", () => {
    const text = edited("    sessionDuration: PT8H\n", "    sessionDuration: PT13H\n");
    const r = loadText(text);
    const e = errorsOf(r.diagnostics)[0];
    expect(formatDiagnostic("config/federation.yaml", e)).toBe(
      `config/federation.yaml:${e.line}:${e.column}: error permissionSets.ViewOnlyAccess.sessionDuration: session duration "PT13H" must be an ISO-8601 duration between PT1H and PT12H (e.g. PT8H) [federation/session-duration]`,
    );
  });
});
