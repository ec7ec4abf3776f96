/**
 * `npm run provider-schemas`: regenerates the checked-in provider knowledge the tests rely on
 * (test/fixtures/provider-schemas/), for every resource and data source type the stacks synthesize
 * (test/checked-configs.ts), keeping the types already listed:
 * - aws.json: the sensitive attributes, from `terraform providers schema -json` of the real AWS provider in a
 *   filesystem mirror (TF_PLUGIN_MIRROR, default /opt/tf-plugins; the newest hashicorp/aws version found there).
 * - azuread.json: from the provider's source (a git clone with tags: AZUREAD_PROVIDER_REPO, default
 *   /work/.mirror/hashicorp+terraform-provider-azuread/repo): each type's schema (attribute paths with
 *   Required/Optional/Computed/ForceNew/Sensitive) at the tag the prebuilt bindings were generated from (v3.7.0) and
 *   at the pinned minimum (v3.9.0), whether they differ, and the sensitive attributes at v3.9.0, each citing its files.
 * msgraph.json is written by hand (no binary, no clone here): each entry cites the source it was read from.
 * A source that is not available leaves its file as it is and says so.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { checkedConfigurations } from "../test/checked-configs";
import { synthAll } from "../test/helpers";

const OUT = resolve(__dirname, "..", "test", "fixtures", "provider-schemas");
const MIRROR = process.env.TF_PLUGIN_MIRROR || "/opt/tf-plugins";
const AZUREAD_REPO = process.env.AZUREAD_PROVIDER_REPO || "/work/.mirror/hashicorp+terraform-provider-azuread/repo";
/** The azuread tags compared: the bindings' version and the pinned minimum (src/terraform/versions.ts). */
const BINDINGS_TAG = "v3.7.0";
const PINNED_TAG = "v3.9.0";

/** Where each azuread type's schema is defined (relative to the repository; resources and data sources). */
const AZUREAD_FILES: Record<string, readonly string[]> = {
  azuread_application: ["internal/services/applications/application_resource.go"],
  azuread_application_identifier_uri: ["internal/services/applications/application_identifier_uri_resource.go"],
  azuread_service_principal: ["internal/services/serviceprincipals/service_principal_resource.go"],
  azuread_service_principal_token_signing_certificate: ["internal/services/serviceprincipals/service_principal_token_signing_certificate_resource.go"],
  azuread_group_without_members: ["internal/services/groups/group_without_members_resource.go"],
  azuread_group_member: ["internal/services/groups/group_member_resource.go"],
  azuread_app_role_assignment: ["internal/services/approleassignments/app_role_assignment_resource.go"],
  azuread_group_role_management_policy: ["internal/services/policies/group_role_management_policy_resource.go"],
  azuread_privileged_access_group_eligibility_schedule: [
    "internal/services/identitygovernance/privileged_access_group_eligiblity_schedule_resource.go",
    "internal/services/identitygovernance/privileged_access_group_schedule.go",
  ],
  azuread_synchronization_secret: ["internal/services/synchronization/synchronization_secret_resource.go"],
  azuread_synchronization_job: ["internal/services/synchronization/synchronization_job_resource.go"],
  azuread_synchronization_job_provision_on_demand: ["internal/services/synchronization/synchronization_job_provision_on_demand_resource.go"],
  "data.azuread_user": ["internal/services/users/user_data_source.go"],
  "data.azuread_group": ["internal/services/groups/group_data_source.go"],
  "data.azuread_directory_object": ["internal/services/directoryobjects/directory_object_data_source.go"],
};

/** Resource types (`aws_x`) and data source types (`data.aws_x`) of every checked configuration. */
export function synthesizedTypes(): Set<string> {
  const types = new Set<string>();
  for (const [, model] of checkedConfigurations()) {
    for (const json of Object.values(synthAll(model))) {
      for (const t of Object.keys(json.resource ?? {})) types.add(t);
      for (const t of Object.keys(json.data ?? {})) types.add(`data.${t}`);
    }
  }
  return types;
}

