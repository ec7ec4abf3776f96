/**
 * The AWS half planned by Terraform with the real AWS provider (the mirrored 5.x binary; the stacks pin 6.25.0, see
 * README "Verified against" for what differs), offline: `terraform validate` of the identity-center and assignment
 * stacks, then `terraform test` with `mock_provider "aws"` and `override_data` for the instance lookup, the identity
 * store, the OUs and the remote states (test/aws-test-harness.ts). Scenarios: a first deploy, a principal still
 * pending, a permission set not applied yet, a grant added (and one removed) against deployed state, and OU/root
 * targets with an excluded and a suspended account. The stacks are used as synthesized; only the aws version
 * constraint and the backend differ in the copies Terraform runs.
 *
 * Needs the AWS provider mirror (test/terraform.ts awsMirror): without it these tests fail, saying how to provide one.
 */
import { parseFederation } from "../src/model/load";
import { expand, principalKey } from "../src/model/expand";
import { CONTOSO_CONFIG, DEFAULT_CONFIG, NOW, ROOT, modelOf, synthAll, type SynthesizedStacks } from "./helpers";
import { fakeObjectId } from "./identity-center-harness";
import { adaptForMirror, dataAddress, type Override, plannedActions, plannedOutput, type RunResult, terraformTest } from "./aws-test-harness";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describeWithAwsMirror, withTerraform } from "./terraform";

const IC = "identity-center";
const SHARD = "identity-center-assignments-0";
const INSTANCE = "arn:aws:sso:::instance/ssoins-0123456789abcdef";

/** An identity-store id as IAM Identity Center writes them (the provider validates principal ids). */
const storeId = (name: string) => `90676e2a44-${fakeObjectId(`store:${name}`)}`;
const setArn = (name: string) => `arn:aws:sso:::permissionSet/ssoins-0123456789abcdef/ps-${fakeObjectId(name).replace(/-/g, "").slice(0, 16)}`;

/**
 * What entra-sso's state gives identity-center (its remote-state outputs, as the stack reads them): object ids and
 * display names by group or user, and plain values (client id, certificate).
 */
