/**
 * The keyed signing-certificate contract: what the file may say (`signing-certificates` rule, key names), how it is
 * read (src/model/certificates.ts) and what entra-sso synthesizes for it. The rotation itself is planned by Terraform
 * in test/entra-certificate-rotation.test.ts.
 */
import { readFileSync } from "node:fs";
import { DEFAULT_CERTIFICATE_KEY, signingCertificates } from "../src/model/certificates";
import { diffFederations } from "../src/review/diff";
import { renderDiffMarkdown } from "../src/review/diff-markdown";
import { DEFAULT_CONFIG, loadText, modelOf, only, synthAll } from "./helpers";
import { defaultConfigWith, ENTRA_STACK } from "./scim-helpers";

const CERT = "azuread_service_principal_token_signing_certificate";
const defaultText = readFileSync(DEFAULT_CONFIG, "utf8");
/** The default file with these lines under `entra.application` (indented by the caller). */
const withApplication = (lines: string) => defaultText.replace("    owners: [alice@example.com]\n", `    owners: [alice@example.com]\n${lines}`);
const errorsOf = (text: string) => loadText(text).diagnostics.filter((d) => d.severity === "error").map((d) => ({ id: d.id, path: d.path, line: d.line }));
const lineOf = (text: string, needle: string) => text.split("\n").findIndex((l) => l.includes(needle)) + 1;

describe("the signing-certificates rule", () => {
  test("GIVEN one certificate, or several with exactly one active THEN the file is valid", () => {
    expect(errorsOf(withApplication("    signingCertificates:\n      cert-a: {}\n"))).toEqual([]);
    expect(errorsOf(withApplication("    signingCertificates:\n      cert-a: {}\n      cert-b: { active: true }\n      old: { retired: true }\n"))).toEqual([]);
  });

  test.each([
    ["both forms", "    signingCertificate: {}\n    signingCertificates:\n      cert-a: {}\n", "signing-certificate-both-forms", "entra.application.signingCertificate", "signingCertificate: {}"],
    ["none active of two", "    signingCertificates:\n      cert-a: {}\n      cert-b: {}\n", "signing-certificates", "entra.application.signingCertificates", "signingCertificates:"],
    ["two active", "    signingCertificates:\n      cert-a: { active: true }\n      cert-b: { active: true }\n", "signing-certificates-several-active", "entra.application.signingCertificates", "signingCertificates:"],
    ["active and retired", "    signingCertificates:\n      cert-a: { active: true, retired: true }\n      cert-b: {}\n", "signing-certificate-active-retired", "entra.application.signingCertificates.cert-a.retired", "cert-a:"],
    ["every one retired", "    signingCertificates:\n      cert-a: { retired: true }\n", "signing-certificates-all-retired", "entra.application.signingCertificates", "signingCertificates:"],
    ["an empty set", "    signingCertificates: {}\n", "signing-certificates-empty", "entra.application.signingCertificates", "signingCertificates:"],
  ])("GIVEN %s THEN one error of its own id (%s) at its path and line", (_name, lines, id, path, needle) => {
    const text = withApplication(lines);
    expect(errorsOf(text)).toEqual([{ id: `federation/${id}`, path, line: lineOf(text, needle) }]);
  });

  test.each(["cert 1", "-next", "a".repeat(64), "cert.2029"])("GIVEN the certificate name %j THEN it is refused (names become Terraform addresses)", (key) => {
    const errors = errorsOf(withApplication(`    signingCertificates:\n      ${JSON.stringify(key)}: {}\n`));
    expect(errors.map((e) => e.id)).toContain("federation/invalid-format");
  });

  test("GIVEN a name of 63 characters THEN it is accepted (the limit)", () => {
    expect(errorsOf(withApplication(`    signingCertificates:\n      ${"a".repeat(63)}: {}\n`))).toEqual([]);
  });
});

describe("reading the certificates", () => {
  const application = (extra: Record<string, unknown>) => ({ displayName: "x", notificationEmails: [], owners: [], ...extra }) as any;

  test("GIVEN signingCertificate or nothing THEN it is the active certificate of key default", () => {
    expect(signingCertificates(application({}))).toEqual([
      { key: DEFAULT_CERTIFICATE_KEY, endDate: undefined, displayName: undefined, active: true, retired: false, path: ["entra", "application", "signingCertificate"] },
    ]);
    expect(signingCertificates(application({ signingCertificate: { endDate: "2028-01-01" } }))[0]).toMatchObject({ key: "default", endDate: "2028-01-01", active: true });
  });

  test("GIVEN one certificate not retired THEN it is active without saying so; GIVEN a mark THEN only the marked one is", () => {
    const one = signingCertificates(application({ signingCertificates: { old: { retired: true }, next: {} } }));
    expect(one.map((c) => [c.key, c.active, c.retired])).toEqual([
      ["next", true, false],
      ["old", false, true],
    ]);
    const marked = signingCertificates(application({ signingCertificates: { b: {}, a: { active: true } } }));
    expect(marked.map((c) => [c.key, c.active])).toEqual([
      ["a", true],
      ["b", false],
    ]);
  });
});

