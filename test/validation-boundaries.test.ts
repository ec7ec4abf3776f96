/**
 * Validation and plan-time checks exactly at their limits, one past them, and in case and character variants: the
 * SCIM token's expiry as Terraform evaluates it (dates relative to Terraform's own `plantimestamp()`, which no test
 * clock and no faketime changes), the tag limit, the certificate warning, existing groups' object ids, a principal both
 * standing and eligible, and lookalike characters in approvers.
 */
import fc from "fast-check";
import { expand } from "../src/model/expand";
import type { LoadResult } from "../src/model/load";
import { DEFAULT_CONFIG, NOW, address, modelOf, only, synthAll } from "./helpers";
import { loadDefaultWith, SCIM_STACK } from "./scim-helpers";
import { withTerraform } from "./terraform";

const DAY = 24 * 60 * 60 * 1000;
const errors = (r: LoadResult) => r.diagnostics.filter((d) => d.severity === "error").map((d) => `${d.path} [${d.id}]`);
const warnings = (r: LoadResult) => r.diagnostics.filter((d) => d.severity === "warning").map((d) => `${d.path} [${d.id}]`);

describe("SCIM token expiry at plan time, evaluated by Terraform against its own clock", () => {
  const scim = synthAll(modelOf(DEFAULT_CONFIG))[SCIM_STACK];
  // The version is read only once the secret has one (count 0 or 1): `…current[0].secret_string`.
  const indexed = only(scim, "aws_secretsmanager_secret_version", "data").count !== undefined ? "[0]" : "";
  const secretRef = `${address(scim, "aws_secretsmanager_secret_version", "data")}${indexed}.secret_string`;
  const checks: Array<{ condition: string; error_message: string }> = only(scim, "azuread_synchronization_secret").lifecycle.precondition;
  /** expiresAt relative to the plan's own timestamp, so the cases hold on any day and under faketime. */
  const cases: Record<string, string> = {
    yesterday: 'formatdate("YYYY-MM-DD", timeadd(plantimestamp(), "-24h"))',
    today: 'formatdate("YYYY-MM-DD", plantimestamp())',
    tomorrow: 'formatdate("YYYY-MM-DD", timeadd(plantimestamp(), "24h"))',
    in_a_year: 'formatdate("YYYY-MM-DD", timeadd(plantimestamp(), "8760h"))',
  };
  let found: Record<string, string[]>;

  beforeAll(() => {
    const locals = Object.fromEntries(
      Object.entries(cases).map(([name, date]) => [
        name,
        `\${jsonencode({ endpoint = "https://scim.us-east-1.amazonaws.com/AbC123de-4567/scim/v2", token = "t0k3n", expiresAt = ${date} })}`,
      ]),
    );
    const resource = Object.fromEntries(
      Object.keys(cases).map((name) => [
        name,
        { input: name, lifecycle: { precondition: checks.map((c) => ({ condition: c.condition.split(secretRef).join(`local.${name}`), error_message: c.error_message })) } },
      ]),
    );
    expect(checks.every((c) => c.condition.includes(secretRef) || !c.condition.includes("secret_string"))).toBe(true);
    const plan = withTerraform("scim-expiry-", (tf) => tf.write({ locals, resource: { terraform_data: resource } }).plan("-json"));
    found = Object.fromEntries(Object.keys(cases).map((n) => [n, [] as string[]]));
    for (const line of plan.stdout.split("\n").filter((l) => l.startsWith("{"))) {
      const m = JSON.parse(line);
      if (m.type !== "diagnostic" || m.diagnostic.severity !== "error") continue;
      const name = /terraform_data\.(\w+)/.exec(`${m.diagnostic.address ?? ""} ${m.diagnostic.snippet?.context ?? ""}`)?.[1] ?? "?";
      (found[name] ??= []).push(m.diagnostic.detail);
    }
  });

  test("GIVEN a token that expires tomorrow (or in a year) THEN the plan passes", () => {
    expect(found.tomorrow).toEqual([]);
    expect(found.in_a_year).toEqual([]);
  });

  test("GIVEN a token whose expiresAt is today THEN the plan stops with the one expiry message", () => {
    expect(found.today).toHaveLength(1);
    expect(found.today[0]).toContain('the SCIM access token has expired ("expiresAt" is today or earlier)');
  });

  test("GIVEN a token that expired yesterday THEN the plan stops with the one expiry message", () => {
    expect(found.yesterday).toHaveLength(1);
    expect(found.yesterday[0]).toContain("has expired");
    expect(Object.keys(found).sort()).toEqual(Object.keys(cases).sort());
  });
});

describe("tags on a permission set", () => {
  const withTags = (n: number) =>
    loadDefaultWith((doc) => doc.setIn(["permissionSets", "ViewOnlyAccess", "tags"], Object.fromEntries(Array.from({ length: n }, (_, i) => [`tag-${i}`, `v${i}`]))));

  test("GIVEN exactly 75 tags THEN the file is valid", () => {
    expect(errors(withTags(75))).toEqual([]);
  });

  test("GIVEN 76 tags THEN one error at the tags", () => {
    expect(errors(withTags(76))).toEqual(["permissionSets.ViewOnlyAccess.tags [federation/tag-limit]"]);
  });
});

