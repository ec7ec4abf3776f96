/**
 * Every user-facing message lives in src/model/messages.ts as a factory with a stable id (style guide): the loader's
 * (`federation/…`), and those of `federation adopt` (`adopt/…`) and `federation drift` (`drift/…`).
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { ADOPT_ELIGIBILITY_ENDED, messages } from "../src/model/messages";
import { ROOT } from "./helpers";

/** Every .ts file below `dir`. */
function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith(".ts") ? [join(dir, e.name)] : []));
}

test("GIVEN adopt, drift and the commands WHEN their sources are read THEN no message id is spelled there: each comes from messages.ts", () => {
  const ID = /["'`](?:federation|adopt|drift)\/[a-z0-9-]+["'`]/g;
  const found = [...sources(join(ROOT, "src", "adopt")), ...sources(join(ROOT, "src", "commands"))].flatMap((file) =>
    [...readFileSync(file, "utf8").matchAll(ID)].map((m) => `${relative(ROOT, file)}: ${m[0]}`),
  );
  expect(found).toEqual([]);
});

test("GIVEN the adopt and drift factories THEN their ids are the ones tools and the README know", () => {
  const m = messages;
  const ids = [
    m.adoptUnknownPermissionSet("1", "arn"),
    m.adoptUnknownUser("1", "S", "u"),
    m.adoptGroupNotInEntra("g", "id", 1),
    m.adoptDefaultAccessRole("g"),
    m.adoptSeveralAppRoles("g", 2, "User"),
    m.adoptPimNotAdopted("g", "G"),
    m.adoptGroupNotSecurity("g"),
    m.adoptManagedGroupName("g"),
    m.adoptGroupDetailsMissing("g", "id"),
    m.adoptEligibilityEnded("p", "g", "2026-01-01"),
    m.adoptPimOwnerEligibility("g"),
    m.adoptInlinePolicyJson("S"),
    m.adoptApplicationTemplate("a", null, "t1", "t2"),
    m.adoptAcsUrl(),
    m.adoptIssuerUrl(),
    m.adoptRegion(),
    m.adoptAccessPortalUrl("https://x"),
    m.adoptNoSigningCertificate(),
    m.adoptNoProvisioning(),
    m.adoptProvisioningPaused("job", "Paused"),
    m.adoptProvisioningSettings(),
    m.adoptMappingNotFixed(undefined, []),
    m.adoptAbacSources("k", 2),
    m.driftEligibilityMissing("p", "g", "removed early", "rm", "deploy"),
    m.driftEligibilityEnded("note"),
    m.driftAttributeMappingReverted(undefined, undefined, []),
    m.driftGroupOnlyInIdentityCenter("g"),
  ].map((x) => `${x.id} ${x.severity}`);
  expect(ids).toEqual([
    "adopt/unknown-permission-set error",
    "adopt/unknown-user error",
    "adopt/group-not-in-entra error",
    "adopt/default-access-role error",
    "adopt/several-app-roles warning",
    "adopt/pim-not-adopted warning",
    "adopt/group-not-security error",
    "adopt/managed-group-name error",
    "adopt/group-details-missing error",
    `${ADOPT_ELIGIBILITY_ENDED} warning`,
    "adopt/pim-owner-eligibility warning",
    "adopt/inline-policy-json error",
    "adopt/application-template error",
    "adopt/acs-url error",
    "adopt/issuer-url error",
    "adopt/region error",
    "adopt/access-portal-url warning",
    "adopt/no-signing-certificate warning",
    "adopt/no-provisioning warning",
    "adopt/provisioning-paused warning",
    "adopt/provisioning-settings warning",
    "adopt/mapping-not-fixed warning",
    "adopt/abac-sources warning",
    "drift/eligibility-missing warning",
    "drift/eligibility-ended warning",
    "drift/attribute-mapping-reverted warning",
    "drift/group-only-in-identity-center warning",
  ]);
  expect(ADOPT_ELIGIBILITY_ENDED).toBe("adopt/eligibility-ended");
});

test("GIVEN drift's eligibility warning THEN it says why the eligibility is gone in each case, and how to renew it", () => {
  expect(messages.driftEligibilityMissing("bob@example.com", "admins", { ended: "2026-01-01T00:00:00Z" }, "RM", "DEPLOY").message).toBe(
    "bob@example.com is no longer eligible for admins in Entra (the eligibility ended 2026-01-01T00:00:00Z); the next deploy of entra-sso does not create it again: " +
      "the provider keeps the eligibility in its state (README: Groups, app role assignments and PIM). To renew it, remove it from the state, then deploy: RM then DEPLOY; or remove it from the file",
  );
  expect(messages.driftEligibilityMissing("bob@example.com", "admins", "removed early", "RM", "DEPLOY").message).toContain("(removed before its end date)");
  expect(messages.driftEligibilityMissing("bob@example.com", "admins", { duration: "P180D" }, "RM", "DEPLOY").message).toContain("(an eligibility for P180D counts from deployment, so it expired, or it was removed)");
});
