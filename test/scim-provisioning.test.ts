/**
 * The synthesized `scim-provisioning` stack: the SCIM secret, Entra's synchronization secret and job, provision on
 * demand, the attribute-mapping fix and the cross-stack wiring to `entra-sso`. What Terraform will be asked to do.
 */
import { address, allBlocks, blocks, CONTOSO_CONFIG, DEFAULT_CONFIG, modelOf, only, synthAll } from "./helpers";
import { defaultConfigText, defaultConfigWith, ENTRA_STACK, nestedInterpolations, SCIM_STACK } from "./scim-helpers";

const DEFAULT_RULE_ID = "03f7d90d-bf71-41b1-bda6-aaf0ddbee5d8";
const REMOTE_STATE = "data.terraform_remote_state.cross-stack-reference-input-entra-sso";

const defaultStacks = synthAll(modelOf(DEFAULT_CONFIG));

/** The provision-on-demand pushes by group name: the map its for_each filters (they wait for the secret's value). */
function podEntries(json: Record<string, any>): Record<string, { object_id: string; app_role_assignment_id: string }> {
  const forEach: string = only(json, "azuread_synchronization_job_provision_on_demand").for_each;
  const local = /^\$\{\{ for name, group in local\.([\w-]+) : name => group if local\.[\w-]+ \}\}$/.exec(forEach)?.[1];
  if (!local) throw new Error(`unexpected for_each ${forEach}`);
  return json.locals[local];
}
const contosoStacks = synthAll(modelOf(CONTOSO_CONFIG));