describe("signing-certificate warning", () => {
  const endingIn = (ms: number) => loadDefaultWith((doc) => doc.setIn(["entra", "application", "signingCertificate", "endDate"], new Date(NOW.getTime() + ms).toISOString()));
  const soon = "entra.application.signingCertificate.endDate [federation/certificate-expires-soon]";

  test.each([
    ["45 days", 45 * DAY, true],
    ["exactly 60 days", 60 * DAY, true],
    ["60 days and 23 hours", 60 * DAY + 23 * 60 * 60 * 1000, true],
    ["61 days", 61 * DAY, false],
    ["a year", 365 * DAY, false],
  ])("GIVEN a certificate ending in %s (%d ms) THEN it warns: %s", (_name, ms, warns) => {
    const r = endingIn(ms as number);
    expect(errors(r)).toEqual([]);
    expect(warnings(r).includes(soon)).toBe(warns);
  });
});

describe("an existing group's object id", () => {
  const withExisting = (objectId: string) =>
    loadDefaultWith((doc) => {
      doc.setIn(["groups", "existing-sec-team"], { objectId });
      doc.addIn(["assignments"], { group: "existing-sec-team", permissionSet: "ViewOnlyAccess", accounts: ["prod"] });
    });

  test("GIVEN it in upper case THEN it is read in lower case, so the model, the stacks and the grants equal those of the lower-case file", () => {
    const upper = modelOf(withExisting("3F2A0000-ABCD-4EF0-9A00-0000000000AB"));
    const lower = modelOf(withExisting("3f2a0000-abcd-4ef0-9a00-0000000000ab"));
    expect(upper.spec.groups["existing-sec-team"].objectId).toBe("3f2a0000-abcd-4ef0-9a00-0000000000ab");
    expect(upper.spec).toEqual(lower.spec);
    expect(expand(upper)).toEqual(expand(lower));
    const stacks = JSON.stringify(synthAll(upper));
    expect(stacks).toContain("3f2a0000-abcd-4ef0-9a00-0000000000ab");
    expect(stacks).not.toContain("3F2A0000-ABCD");
  });

  test("GIVEN mixed case THEN it is lower-cased too", () => {
    expect(modelOf(withExisting("3f2A0000-aBcD-4Ef0-9a00-0000000000Ab")).spec.groups["existing-sec-team"].objectId).toBe("3f2a0000-abcd-4ef0-9a00-0000000000ab");
  });
});

describe("a principal both standing and eligible in one group", () => {
  const admins = (members: string[], eligible: string) =>
    loadDefaultWith((doc) => {
      doc.setIn(["groups", "aws-sso-admins", "members"], members);
      doc.setIn(["groups", "aws-sso-admins", "eligibleMembers", 0, "principal"], eligible);
    });
  const both = "groups.aws-sso-admins.eligibleMembers[0].principal [federation/member-and-eligible]";

  test.each([
    ["Bob@… standing, bob@… eligible", ["Bob@example.com"], "bob@example.com"],
    ["bob@… standing, BOB@… eligible", ["bob@example.com"], "BOB@EXAMPLE.COM"],
    ["the same spelling", ["bob@example.com"], "bob@example.com"],
  ])("GIVEN %s THEN refused at the eligible entry", (_name, members, eligible) => {
    expect(errors(admins(members as string[], eligible as string))).toEqual([both]);
  });

  test("GIVEN someone else standing THEN valid", () => {
    expect(errors(admins(["dave@example.com"], "Bob@example.com"))).toEqual([]);
  });
});

describe("lookalike characters in an approver", () => {
  // Letters that look like Latin ones (Cyrillic, Greek, fullwidth, dotless i, Latin small capital), and invisible ones.
  const LOOKALIKES = ["а", "е", "о", "р", "с", "х", "ο", "ν", "ｃ", "ı", "ᴄ", "\u200b", "\u00ad"];
  const approver = (upn: string) => loadDefaultWith((doc) => doc.setIn(["groups", "aws-sso-admins", "activation", "approvers"], [upn]));
  const refused = "groups.aws-sso-admins.activation.approvers[0] [federation/upn-characters]";

  test("GIVEN the plain approver THEN valid", () => {
    expect(errors(approver("carol@example.com"))).toEqual([]);
  });

  test("GIVEN any lookalike or invisible character anywhere in the name before the @ THEN refused with one error at the approver", () => {
    fc.assert(
      fc.property(fc.constantFrom(...LOOKALIKES), fc.integer({ min: 0, max: 5 }), fc.boolean(), (c, at, replace) => {
        const local = "carol";
        const name = replace ? local.slice(0, at) + c + local.slice(at + 1) : local.slice(0, at) + c + local.slice(at);
        expect(errors(approver(`${name}@example.com`))).toEqual([refused]);
      }),
      { numRuns: 60 },
    );
  });
});