function entraOutputs(ic: Record<string, any>): Record<string, unknown> {
  const text = JSON.stringify(ic);
  const outputs: Record<string, any> = {};
  for (const m of text.matchAll(/cross-stack-reference-input-entra-sso\.outputs\.([\w-]+)(\[\\"([^"\\]+)\\"\])?/g)) {
    const [, name, , key] = m;
    if (key) (outputs[name] ??= {})[key] = { object_id: fakeObjectId(key), display_name: key };
    else outputs[name] ??= name.endsWith("client_id") ? "11112222-3333-4444-5555-666677778888" : "MIIC8DCCAdigAwIBAgIQ";
  }
  return outputs;
}

const group = (name: string, externalId: string | null = fakeObjectId(name)) => ({
  group_id: storeId(name),
  display_name: name,
  description: null,
  external_ids: externalId ? [{ id: externalId, issuer: null }] : [],
});
const user = (userName: string) => ({ user_id: storeId(userName), user_name: userName, external_ids: [{ id: fakeObjectId(userName), issuer: null }] });

/** The remote state an assignment stack reads: what identity-center outputs after its apply. */
const upstream = (sets: readonly string[], principals: readonly string[]) => ({
  outputs: {
    instance_arn: INSTANCE,
    permission_set_arns: Object.fromEntries(sets.map((s) => [s, setArn(s)])),
    principal_ids: Object.fromEntries(principals.map((p) => [p, storeId(p.replace(/^(group|user):/, ""))])),
  },
});

const creates = (plan: any) => Object.entries(plannedActions(plan)).filter(([, a]) => a === "create").map(([k]) => k);
const grantKeys = (plan: any, action?: string) =>
  Object.entries(plannedActions(plan))
    .filter(([address, a]) => address.startsWith("aws_ssoadmin_account_assignment.") && (!action || a === action))
    .map(([address]) => JSON.parse(address.slice(address.indexOf("[") + 1, -1)) as string)
    .sort();
const ok = (r: RunResult | undefined) => expect([r?.status, r?.diagnostics]).toEqual(["pass", []]);

describeWithAwsMirror("the AWS stacks with the real AWS provider", (mirror) => {
  const defaults = synthAll(modelOf(DEFAULT_CONFIG));
  const contoso = synthAll(modelOf(CONTOSO_CONFIG));
  /** The default file with one more account for the read-only group (a grant added) and with one fewer (removed). */
  const variant = (from: string, to: string): SynthesizedStacks => {
    const text = readFileSync(DEFAULT_CONFIG, "utf8");
    if (!text.includes(from)) throw new Error(`the default file no longer has ${from}`);
    return synthAll(modelOf(parseFederation(text.replace(from, to), join(ROOT, "config", "variant.yaml"), { now: NOW })));
  };
  const added = variant("permissionSet: ViewOnlyAccess, accounts: [prod, staging, sandbox]", "permissionSet: ViewOnlyAccess, accounts: [prod, staging, sandbox, management]");
  const removed = variant("permissionSet: ViewOnlyAccess, accounts: [prod, staging, sandbox]", "permissionSet: ViewOnlyAccess, accounts: [prod, staging]");

  test("GIVEN the identity-center and assignment stacks as synthesized (default file and contoso: S3 backend, lookups, OU targets) WHEN validated with the real provider THEN they are valid", () => {
    const modules = { default_ic: defaults[IC], default_shard: defaults[SHARD], contoso_ic: contoso[IC], contoso_shard: contoso[SHARD] };
    withTerraform(
      "aws-validate-",
      (tf) => {
        tf.write({ module: Object.fromEntries(Object.keys(modules).map((m) => [m, { source: `./${m}` }])) });
        for (const [name, json] of Object.entries(modules)) tf.write(adaptForMirror(json, mirror), `${name}/cdk.tf.json`);
        tf.init();
        const r = tf.ok("validate", "-json", "-no-color");
        expect(JSON.parse(r.stdout)).toMatchObject({ valid: true, error_count: 0 });
      },
      mirror.env,
    );
  });

  test("GIVEN a stack copy for the run THEN it differs from the synthesized JSON only in the aws version constraint and the backend", () => {
    const original = contoso[SHARD];
    const copy = adaptForMirror(original, mirror);
    expect(copy.terraform.required_providers.aws.version).toBe(mirror.version);
    expect(copy.terraform.backend).toBeUndefined();
    const { terraform: a, ...restOriginal } = original;
    const { terraform: b, ...restCopy } = copy;
    expect(restCopy).toEqual(restOriginal);
    expect({ ...b, required_providers: undefined }).toEqual({ ...a, backend: undefined, required_providers: undefined });
  });

  describe("default file", () => {
    const ic = defaults[IC];
    const shard = defaults[SHARD];
    const groupsData = dataAddress(ic, "aws_identitystore_groups");
    const entra: Override = { target: dataAddress(ic, "terraform_remote_state"), values: { outputs: entraOutputs(ic) } };
    const shardUpstream = dataAddress(shard, "terraform_remote_state");
    const sets = ["AdministratorAccess", "ViewOnlyAccess"];
    const both = ["group:aws-sso-admins", "group:aws-sso-read-only"];
    const allGrants = expand(modelOf(DEFAULT_CONFIG)).grants.map((g) => g.key).sort();
    let results: Record<string, RunResult>;

    beforeAll(() => {
      results = terraformTest(
        mirror,
        {
          ic: adaptForMirror(ic, mirror),
          shard: adaptForMirror(shard, mirror),
          "shard-added": adaptForMirror(added[SHARD], mirror),
          "shard-removed": adaptForMirror(removed[SHARD], mirror),
        },
        [
          {
            name: "ic_first_deploy",
            module: "ic",
            command: "plan",
            overrides: [entra, { target: groupsData, values: { groups: [group("aws-sso-admins"), group("aws-sso-read-only"), group("someone-elses-group")] } }],
            asserts: [
              { condition: "length(output.pending_principals) == 0", message: "no principal is pending when both groups are provisioned" },
              { condition: `jsonencode(output.principal_matches) == ${JSON.stringify(JSON.stringify({ "group:aws-sso-admins": "external-id", "group:aws-sso-read-only": "external-id" }))}`, message: "both found by external id" },
            ],
          },
          { name: "shard_first_deploy", module: "shard", command: "plan", overrides: [{ target: shardUpstream, values: upstream(sets, both) }], asserts: [{ condition: "output.grant_count == 7 && output.pending_grant_count == 0", message: "all seven grants assigned" }] },
          {
            name: "ic_pending",
            module: "ic",
            command: "plan",
            overrides: [entra, { target: groupsData, values: { groups: [group("aws-sso-read-only")] } }],
            asserts: [{ condition: 'jsonencode(output.pending_principals) == jsonencode(["group:aws-sso-admins"])', message: "the admins group waits for provisioning" }],
          },
          { name: "shard_pending", module: "shard", command: "plan", overrides: [{ target: shardUpstream, values: upstream(sets, ["group:aws-sso-read-only"]) }], asserts: [{ condition: "output.grant_count == 3 && output.pending_grant_count == 4", message: "the admins' four grants wait" }] },
          { name: "shard_set_not_applied", module: "shard", command: "plan", overrides: [{ target: shardUpstream, values: upstream(["ViewOnlyAccess"], both) }], asserts: [{ condition: "output.grant_count == 4 && output.pending_grant_count == 3", message: "AdministratorAccess grants wait for the set" }] },
          { name: "shard_deployed", module: "shard", command: "apply", stateKey: "shard", overrides: [{ target: shardUpstream, values: upstream(sets, both) }] },
          { name: "shard_grant_added", module: "shard-added", command: "plan", stateKey: "shard", overrides: [{ target: shardUpstream, values: upstream(sets, both) }], asserts: [{ condition: "output.grant_count == 8", message: "eight grants" }] },
          { name: "shard_grant_removed", module: "shard-removed", command: "plan", stateKey: "shard", overrides: [{ target: shardUpstream, values: upstream(sets, both) }] },
        ],
      );
    }, 240_000);

    test("GIVEN a first deploy WHEN identity-center is planned THEN both permission sets with their policies, ABAC and the destroy guards are created, and both groups are found by external id", () => {
      ok(results.ic_first_deploy);
      const plan = results.ic_first_deploy.plan;
      expect(creates(plan).filter((a) => a.startsWith("aws_ssoadmin_permission_set.")).sort()).toEqual(sets.map((s) => `aws_ssoadmin_permission_set.permission-sets_permission-set_210F94CC["${s}"]`));
      expect(creates(plan).map((a) => a.split("[")[0].split(".")[0]).sort()).toEqual([
        "aws_ssoadmin_instance_access_control_attributes",
        "aws_ssoadmin_managed_policy_attachment",
        "aws_ssoadmin_managed_policy_attachment",
        "aws_ssoadmin_permission_set",
        "aws_ssoadmin_permission_set",
        "aws_ssoadmin_permission_set_inline_policy",
        "terraform_data",
        "terraform_data",
      ]);
      expect(plannedOutput(plan, "principal_ids")).toEqual(upstream(sets, both).outputs.principal_ids);
      expect(plannedOutput(plan, "pending_principals")).toEqual([]);
      expect(plannedOutput(plan, "instance_arn")).toBe(INSTANCE);
    });

    test("GIVEN a first deploy WHEN the assignment stack is planned with identity-center's outputs THEN every grant is one instance keyed by name, with the ids and ARNs Terraform will send", () => {
      ok(results.shard_first_deploy);
      const plan = results.shard_first_deploy.plan;
      expect(grantKeys(plan, "create")).toEqual(allGrants);
      const admin = plan.resource_changes.find((rc: any) => rc.index === "group:aws-sso-admins/AdministratorAccess/222222222222");
      expect(admin.change.after).toMatchObject({
        instance_arn: INSTANCE,
        permission_set_arn: setArn("AdministratorAccess"),
        principal_id: storeId("aws-sso-admins"),
        principal_type: "GROUP",
        target_id: "222222222222",
        target_type: "AWS_ACCOUNT",
      });
      expect([plannedOutput(plan, "grant_count"), plannedOutput(plan, "pending_grant_count")]).toEqual([7, 0]);
    });

    test("GIVEN a group SCIM has not provisioned yet WHEN planned THEN it is pending in identity-center and its grants wait, without a failed plan", () => {
      ok(results.ic_pending);
      ok(results.shard_pending);
      expect(plannedOutput(results.ic_pending.plan, "pending_principals")).toEqual(["group:aws-sso-admins"]);
      expect(grantKeys(results.shard_pending.plan, "create")).toEqual(allGrants.filter((k) => k.startsWith("group:aws-sso-read-only/")));
    });

    test("GIVEN a permission set identity-center has not applied yet WHEN the assignment stack is planned THEN only the other set's grants are planned, the rest counted as pending", () => {
      ok(results.shard_set_not_applied);
      expect(grantKeys(results.shard_set_not_applied.plan, "create")).toEqual(allGrants.filter((k) => k.includes("/ViewOnlyAccess/")));
    });

    test("GIVEN the assignments deployed WHEN a grant is added to the file THEN the plan creates exactly that grant and leaves the others", () => {
      ok(results.shard_deployed);
      ok(results.shard_grant_added);
      const actions = plannedActions(results.shard_grant_added.plan);
      expect(Object.entries(actions).filter(([, a]) => a !== "no-op")).toEqual([['aws_ssoadmin_account_assignment.assignments["group:aws-sso-read-only/ViewOnlyAccess/111111111111"]', "create"]]);
      expect(grantKeys(results.shard_grant_added.plan, "no-op")).toEqual(allGrants);
    });

    test("GIVEN the assignments deployed WHEN a grant is removed from the file THEN the plan deletes exactly that grant", () => {
      ok(results.shard_grant_removed);
      const actions = plannedActions(results.shard_grant_removed.plan);
      expect(Object.entries(actions).filter(([, a]) => a !== "no-op")).toEqual([['aws_ssoadmin_account_assignment.assignments["group:aws-sso-read-only/ViewOnlyAccess/444444444444"]', "delete"]]);
    });
  });

  describe("contoso: instance looked up, users, an existing group, OU and root targets", () => {
    const model = modelOf(CONTOSO_CONFIG);
    const ic = contoso[IC];
    const shard = contoso[SHARD];
    const instances = dataAddress(ic, "aws_ssoadmin_instances");
    const entra: Override = { target: dataAddress(ic, "terraform_remote_state"), values: { outputs: entraOutputs(ic) } };
    const identity: Override[] = [
      { target: dataAddress(ic, "aws_identitystore_groups"), values: { groups: [group("platform-engineers"), group("cloud-admins"), group("security-auditors", "3f2a0000-0000-0000-0000-000000000001")] } },
      { target: dataAddress(ic, "aws_identitystore_users"), values: { users: [user("breakglass@contoso.example")] } },
    ];
    const ou = dataAddress(shard, "aws_organizations_organizational_unit_descendant_accounts");
    // aws 5.x accounts: arn, email, id, name, status (no state attribute: the 6.x schema adds it).
    const account = (id: string, status = "ACTIVE") => ({ id, arn: `arn:aws:organizations::900000000001:account/o-zx90example/${id}`, email: `aws+${id}@contoso.example`, name: `account-${id}`, status });
    const principals = expand(model).principals.map(principalKey);
    let results: Record<string, RunResult>;

    beforeAll(() => {
      results = terraformTest(mirror, { ic: adaptForMirror(ic, mirror), shard: adaptForMirror(shard, mirror) }, [
        {
          name: "ic_lookup",
          module: "ic",
          command: "plan",
          overrides: [entra, ...identity, { target: instances, values: { arns: ["arn:aws:sso:::instance/ssoins-7223c1f1ab2c3d4e"], identity_store_ids: ["d-99887766aa"] } }],
          asserts: [{ condition: "length(output.pending_principals) == 0", message: "every principal provisioned" }],
        },
        { name: "ic_no_instance", module: "ic", command: "plan", overrides: [entra, ...identity, { target: instances, values: { arns: [], identity_store_ids: [] } }], expectFailures: [instances] },
        {
          name: "shard_ou_targets",
          module: "shard",
          command: "plan",
          overrides: [
            { target: dataAddress(shard, "terraform_remote_state"), values: { outputs: { ...upstream(["PlatformPowerUser", "Auditor", "BreakGlass"], principals).outputs, instance_arn: "arn:aws:sso:::instance/ssoins-7223c1f1ab2c3d4e" } } },
            { target: `${ou}["ou-zx90-workload1"]`, values: { accounts: [account("900000000001"), account("900000000002"), account("900000000004"), account("900000000005", "SUSPENDED")] } },
            { target: `${ou}["r-zx90"]`, values: { accounts: ["900000000001", "900000000002", "900000000003", "900000000004"].map((id) => account(id)).concat([account("900000000005", "SUSPENDED")]) } },
          ],
        },
      ]);
    }, 240_000);

    test("GIVEN no instanceArn in the file WHEN planned THEN the looked-up instance is used, and every principal (groups, the existing group by its object id, the user) is found", () => {
      ok(results.ic_lookup);
      const plan = results.ic_lookup.plan;
      expect(plannedOutput(plan, "instance_arn")).toBe("arn:aws:sso:::instance/ssoins-7223c1f1ab2c3d4e");
      expect(plannedOutput(plan, "identity_store_id")).toBe("d-99887766aa");
      expect(Object.keys(plannedOutput(plan, "principal_ids") as object).sort()).toEqual([...principals].sort());
      const set = plan.resource_changes.find((rc: any) => rc.index === "BreakGlass" && rc.type === "aws_ssoadmin_permission_set");
      expect(set.change.after).toMatchObject({ instance_arn: "arn:aws:sso:::instance/ssoins-7223c1f1ab2c3d4e", session_duration: "PT1H" });
    });

    test("GIVEN a region without an IAM Identity Center instance WHEN planned THEN the lookup's postcondition stops the plan", () => {
      ok(results.ic_no_instance);
    });

    test("GIVEN OU and root targets WHEN planned THEN every ACTIVE account below them is granted, the excluded and the suspended ones are not, and a grant reached twice is one instance", () => {
      ok(results.shard_ou_targets);
      expect(grantKeys(results.shard_ou_targets.plan, "create")).toEqual([
        "group:cloud-admins/BreakGlass/900000000002",
        "group:cloud-admins/BreakGlass/900000000009",
        "group:platform-engineers/PlatformPowerUser/900000000002",
        "group:platform-engineers/PlatformPowerUser/900000000003",
        "group:platform-engineers/PlatformPowerUser/900000000004",
        "group:security-auditors/Auditor/900000000001",
        "group:security-auditors/Auditor/900000000002",
        "group:security-auditors/Auditor/900000000003",
        "group:security-auditors/Auditor/900000000004",
        "user:breakglass@contoso.example/BreakGlass/900000000001",
      ]);
      const userGrant = results.shard_ou_targets.plan.resource_changes.find((rc: any) => rc.index === "user:breakglass@contoso.example/BreakGlass/900000000001");
      expect(userGrant.change.after).toMatchObject({ principal_type: "USER", principal_id: storeId("breakglass@contoso.example"), instance_arn: "arn:aws:sso:::instance/ssoins-7223c1f1ab2c3d4e" });
    });
  });
});