const provider = (type: string) => type.replace(/^data\./, "").split("_")[0];
const readJson = (file: string) => (existsSync(join(OUT, file)) ? JSON.parse(readFileSync(join(OUT, file), "utf8")) : undefined);
const write = (file: string, value: unknown) => writeFileSync(join(OUT, file), `${JSON.stringify(value, null, 2)}\n`);

// --- aws: terraform providers schema -json ------------------------------------------------------------------------

interface TfBlock {
  attributes?: Record<string, { sensitive?: boolean; nested_type?: { attributes: TfBlock["attributes"] } }>;
  block_types?: Record<string, { block: TfBlock }>;
}

/** Dotted paths of the sensitive attributes of a schema block (nested blocks and nested attribute types included). */
export function sensitivePaths(block: TfBlock, prefix = ""): string[] {
  const out: string[] = [];
  for (const [name, a] of Object.entries(block.attributes ?? {})) {
    if (a.sensitive) out.push(`${prefix}${name}`);
    else if (a.nested_type) out.push(...sensitivePaths({ attributes: a.nested_type.attributes }, `${prefix}${name}.`));
  }
  for (const [name, b] of Object.entries(block.block_types ?? {})) out.push(...sensitivePaths(b.block, `${prefix}${name}.`));
  return out.sort();
}

function awsSchemas(types: Set<string>): void {
  const dir = join(MIRROR, "registry.terraform.io", "hashicorp", "aws");
  if (!existsSync(dir)) {
    console.log(`aws.json: kept as it is (no AWS provider mirror at ${MIRROR}; set TF_PLUGIN_MIRROR)`);
    return;
  }
  const version = readdirSync(dir).sort((a, b) => a.localeCompare(b, undefined, { numeric: true })).pop() as string;
  const work = mkdtempSync(join(tmpdir(), "provider-schemas-"));
  try {
    writeFileSync(join(work, "cli.tfrc"), `provider_installation {\n  filesystem_mirror {\n    path = ${JSON.stringify(MIRROR)}\n  }\n}\n`);
    writeFileSync(join(work, "main.tf.json"), JSON.stringify({ terraform: { required_providers: { aws: { source: "hashicorp/aws", version } } } }));
    const env = { ...process.env, TF_CLI_CONFIG_FILE: join(work, "cli.tfrc"), TF_IN_AUTOMATION: "1", CHECKPOINT_DISABLE: "1" };
    execFileSync("terraform", ["init", "-input=false", "-no-color"], { cwd: work, env, stdio: "ignore" });
    const schema = JSON.parse(execFileSync("terraform", ["providers", "schema", "-json"], { cwd: work, env, maxBuffer: 512 * 1024 * 1024 }).toString());
    const aws = schema.provider_schemas["registry.terraform.io/hashicorp/aws"];
    const previous = readJson("aws.json")?.types ?? {};
    const wanted = new Set([...Object.keys(previous), ...[...types].filter((t) => provider(t) === "aws")]);
    const out: Record<string, string[]> = {};
    for (const t of [...wanted].sort()) {
      const s = t.startsWith("data.") ? aws.data_source_schemas[t.slice(5)] : aws.resource_schemas[t];
      if (!s) throw new Error(`aws ${version} has no ${t}`);
      out[t] = sensitivePaths(s.block);
    }
    write("aws.json", {
      provider: "hashicorp/aws",
      version,
      source: `terraform providers schema -json, hashicorp/aws ${version} from a filesystem mirror (npm run provider-schemas)`,
      note: "Sensitive attribute paths (dotted, nested blocks included) of every aws type the stacks synthesize.",
      premise: outputPremise(work, env),
      types: out,
    });
    console.log(`aws.json: ${Object.keys(out).length} types from hashicorp/aws ${version}`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/**
 * The real provider's schema marks values in a plan: `terraform test` with `mock_provider "aws"` plans an output that
 * reads `secret_string` unmarked (refused) and marked (planned). Recorded in aws.json as evidence.
 */
function outputPremise(work: string, env: NodeJS.ProcessEnv): Record<string, string> {
  const result: Record<string, string> = {};
  for (const sensitive of [false, true]) {
    writeFileSync(
      join(work, "main.tf.json"),
      JSON.stringify({
        terraform: { required_providers: { aws: { source: "hashicorp/aws", version: JSON.parse(readFileSync(join(work, "main.tf.json"), "utf8")).terraform.required_providers.aws.version } } },
        provider: { aws: [{ region: "us-east-1" }] },
        data: { aws_secretsmanager_secret_version: { v: { secret_id: "scim" } } },
        output: { value: { value: "${data.aws_secretsmanager_secret_version.v.secret_string}", ...(sensitive ? { sensitive: true } : {}) } },
      }),
    );
    writeFileSync(
      join(work, "premise.tftest.hcl"),
      'mock_provider "aws" {\n  override_data {\n    target = data.aws_secretsmanager_secret_version.v\n    values = { secret_string = "{}" }\n  }\n}\nrun "plan" {\n  command = plan\n}\n',
    );
    let text: string;
    try {
      text = execFileSync("terraform", ["test", "-no-color", "-filter=premise.tftest.hcl"], { cwd: work, env, stdio: "pipe" }).toString();
    } catch (e) {
      text = String((e as { stdout?: Buffer }).stdout ?? "") + String((e as { stderr?: Buffer }).stderr ?? "");
    }
    const outcome = /Output refers to sensitive values/.test(text) ? "refused: Output refers to sensitive values" : /1 passed, 0 failed/.test(text) ? "planned" : `unexpected: ${text.slice(-300)}`;
    result[sensitive ? "marked output of data.aws_secretsmanager_secret_version.secret_string" : "unmarked output of data.aws_secretsmanager_secret_version.secret_string"] = outcome;
  }
  return result;
}

// --- azuread: Go schema in the provider's source ------------------------------------------------------------------

/** Index just past the bracket closing the one at `open`, skipping Go string literals and comments. */
function closing(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === "\\") i++;
    } else if (c === "`") {
      i = text.indexOf("`", i + 1);
    } else if (c === "/" && text[i + 1] === "/") {
      i = text.indexOf("\n", i);
    } else if (c === "{") depth++;
    else if (c === "}" && --depth === 0) return i + 1;
  }
  throw new Error("unbalanced braces");
}

