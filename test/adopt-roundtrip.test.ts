/**
 * Round trip, at synthesis level: export → adopt → synth. The adopted file validates with our own loader; the
 * grants it expands to are exactly the assignments exported (key for key); every resource instance of every
 * synthesized stack that stands for an existing object has an import block with the provider's id format, and the
 * only instances without one are the objects that do not exist yet and the kinds nothing can import. Small (the
 * tutorial's setup, paged at 2 items) and enterprise size (≥ 20,000 assignments over 2,000 accounts).
 */
import { tmpdir } from "node:os";
import { join } from "node:path";
import { adopt, type Adopted, synthesize } from "../src/adopt/adopt";
import type { Snapshot } from "../src/adopt/snapshot";
import { expansionOf } from "../src/model/shard-count";
import { NON_GALLERY_TEMPLATE_ID } from "../src/model/schema";
import type { StackJson } from "../src/synth-output";
import { enterpriseScenario, ids, type Scenario, scenarioGrantKeys, smallScenario, viaExport } from "./adopt-scenario";
import { instanceAddresses, NOW } from "./helpers";


function adopted(snapshot: Snapshot, manageGroups?: true): Adopted {
  const out = adopt(snapshot, { file: join(tmpdir(), "adopted", "federation.yaml"), sourceLabel: "test export", now: NOW, manageGroups });
  if (!out.ok) throw new Error(out.problems.join("\n"));
  return out.adopted;
}