/** `${data.terraform_remote_state.….outputs.<output>…}` → the entra-sso output name it reads. */
function remoteOutput(reference: string): string {
  const m = /^\$\{data\.terraform_remote_state\.cross-stack-reference-input-entra-sso\.outputs\.([^.[}]+)/.exec(reference);
  if (!m) throw new Error(`not a reference to the entra-sso stack: ${reference}`);
  return m[1];
}

describe.each([
  {
    name: "default config",
    stacks: defaultStacks,
    secretName: "identity-federation/scim",
    region: "us-east-1",
    kms: undefined,
    tags: undefined,
    recipients: "identity-ops@example.com",
    threshold: 50,
    syncAll: "false",
  },
  {
    name: "contoso config",
    stacks: contosoStacks,
    secretName: "contoso/identity-center/scim",
    region: "eu-central-1",
    kms: "alias/contoso-secrets",
    tags: { team: "identity" },
    recipients: "secops@contoso.example;iam-team@contoso.example",
    threshold: 25,
    syncAll: "true",
  },
])("$name", (c) => {
  const scim = c.stacks[SCIM_STACK];
  const secret = only(scim, "aws_secretsmanager_secret");
  const version = only(scim, "aws_secretsmanager_secret_version", "data");
  const syncSecret = only(scim, "azuread_synchronization_secret");
  const job = only(scim, "azuread_synchronization_job");
  const versionRef = `${address(scim, "aws_secretsmanager_secret_version", "data")}[0]`;
  const ready = Object.keys(scim.locals).find((l) => l.startsWith("scim-secret_value_ready_")) as string;
  const when = `\${local.${ready} ? 1 : 0}`;
  const credential = (key: string) => {
    const matches = syncSecret.credential.filter((cr: { key: string }) => cr.key === key);
    expect(matches).toHaveLength(1);
    return matches[0].value as string;
  };

  test("creates the SCIM secret container by name, without a value, protected from destroy", () => {
    expect(secret.name).toBe(c.secretName);
    expect(secret.kms_key_id).toBe(c.kms);
    expect(secret.tags).toEqual(c.tags);
    expect(secret.description).toMatch(/endpoint.*token.*expiresAt/);
    expect(secret.lifecycle.prevent_destroy).toBe(true);
    expect(blocks(scim, "aws_secretsmanager_secret_version")).toEqual({});
    expect(Object.keys(secret)).not.toContain("secret_string");
  });

  test("places the secret and its reads in identityCenter.region", () => {
    expect(scim.provider.aws).toEqual([{ region: c.region }]);
  });

  test("finds the secret by name and reads its versions and current value only once it exists and has one (known at plan time)", () => {
    const lookup = only(scim, "aws_secretsmanager_secrets", "data");
    expect(lookup.filter).toEqual([{ name: "name", values: [c.secretName] }]);
    const versions = only(scim, "aws_secretsmanager_secret_versions", "data");
    expect(versions.secret_id).toBe(c.secretName);
    expect(versions.count).toBe(`\${contains(coalesce(${address(scim, "aws_secretsmanager_secrets", "data")}.names, []), ${JSON.stringify(c.secretName)}) ? 1 : 0}`);
    expect(scim.locals[ready]).toContain(`${address(scim, "aws_secretsmanager_secret_versions", "data")}[0].versions`);
    expect(scim.locals[ready]).toContain('"AWSCURRENT"');
    expect(version.secret_id).toBe(c.secretName);
    expect(version.count).toBe(when);
    expect(version.lifecycle).toBeUndefined();
  });

  test("while the secret has no value, Entra's side is not created and the plan warns what it waits for (a check, not an error)", () => {
    for (const type of ["azuread_synchronization_secret", "azuread_synchronization_job", "msgraph_resource_action"]) {
      for (const block of Object.values<any>(blocks(scim, type))) expect({ type, count: block.count }).toEqual({ type, count: when });
    }
    const [check] = Object.values<any>(scim.check);
    expect(check.assert).toEqual([{ condition: `\${local.${ready}}`, error_message: expect.stringContaining(`secret ${c.secretName} has no value yet`) }]);
    expect(check.assert[0].error_message).toContain(`aws secretsmanager put-secret-value --secret-id ${c.secretName}`);
    expect(scim.output.scim_provisioning_status.value).toContain(`local.${ready} ?`);
  });

  test("sends all four synchronization credentials, in a fixed order (Graph replaces the whole set)", () => {
    expect(syncSecret.credential.map((cr: { key: string }) => cr.key)).toEqual(["BaseAddress", "SecretToken", "SyncNotificationSettings", "SyncAll"]);
  });

  test("takes the SCIM endpoint and token from the secret value as Terraform references, never as literals", () => {
    expect(credential("BaseAddress")).toBe(`\${try(jsondecode(${versionRef}.secret_string).endpoint, null)}`);
    expect(credential("SecretToken")).toBe(`\${try(jsondecode(${versionRef}.secret_string).token, null)}`);
  });

  test("notifies the application's notification e-mails and guards deletions with the configured threshold", () => {
    expect(JSON.parse(credential("SyncNotificationSettings"))).toEqual({
      Enabled: true,
      Recipients: c.recipients,
      DeleteThresholdEnabled: true,
      DeleteThresholdValue: c.threshold,
    });
  });

  test("maps provisioning.scope to SyncAll", () => {
    expect(credential("SyncAll")).toBe(c.syncAll);
  });

  test("checks the secret value before Entra receives it: JSON object, endpoint shape and region, token, expiry", () => {
    const conditions: Array<{ condition: string; error_message: string }> = syncSecret.lifecycle.precondition;
    expect(conditions).toHaveLength(6);
    for (const p of conditions) expect(p.condition).toContain(`${versionRef}.secret_string`);
    const messages = conditions.map((p) => p.error_message).join("\n");
    expect(messages).toContain("is not a JSON object");
    expect(messages).toContain('"endpoint" is missing or is not an IAM Identity Center SCIM endpoint');
    expect(messages).toContain(`belongs to another region than identityCenter.region (${c.region})`);
    expect(messages).toContain('"token" is missing or empty');
    expect(messages).toContain('"expiresAt" must be a date YYYY-MM-DD');
    expect(messages).toContain("the SCIM access token has expired");
    expect(conditions.some((p) => p.condition.includes(`== "${c.region}"`))).toBe(true);
    expect(conditions.some((p) => p.condition.includes("plantimestamp()"))).toBe(true);
  });

  test("creates the job from the aWSSingleSignon template stopped, after the synchronization secret, and never pauses it again", () => {
    expect(job.template_id).toBe("aWSSingleSignon");
    // azuread starts a job inside Create when enabled; its Read sets enabled from the schedule state (v3.9.0).
    expect(job.enabled).toBe(false);
    expect(job.lifecycle.ignore_changes).toEqual(["enabled"]);
    expect(job.depends_on).toEqual([address(scim, "azuread_synchronization_secret")]);
  });

  test("starts the job through Graph after the mapping fix; provision on demand runs after the start", () => {
    const actions = blocks(scim, "msgraph_resource_action");
    const [startId, start] = Object.entries<any>(actions).find(([, a]) => a.action === "start") as [string, any];
    const jobRef = `${address(scim, "azuread_synchronization_job")}[0]`;
    expect(start).toMatchObject({ resource_url: `\${trimprefix(${jobRef}.id, "/")}`, method: "POST", count: when });
    const fix = Object.keys(actions).find((id) => actions[id].action === "schema") as string;
    expect(start.depends_on).toEqual([address(scim, "azuread_synchronization_job"), `msgraph_resource_action.${fix}`]);
    expect(only(scim, "azuread_synchronization_job_provision_on_demand").depends_on).toEqual([`msgraph_resource_action.${startId}`]);
  });

  test("targets the enterprise application's service principal from entra-sso through a cross-stack reference", () => {
    const entra = c.stacks[ENTRA_STACK];
    const output = remoteOutput(syncSecret.service_principal_id);
    expect(job.service_principal_id).toBe(syncSecret.service_principal_id);
    expect(entra.output[output]).toEqual({ value: `\${${address(entra, "azuread_service_principal")}.id}`, sensitive: true });
  });

  test("provisions on demand once per assigned group, keyed by group name, with the rule id and object type Group", () => {
    const entra = c.stacks[ENTRA_STACK];
    const pod = only(scim, "azuread_synchronization_job_provision_on_demand");
    const assigned = Object.keys(blocks(entra, "azuread_app_role_assignment")).length > 0;
    expect(assigned).toBe(true);
    expect(pod.service_principal_id).toBe(syncSecret.service_principal_id);
    expect(pod.synchronization_job_id).toBe(`\${${address(scim, "azuread_synchronization_job")}[0].id}`);
    expect(pod.parameter).toEqual([{ rule_id: DEFAULT_RULE_ID, subject: [{ object_id: "${each.value.object_id}", object_type_name: "Group" }] }]);
    expect(pod.triggers).toEqual({ app_role_assignment_id: "${each.value.app_role_assignment_id}" });
  });

  test("reads the job's schema and PUTs the fixed schema back through msgraph, replaced whenever the schema read drifts from it", () => {
    const read = only(scim, "msgraph_resource", "data");
    const write = Object.values<any>(blocks(scim, "msgraph_resource_action")).find((a) => a.action === "schema");
    const jobRef = `${address(scim, "azuread_synchronization_job")}[0]`;
    expect(read.url).toBe(`\${trimprefix(${jobRef}.id, "/")}/schema`);
    expect(read.response_export_values).toEqual({ all: "@" });
    expect(read.count).toBe(when);
    expect(write).toMatchObject({ resource_url: `\${trimprefix(${jobRef}.id, "/")}`, action: "schema", method: "PUT" });
    const fixed = /^\$\{local\.([\w-]+)\}$/.exec(write.body)?.[1] as string;
    expect(scim.locals[fixed]).toContain(`${address(scim, "msgraph_resource", "data")}[0].output.all`);
    const drift = address(scim, "terraform_data");
    expect(write.lifecycle.replace_triggered_by).toEqual([`${drift}[count.index].output`]);
    expect(only(scim, "terraform_data").input.in_sync).toMatch(/^\$\{local\.attribute-mapping-fix_schema_in_sync_[0-9A-F]+\}$/);
    expect(scim.terraform.required_providers.msgraph.source).toBe("microsoft/msgraph");
  });

  test("every expression is one well-formed interpolation (no `${` nested inside `${…}`, which Terraform misreads)", () => {
    expect(nestedInterpolations(scim)).toEqual([]);
  });

  test("outputs the token's expiry date, not the token, and the job id", () => {
    const expiry: string = scim.output.scim_token_expires_at.value;
    expect(expiry.startsWith(`\${!local.${ready} ? "no value stored yet" : nonsensitive(can(regex("^[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]$", try(tostring(jsondecode(${versionRef}.secret_string).expiresAt)`)).toBe(true);
    expect(expiry).not.toContain(".token");
    expect(scim.output.synchronization_job_id.value).toBe(`\${local.${ready} ? ${address(scim, "azuread_synchronization_job")}[0].id : null}`);
  });
});

describe("provision on demand follows the groups assigned in entra-sso", () => {
  const scim = defaultStacks[SCIM_STACK];
  const entra = defaultStacks[ENTRA_STACK];
  const pod = podEntries(scim);

  test("GIVEN the default file WHEN synthesized THEN there is one entry per assigned group: aws-sso-admins and aws-sso-read-only", () => {
    expect(Object.keys(pod).sort()).toEqual(["aws-sso-admins", "aws-sso-read-only"]);
  });

  test("each entry carries the group's object id and its app role assignment id, read from entra-sso", () => {
    for (const [name, entry] of Object.entries(pod)) {
      expect(entry.object_id).toContain(`"${name}"`);
      expect(entry.app_role_assignment_id).toContain(`${name}"`);
      for (const ref of [entry.object_id, entry.app_role_assignment_id]) {
        expect(ref.startsWith(`\${${REMOTE_STATE}.outputs.`)).toBe(true);
        expect(entra.output[remoteOutput(ref)]?.sensitive).toBe(true);
      }
    }
  });

  test("the groups' outputs in entra-sso are the group and app role assignment resources the references name", () => {
    const [name, entry] = Object.entries(pod)[0];
    expect(name).toBeDefined();
    const groupOutput = entra.output[remoteOutput(entry.object_id)].value as string;
    const assignmentOutput = entra.output[remoteOutput(entry.app_role_assignment_id)].value as string;
    expect(groupOutput).toMatch(/^\$\{azuread_group[a-z_]*\.[^.]+\}$/);
    expect(assignmentOutput).toMatch(/^\$\{azuread_app_role_assignment\.[^.]+\}$/);
  });

  test("reads entra-sso's state with the local backend by default", () => {
    const remote = scim.data.terraform_remote_state["cross-stack-reference-input-entra-sso"];
    expect(remote.backend).toBe("local");
    expect(remote.config.path).toMatch(/terraform\.entra-sso\.tfstate$/);
  });

  test("reads entra-sso's state from the S3 backend when state.s3 is configured (contoso)", () => {
    const remote = contosoStacks[SCIM_STACK].data.terraform_remote_state["cross-stack-reference-input-entra-sso"];
    expect(remote.backend).toBe("s3");
    expect(remote.config).toMatchObject({ bucket: "contoso-tf-state", key: "federation/entra-sso.tfstate", region: "eu-central-1" });
    expect(contosoStacks[SCIM_STACK].terraform.backend.s3.key).toBe("federation/scim-provisioning.tfstate");
  });

  test("contoso provisions its three assigned groups, including the existing group managed elsewhere", () => {
    expect(Object.keys(podEntries(contosoStacks[SCIM_STACK])).sort()).toEqual(["cloud-admins", "platform-engineers", "security-auditors"]);
  });
});

describe("stable keys", () => {
  const reordered = synthAll(
    defaultConfigWith((doc) => {
      const groups = doc.get("groups") as { items: unknown[] };
      groups.items.reverse();
    }),
  )[SCIM_STACK];
  const renamed = synthAll(defaultConfigText((text) => text.replace(/aws-sso-read-only/g, "aws-readers")))[SCIM_STACK];
  const original = defaultStacks[SCIM_STACK];
  const ids = (json: Record<string, any>) => allBlocks(json).map(([type, id]) => `${type}.${id}`).sort();

  test("reordering groups in the file changes neither construct ids nor provision-on-demand keys", () => {
    expect(ids(reordered)).toEqual(ids(original));
    expect(podEntries(reordered)).toEqual(podEntries(original));
  });

  test("renaming one group changes only that group's entry; the other group's entry is untouched", () => {
    const before = podEntries(original);
    const after = podEntries(renamed);
    expect(Object.keys(after).sort()).toEqual(["aws-readers", "aws-sso-admins"]);
    expect(after["aws-sso-admins"]).toEqual(before["aws-sso-admins"]);
    expect(ids(renamed)).toEqual(ids(original));
  });
});

describe("options", () => {
  test("GIVEN scope all WHEN synthesized THEN SyncAll is \"true\"; GIVEN scope assigned THEN \"false\"", () => {
    const all = synthAll(defaultConfigWith((doc) => doc.setIn(["entra", "provisioning", "scope"], "all")))[SCIM_STACK];
    const syncAll = (json: Record<string, any>) =>
      only(json, "azuread_synchronization_secret").credential.find((cr: { key: string }) => cr.key === "SyncAll").value;
    expect(syncAll(all)).toBe("true");
    expect(syncAll(defaultStacks[SCIM_STACK])).toBe("false");
  });

  test("GIVEN no notification e-mails and no delete threshold THEN notifications and the deletion guard are off, still sent", () => {
    const json = synthAll(
      defaultConfigWith((doc) => {
        doc.setIn(["entra", "application", "notificationEmails"], []);
        doc.deleteIn(["entra", "provisioning", "deleteThreshold"]);
      }),
    )[SCIM_STACK];
    const settings = only(json, "azuread_synchronization_secret").credential.find((cr: { key: string }) => cr.key === "SyncNotificationSettings");
    expect(JSON.parse(settings.value)).toEqual({ Enabled: false, Recipients: "", DeleteThresholdEnabled: false });
  });

  test("GIVEN provisionOnDemand false and externalIdFromObjectId false THEN no provision-on-demand and no schema read/write; the job is still started", () => {
    const json = synthAll(
      defaultConfigWith((doc) => {
        doc.setIn(["entra", "provisioning", "provisionOnDemand"], false);
        doc.setIn(["entra", "provisioning", "externalIdFromObjectId"], false);
      }),
    )[SCIM_STACK];
    expect(blocks(json, "azuread_synchronization_job_provision_on_demand")).toEqual({});
    expect(Object.values<any>(blocks(json, "msgraph_resource_action")).map((a) => a.action)).toEqual(["start"]);
    expect(blocks(json, "msgraph_resource", "data")).toEqual({});
    expect(only(json, "azuread_synchronization_job").template_id).toBe("aWSSingleSignon");
  });

  test("GIVEN a custom provisionOnDemandRuleId and no mapping fix THEN on-demand uses that rule and runs after the job's start", () => {
    const rule = "11111111-2222-3333-4444-555555555555";
    const json = synthAll(
      defaultConfigWith((doc) => {
        doc.setIn(["entra", "provisioning", "provisionOnDemandRuleId"], rule);
        doc.setIn(["entra", "provisioning", "externalIdFromObjectId"], false);
      }),
    )[SCIM_STACK];
    const pod = only(json, "azuread_synchronization_job_provision_on_demand");
    expect(pod.parameter[0].rule_id).toBe(rule);
    expect(pod.depends_on).toEqual([address(json, "msgraph_resource_action")]);
    expect(only(json, "msgraph_resource_action").depends_on).toEqual([address(json, "azuread_synchronization_job")]);
  });

  test("GIVEN an existing secret THEN it is looked up by name and never created", () => {
    const json = synthAll(
      defaultConfigWith((doc) => doc.setIn(["identityCenter", "scimSecret"], { name: "shared/scim", existing: true })),
    )[SCIM_STACK];
    expect(blocks(json, "aws_secretsmanager_secret")).toEqual({});
    const lookup = only(json, "aws_secretsmanager_secret", "data");
    expect(lookup.name).toBe("shared/scim");
    expect(blocks(json, "aws_secretsmanager_secrets", "data")).toEqual({});
    expect(only(json, "aws_secretsmanager_secret_versions", "data")).toMatchObject({ secret_id: "shared/scim", count: "${true ? 1 : 0}" });
    expect(only(json, "aws_secretsmanager_secret_version", "data").secret_id).toBe("shared/scim");
    expect(only(json, "azuread_synchronization_secret").credential[1].value).toBe(
      `\${try(jsondecode(${address(json, "aws_secretsmanager_secret_version", "data")}[0].secret_string).token, null)}`,
    );
  });
});

describe("provisioning.enabled: false", () => {
  const provisioningBlock = ([type, , attrs]: [string, string, any]) =>
    type.startsWith("azuread_synchronization") ||
    (type === "msgraph_resource_action" && ["schema", "start"].includes(attrs.action)) ||
    type === "data.msgraph_resource" && String(attrs.url).endsWith("/schema") ||
    type.startsWith("data.aws_secretsmanager_secret_version");

  const stacks = synthAll(defaultConfigWith((doc) => doc.setIn(["entra", "provisioning", "enabled"], false)));

  test("GIVEN provisioning off WHEN synthesized THEN no stack holds any provisioning resource or reads the secret value", () => {
    for (const json of Object.values(stacks)) expect(allBlocks(json).filter(provisioningBlock)).toEqual([]);
    expect(stacks[SCIM_STACK].provider.azuread).toBeUndefined();
    expect(Object.keys(stacks[SCIM_STACK].output)).toEqual(["scim_secret_arn"]);
  });

  test("SSO is still synthesized in entra-sso", () => {
    expect(only(stacks[ENTRA_STACK], "azuread_application").template_id).toBe("21ed01d2-ec13-4e9e-86c1-cd546719ebc4");
    expect(only(stacks[ENTRA_STACK], "azuread_service_principal").preferred_single_sign_on_mode).toBe("saml");
  });

  test("the stack keeps only the protected secret container, so switching provisioning off later keeps the token's secret", () => {
    const json = stacks[SCIM_STACK];
    expect(allBlocks(json).filter(([type]) => type !== "data.terraform_remote_state").map(([type]) => type)).toEqual(["aws_secretsmanager_secret"]);
    expect(only(json, "aws_secretsmanager_secret").lifecycle.prevent_destroy).toBe(true);
  });

  test("with an existing secret the stack manages nothing at all", () => {
    const json = synthAll(
      defaultConfigWith((doc) => {
        doc.setIn(["entra", "provisioning", "enabled"], false);
        doc.setIn(["identityCenter", "scimSecret"], { name: "shared/scim", existing: true });
      }),
    )[SCIM_STACK];
    expect(json.resource ?? {}).toEqual({});
    expect(Object.keys(json.data ?? {})).toEqual(["aws_secretsmanager_secret"]);
    expect(json.check).toBeUndefined();
  });
});