const FLAGS = ["Required", "Optional", "Computed", "ForceNew", "Sensitive"] as const;

/**
 * Schema entries (`"name": { Type: …, Required: true, … }`) of a Go source file, by dotted path: each entry's type and
 * flags; nested `Elem: &…Resource{ Schema: map…{ … } }` entries under `<name>.`, also when the nested schema is a
 * helper function of the file (`Schema: notificationRuleSchema()`). Entries built by a helper call
 * (`"name": fooSchema(),`) are recorded as that call.
 */
export function goSchemaEntries(file: string): Record<string, string> {
  const helpers = new Map<string, [number, number]>();
  for (const m of file.matchAll(/Schema:\s*([A-Za-z_]\w*)\(\)/g)) {
    const def = new RegExp(`func ${m[1]}\\(\\)[^{]*\\{`).exec(file);
    if (def) helpers.set(m[1], [def.index + def[0].length - 1, closing(file, def.index + def[0].length - 1)]);
  }
  // Top level: the file without the helpers' bodies (they are parsed where they are used).
  let top = file;
  for (const [s, e] of [...helpers.values()].sort((a, b) => b[0] - a[0])) top = top.slice(0, s) + "{}" + top.slice(e);
  const parse = (text: string, prefix: string): Record<string, string> => {
    const out: Record<string, string> = {};
    const entry = /"([a-z0-9_]+)":\s*(\{|[A-Za-z_][\w.]*\()/g;
    let m: RegExpExecArray | null;
    while ((m = entry.exec(text))) {
      if (m[2] !== "{") {
        out[`${prefix}${m[1]}`] = `helper ${m[2]})`;
        continue;
      }
      const start = m.index + m[0].length - 1;
      const end = closing(text, start);
      let body = text.slice(start, end);
      const nested = /Elem:\s*&(?:pluginsdk|schema)\.Resource\{/.exec(body);
      let inner: Record<string, string> = {};
      if (nested) {
        const nStart = nested.index + nested[0].length - 1;
        const nEnd = closing(body, nStart);
        const region = body.slice(nStart + 1, nEnd - 1);
        const helper = /^\s*Schema:\s*([A-Za-z_]\w*)\(\)/.exec(region)?.[1];
        const range = helper ? helpers.get(helper) : undefined;
        inner = parse(range ? file.slice(range[0] + 1, range[1] - 1) : region, `${prefix}${m[1]}.`);
        body = body.slice(0, nStart) + body.slice(nEnd);
      }
      const type = /Type:\s*(?:pluginsdk|schema)\.(Type\w+)/.exec(body)?.[1];
      if (type) {
        out[`${prefix}${m[1]}`] = [type, ...FLAGS.filter((f) => new RegExp(`\\b${f}:\\s*true`).test(body))].join(" ");
        Object.assign(out, inner);
      }
      entry.lastIndex = end;
    }
    return out;
  };
  return parse(top, "");
}

function azureadSchemas(types: Set<string>): void {
  if (!existsSync(AZUREAD_REPO)) {
    console.log(`azuread.json: kept as it is (no azuread provider clone at ${AZUREAD_REPO}; set AZUREAD_PROVIDER_REPO)`);
    return;
  }
  const show = (tag: string, file: string) => execFileSync("git", ["-C", AZUREAD_REPO, "show", `${tag}:${file}`], { maxBuffer: 64 * 1024 * 1024 }).toString();
  const previous = readJson("azuread.json")?.types ?? {};
  const wanted = [...new Set([...Object.keys(previous), ...[...types].filter((t) => provider(t) === "azuread")])].sort();
  const out: Record<string, unknown> = {};
  for (const t of wanted) {
    const files = AZUREAD_FILES[t];
    if (!files) throw new Error(`scripts/provider-schemas.ts: add the source file(s) of ${t} to AZUREAD_FILES`);
    const at = (tag: string): Record<string, string> => Object.assign({}, ...files.map((f) => goSchemaEntries(show(tag, f))));
    const bindings = at(BINDINGS_TAG);
    const pinned = at(PINNED_TAG);
    const paths = [...new Set([...Object.keys(bindings), ...Object.keys(pinned)])].sort();
    const differences = paths.filter((p) => bindings[p] !== pinned[p]).map((p) => `${p}: ${bindings[p] ?? "(absent)"} -> ${pinned[p] ?? "(absent)"}`);
    out[t] = {
      files: files.map((f) => `${f} @ ${PINNED_TAG}`),
      sensitive: Object.entries(pinned).filter(([, v]) => v.includes("Sensitive")).map(([p]) => p).sort(),
      forceNew: Object.entries(pinned).filter(([, v]) => v.includes("ForceNew")).map(([p]) => p).sort(),
      sameSchemaAsBindings: differences.length === 0,
      differences,
      schema: pinned,
    };
  }
  write("azuread.json", {
    provider: "hashicorp/azuread",
    bindings: `@cdktf/provider-azuread 14.3.1 = azuread ${BINDINGS_TAG}`,
    pinned: `${PINNED_TAG} (src/terraform/versions.ts)`,
    source: `Go schema of each type at ${BINDINGS_TAG} and ${PINNED_TAG} in the provider's source (npm run provider-schemas)`,
    types: out,
  });
  const changed = Object.entries(out).filter(([, v]) => !(v as { sameSchemaAsBindings: boolean }).sameSchemaAsBindings).map(([t]) => t);
  console.log(`azuread.json: ${wanted.length} types; schema changed between ${BINDINGS_TAG} and ${PINNED_TAG}: ${changed.length ? changed.join(", ") : "none"}`);
}

if (require.main === module) {
  const types = synthesizedTypes();
  awsSchemas(types);
  azureadSchemas(types);
  const msgraph = readJson("msgraph.json")?.types ?? {};
  const missing = [...types].filter((t) => provider(t) === "msgraph" && !(t in msgraph));
  console.log(missing.length ? `msgraph.json: add ${missing.join(", ")} by hand (with the source each entry was read from)` : "msgraph.json: every msgraph type listed");
}