describe("what entra-sso synthesizes for keyed certificates", () => {
  const withCertificates = (certs: Record<string, unknown>) =>
    synthAll(
      defaultConfigWith((doc) => {
        doc.deleteIn(["entra", "application", "signingCertificate"]);
        doc.setIn(["entra", "application", "signingCertificates"], certs);
      }),
    )[ENTRA_STACK];

  test("GIVEN default and cert-next THEN default keeps the single certificate's address and cert-next gets its own, both protected", () => {
    const stack = withCertificates({ default: {}, "cert-next": { active: true } });
    const names = Object.keys(stack.resource[CERT]).sort();
    expect(names).toEqual([expect.stringMatching(/^enterprise-application_signing-certificate-key-cert-next_[0-9A-F]{8}$/), "enterprise-application_signing-certificate_06BE4A72"]);
    for (const n of names) expect(stack.resource[CERT][n].lifecycle).toEqual({ prevent_destroy: true });
    expect(only(stack, "msgraph_update_resource").body.preferredTokenSigningKeyThumbprint).toContain(names[0]);
    expect(stack.removed).toBeUndefined();
  });

  test("GIVEN a reordered file THEN the same JSON (keys come from names)", () => {
    expect(withCertificates({ "cert-next": { active: true }, default: {} })).toEqual(withCertificates({ default: {}, "cert-next": { active: true } }));
  });

  test("GIVEN default retired THEN it is only named in a removed block (destroy = false) and in the Graph PATCH's record lookup", () => {
    const stack = withCertificates({ default: { retired: true }, "cert-next": { active: true } });
    expect(Object.keys(stack.resource[CERT])).toHaveLength(1);
    expect(stack.removed).toEqual([{ from: `${CERT}.enterprise-application_signing-certificate_06BE4A72`, lifecycle: { destroy: false } }]);
    const patch = only(stack, "msgraph_resource_action");
    expect(patch.method).toBe("PATCH");
    expect(Object.keys(only(stack, "terraform_data").for_each).sort()).toEqual(["cert-next", "default"]);
    expect(only(stack, "terraform_data").for_each.default).toBeNull();
    expect(only(stack, "terraform_data").lifecycle).toEqual({ ignore_changes: ["input"] });
  });
});

describe("the access diff between the two forms of the certificate set", () => {
  const single = withApplication('    signingCertificate: { endDate: "2028-11-01T00:00:00Z", displayName: "CN=AWS SSO" }\n');
  const keyed = withApplication('    signingCertificates:\n      default: { endDate: "2028-11-01T00:00:00Z", displayName: "CN=AWS SSO" }\n');
  const diff = (a: string, b: string) => diffFederations(modelOf(loadText(a, "base.yaml")), modelOf(loadText(b, "head.yaml")), { baseLabel: "base", headLabel: "head" });

  test("GIVEN signingCertificate and the same certificate as signingCertificates: { default } THEN synthesis is byte-identical and the diff has no change, either way", () => {
    const stacks = (text: string) => synthAll(modelOf(loadText(text)))[ENTRA_STACK];
    expect(JSON.stringify(stacks(keyed))).toBe(JSON.stringify(stacks(single)));
    for (const [a, b] of [[single, keyed], [keyed, single]]) {
      const d = diff(a, b);
      expect(d.changed).toEqual([]);
      expect(renderDiffMarkdown(d)).toContain("No access changes.");
    }
    // No entry at all is the default certificate without an end date: `default: {}` is the same.
    expect(diff(defaultText, withApplication("    signingCertificates:\n      default: {}\n")).changed).toEqual([]);
  });

  test("GIVEN a rotation (a new active certificate added) THEN the diff shows the new certificate and the old one no longer active", () => {
    const rotated = withApplication('    signingCertificates:\n      default: { endDate: "2028-11-01T00:00:00Z", displayName: "CN=AWS SSO" }\n      cert-2029: { endDate: "2029-06-01T00:00:00Z", active: true }\n');
    expect(diff(single, rotated).changed).toEqual([
      { area: "sso", subject: "entra.application", field: "signingCertificates.cert-2029", before: null, after: { endDate: "2029-06-01T00:00:00Z", active: true, retired: false } },
      { area: "sso", subject: "entra.application", field: "signingCertificates.default.active", before: true, after: false },
    ]);
  });

  test("GIVEN another end date in the keyed form THEN it is a change of that certificate", () => {
    const later = keyed.replace('default: { endDate: "2028-11-01T00:00:00Z"', 'default: { endDate: "2028-12-01T00:00:00Z"');
    expect(diff(single, later).changed).toEqual([
      { area: "sso", subject: "entra.application", field: "signingCertificates.default.endDate", before: "2028-11-01T00:00:00Z", after: "2028-12-01T00:00:00Z" },
    ]);
  });
});
