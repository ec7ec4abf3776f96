/**
 * Where the SCIM token is read (Entra's synchronization credentials, from the secret's current version) and what
 * `npm start` tells a reader about provisioning. That the token never leaks (files, logs, outputs, snapshots) is
 * test/secrets-canary.test.ts; what Terraform itself prints and stores, test/scim-terraform.test.ts.
 */
import type { LoadResult } from "../src/model/load";
import type { FederationModel } from "../src/model/model";
import { provisioningSummary } from "../src/entra/provisioning-summary";
import { CONTOSO_CONFIG, DEFAULT_CONFIG, modelOf, synthAll } from "./helpers";
import { defaultConfigWith, loadDefaultWith, SCIM_STACK } from "./scim-helpers";

describe("the SCIM token is read from the secret, never written into the configuration", () => {
  const stacks = synthAll(modelOf(DEFAULT_CONFIG));

  test("the synchronization credentials that carry the endpoint and token are references to the secret's current version", () => {
    const [syncSecret] = Object.values<any>(stacks[SCIM_STACK].resource.azuread_synchronization_secret);
    const refs = syncSecret.credential.filter((c: { key: string }) => ["BaseAddress", "SecretToken"].includes(c.key));
    expect(refs).toHaveLength(2);
    for (const c of refs) expect(c.value).toMatch(/^\$\{try\(jsondecode\(data\.aws_secretsmanager_secret_version\.[\w-]+\[0\]\.secret_string\)\.(endpoint|token), null\)\}$/);
  });
});

describe("npm start: the provisioning section of the summary", () => {
  const summaryOf = (model: FederationModel) =>
    provisioningSummary(
      model,
      Object.entries(synthAll(model)).map(([name, json]) => ({ name, json })),
    ).join("\n");

  test("GIVEN the default file THEN it names the secret, the scope, the groups pushed on demand and the mapping fix", () => {
    const text = summaryOf(modelOf(DEFAULT_CONFIG));
    expect(text).toContain("SCIM provisioning (stack scim-provisioning");
    expect(text).toMatch(/secret +identity-federation\/scim \(created empty, AWS managed key, protected from destroy\)/);
    expect(text).toMatch(/scope +assigned users and groups only \(SyncAll=false\)/);
    expect(text).toMatch(/provision on demand +aws-sso-admins, aws-sso-read-only/);
    expect(text).toMatch(/attribute mapping fix +on \(externalId ← objectId/);
    expect(text).toMatch(/deletion guard +stop a cycle that deletes more than 50 objects/);
  });

  test("GIVEN contoso THEN the KMS key, scope all and its three groups are shown", () => {
    const text = summaryOf(modelOf(CONTOSO_CONFIG));
    expect(text).toMatch(/secret +contoso\/identity-center\/scim \(created empty, KMS key alias\/contoso-secrets/);
    expect(text).toMatch(/scope +all users and groups \(SyncAll=true\)/);
    expect(text).toMatch(/provision on demand +cloud-admins, platform-engineers, security-auditors/);
  });

  test("GIVEN provision on demand and the mapping fix turned off THEN both read off", () => {
    const text = summaryOf(
      defaultConfigWith((doc) => {
        doc.setIn(["entra", "provisioning", "provisionOnDemand"], false);
        doc.setIn(["entra", "provisioning", "externalIdFromObjectId"], false);
      }),
    );
    expect(text).toMatch(/provision on demand +off/);
    expect(text).toMatch(/attribute mapping fix +off/);
  });

  test("GIVEN provisioning off THEN the summary says SSO only and that the stack keeps only the secret container", () => {
    const text = summaryOf(defaultConfigWith((doc) => doc.setIn(["entra", "provisioning", "enabled"], false)));
    expect(text).toContain("SCIM provisioning: off (SSO only).");
    expect(text).toContain("stack scim-provisioning keeps only this container");
    expect(text).not.toContain("provision on demand");
  });
});

describe("provision-on-demand-size warning and the synthesized push", () => {
  const sixMembers = ["a@example.com", "b@example.com", "c@example.com", "d@example.com", "e@example.com", "f@example.com"];
  const withBigGroup = (enabled: boolean) => (doc: Parameters<Parameters<typeof loadDefaultWith>[0]>[0]) => {
    doc.setIn(["groups", "aws-sso-read-only", "members"], sixMembers);
    doc.setIn(["entra", "provisioning", "enabled"], enabled);
  };
  const partial = (r: LoadResult) => r.diagnostics.filter((d) => d.id === "federation/provision-on-demand-partial");

  test("GIVEN a group with 6 members THEN the file is valid with one warning at its members", () => {
    const result = loadDefaultWith(withBigGroup(true));
    expect(result.model).toBeDefined();
    expect(partial(result)).toEqual([expect.objectContaining({ severity: "warning", path: "groups.aws-sso-read-only.members", line: expect.any(Number) })]);
    expect(partial(result)[0].message).toContain("6 members");
  });

  test("GIVEN a group with 6 members THEN the group is still pushed on demand (its members follow with the cycles)", () => {
    const json = synthAll(defaultConfigWith(withBigGroup(true)))[SCIM_STACK];
    const [pod] = Object.values<any>(json.resource.azuread_synchronization_job_provision_on_demand);
    const local = /in local\.([\w-]+) :/.exec(pod.for_each)?.[1] as string;
    expect(Object.keys(json.locals[local])).toContain("aws-sso-read-only");
    expect(partial(loadDefaultWith(withBigGroup(true)))[0].message).toContain("pushes the group only");
  });

  test("GIVEN the default file (1 member) or the big group with provisioning off THEN there is no warning", () => {
    expect(partial(loadDefaultWith(() => undefined))).toEqual([]);
    const off = loadDefaultWith(withBigGroup(false));
    expect(off.model).toBeDefined();
    expect(partial(off)).toEqual([]);
  });
});