/** The provider's import id for an address, computed from the scenario alone (not from the code under test). */
function expectedImportId(s: Scenario, stack: string, address: string): string | undefined {
  const key = /\["(.*)"\]$/.exec(address)?.[1]?.replace(/\\"/g, '"');
  const type = address.slice(0, address.indexOf("."));
  const ps = (name: string) => `${ids.set(s, name)},${s.instanceArn}`;
  switch (type) {
    case "aws_ssoadmin_account_assignment": {
      const [principal, set, account] = [key?.slice(0, key.lastIndexOf("/", key.lastIndexOf("/") - 1)), ...(key?.split("/").slice(-2) ?? [])];
      const pid = principal?.startsWith("group:") ? ids.icGroup(s, principal.slice(6)) : ids.icUser(s, principal?.slice(5) ?? "");
      return `${pid},${principal?.startsWith("group:") ? "GROUP" : "USER"},${account},AWS_ACCOUNT,${ids.set(s, set)},${s.instanceArn}`;
    }
    case "aws_ssoadmin_permission_set":
    case "aws_ssoadmin_permission_set_inline_policy":
    case "aws_ssoadmin_permissions_boundary_attachment":
      return ps(key ?? "");
    case "aws_ssoadmin_managed_policy_attachment": {
      const set = (key ?? "").slice(0, (key ?? "").indexOf("/"));
      return `${(key ?? "").slice(set.length + 1)},${ps(set)}`;
    }
    case "aws_ssoadmin_customer_managed_policy_attachment": {
      const set = (key ?? "").slice(0, (key ?? "").indexOf("/"));
      const ref = (key ?? "").slice(set.length + 1);
      const name = ref.slice(ref.lastIndexOf("/") + 1);
      return `${name},${ref.slice(0, ref.length - name.length)},${ps(set)}`;
    }
    case "aws_ssoadmin_instance_access_control_attributes":
      return s.instanceArn;
    case "azuread_application":
      return `/applications/${ids.app(s)}`;
    case "azuread_service_principal":
      return `/servicePrincipals/${ids.sp(s)}`;
    case "azuread_application_identifier_uri":
      return `/applications/${ids.app(s)}/identifierUris/${Buffer.from(ids.issuer(s)).toString("base64")}`;
    case "azuread_service_principal_token_signing_certificate":
      return `${ids.sp(s)}/tokenSigningCertificate/${ids.certVerifyKey(s)}`;
    case "azuread_app_role_assignment": {
      const oid = key?.startsWith("group:") ? ids.group(s, key.slice(6)) : ids.user(s, key?.slice(5) ?? "");
      return `/servicePrincipals/${ids.sp(s)}/appRoleAssignedTo/${ids.assignment(s, oid)}`;
    }
    case "azuread_group_without_members":
      return `/groups/${ids.group(s, key ?? "")}`;
    case "azuread_group_member": {
      const [group, member] = [(key ?? "").slice(0, (key ?? "").lastIndexOf("/")), (key ?? "").slice((key ?? "").lastIndexOf("/") + 1)];
      return `${ids.group(s, group)}/member/${ids.user(s, member)}`;
    }
    case "azuread_group_role_management_policy":
      return ids.policy(s, key ?? "");
    case "azuread_privileged_access_group_eligibility_schedule": {
      const [group, member] = [(key ?? "").slice(0, (key ?? "").lastIndexOf("/")), (key ?? "").slice((key ?? "").lastIndexOf("/") + 1)];
      return ids.schedule(s, group, member);
    }
    case "azuread_synchronization_job":
      return `/servicePrincipals/${ids.sp(s)}/synchronization/jobs/${ids.job(s)}`;
  }
  void stack;
  return undefined;
}

/** Instance addresses of every resource (not data source) of a stack, assignments by their shard's grant keys. */
function resourceInstances(stack: StackJson, grantKeysOf: (stack: string) => string[]): string[] {
  const withoutData: Record<string, any> = { ...stack.json, data: {} };
  const assignments = stack.json.resource?.aws_ssoadmin_account_assignment;
  if (assignments) {
    const logical = Object.keys(assignments)[0];
    withoutData.resource = { ...stack.json.resource, aws_ssoadmin_account_assignment: { [logical]: { ...assignments[logical], for_each: Object.fromEntries(grantKeysOf(stack.name).map((k) => [k, {}])) } } };
  }
  return instanceAddresses(withoutData);
}

const NOTHING_TO_IMPORT = new Set(["msgraph_update_resource", "msgraph_resource_action", "azuread_synchronization_secret", "azuread_synchronization_job_provision_on_demand", "terraform_data"]);

function checkRoundTrip(s: Scenario, a: Adopted): void {
  // The adopted file's grants are exactly the exported assignments, key for key.
  expect(expansionOf(a.model).grants.map((g) => g.key)).toEqual(scenarioGrantKeys(s));
  expect(expansionOf(a.model).ouTargets).toEqual([]);

  const stacks = synthesize(a.model);
  const grantsOf = (stack: string) =>
    a.plan.outcomes.filter((o) => o.stack === stack && o.type === "aws_ssoadmin_account_assignment").map((o) => /\["(.*)"\]$/.exec(o.address)?.[1] as string);
  // A block gated on its resource's count (`for_each = (<count>) > 0 ? [0] : []`, `to = …[each.value]`) stands for instance [0].
  const target = (b: { to: string; for_each?: string }) => (b.for_each !== undefined ? b.to.replace(/\[each\.value\]$/, "[0]") : b.to);
  const imports = new Map(stacks.map((st) => [st.name, new Map(((st.json.import ?? []) as { to: string; id: string; for_each?: string }[]).map((b) => [target(b), b.id]))]));
  const assignmentKeys: string[] = [];
  for (const st of stacks) {
    for (const address of resourceInstances(st, grantsOf)) {
      const type = address.slice(0, address.indexOf("."));
      const got = imports.get(st.name)?.get(address);
      if (NOTHING_TO_IMPORT.has(type)) {
        expect({ address, got }).toEqual({ address, got: undefined });
        continue;
      }
      if (type === "aws_secretsmanager_secret") {
        // The SCIM secret container is new in a console-made setup: created, never imported.
        expect({ address, got }).toEqual({ address, got: undefined });
        continue;
      }
      // Every other instance stands for an existing object: it has an import block, with the provider's id.
      expect({ address, got }).toEqual({ address, got: expectedImportId(s, st.name, address) });
      if (type === "aws_ssoadmin_account_assignment") assignmentKeys.push(/\["(.*)"\]$/.exec(address)?.[1] as string);
    }
  }
  // The import blocks of the assignments are exactly the exported assignments, key for key (none twice, none missing).
  expect(assignmentKeys.sort()).toEqual(scenarioGrantKeys(s));
}

describe("adopt round trip: export → adopt → synth", () => {
  it("GIVEN the tutorial's console-made setup, saved in pages of 2 WHEN it is adopted THEN the file validates, expands to exactly the exported grants and every existing object has its import block", async () => {
    const s = smallScenario();
    const a = adopted(await viaExport(s, 2, undefined));
    expect(a.warnings.map((w) => w.id)).toEqual([]);
    checkRoundTrip(s, a);
    // Groups exist already: objectId entries, never created.
    expect(a.model.spec.groups["aws-sso-admins"].objectId).toBe(ids.group(s, "aws-sso-admins"));
    expect(Object.values(a.model.spec.groups).every((g) => g.objectId !== undefined)).toBe(true);
    expect(a.plan.outcomes.filter((o) => o.kind === "create").map((o) => o.type)).toEqual(["aws_secretsmanager_secret"]);
  });

  it("GIVEN the same setup WHEN adopted with --manage-groups THEN members, owners and PIM are in the file and imported too", async () => {
    const s = smallScenario();
    const a = adopted(await viaExport(s, 2, true), true);
    checkRoundTrip(s, a);
    const admins = a.model.spec.groups["aws-sso-admins"];
    expect(admins.objectId).toBeUndefined();
    expect(admins.eligibleMembers).toEqual([{ principal: "bob@example.com", expirationDate: "2027-05-21T00:00:00Z" }]);
    expect(admins.activation).toEqual({ maximumDuration: "PT4H", requireApproval: true, approvers: [ids.user(s, "carol@example.com")], requireJustification: true, requireMfa: true, requireTicket: false });
    expect(a.model.spec.groups["aws-sso-read-only"].members).toEqual(["bob@example.com"]);
    const types = new Set(a.plan.outcomes.filter((o) => o.kind === "import").map((o) => o.type));
    for (const t of ["azuread_group_without_members", "azuread_group_member", "azuread_group_role_management_policy", "azuread_privileged_access_group_eligibility_schedule"]) expect(types).toContain(t);
  });

  it("GIVEN the AWS guide's non-gallery SAML app with generic SCIM provisioning WHEN adopted THEN the file says so and the stacks manage that kind", async () => {
    const s = smallScenario({ kind: "non-gallery", appName: "AWS SSO (custom)" });
    const a = adopted(await viaExport(s, 100, undefined));
    checkRoundTrip(s, a);
    expect(a.model.spec.entra?.application.kind).toBe("non-gallery");
    expect(a.model.spec.entra?.provisioning.synchronizationTemplateId).toBe("scim");
    const stacks = synthesize(a.model);
    const entra = stacks.find((x) => x.name === "entra-sso")?.json ?? {};
    const scim = stacks.find((x) => x.name === "scim-provisioning")?.json ?? {};
    expect(Object.values<any>(entra.resource.azuread_application)[0].template_id).toBe(NON_GALLERY_TEMPLATE_ID);
    expect(Object.values<any>(entra.resource.azuread_service_principal)[0].feature_tags).toEqual([{ enterprise: true, custom_single_sign_on: true }]);
    expect(Object.values<any>(scim.resource.azuread_synchronization_job)[0].template_id).toBe("scim");
  });

  it("GIVEN a gallery app WHEN synthesized THEN the gallery template, tags and aWSSingleSignon job are unchanged (the kind's default)", async () => {
    const s = smallScenario();
    const a = adopted(await viaExport(s, 100, undefined));
    const stacks = synthesize(a.model);
    const entra = stacks.find((x) => x.name === "entra-sso")?.json ?? {};
    const scim = stacks.find((x) => x.name === "scim-provisioning")?.json ?? {};
    expect(Object.values<any>(entra.resource.azuread_service_principal)[0].feature_tags).toEqual([{ enterprise: true, gallery: true }]);
    expect(Object.values<any>(scim.resource.azuread_synchronization_job)[0].template_id).toBe("aWSSingleSignon");
  });

  it("GIVEN an enterprise (2,000 accounts, 150 groups, 40 permission sets, ≥ 20,000 assignments, pages of 100) WHEN adopted THEN every assignment is imported exactly once, key for key, over the pinned shard stacks", async () => {
    const s = enterpriseScenario();
    expect(scenarioGrantKeys(s).length).toBeGreaterThanOrEqual(20_000);
    const a = adopted(await viaExport(s, 100, undefined));
    expect(a.model.spec.identityCenter.assignmentShards).toBe(Math.ceil(scenarioGrantKeys(s).length / 2000));
    expect(a.warnings.filter((w) => w.id === "federation/assignment-shards-auto")).toEqual([]);
    checkRoundTrip(s, a);
  }, 240_000);
});
