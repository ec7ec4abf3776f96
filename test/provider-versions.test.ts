/**
 * The versions every stack declares (src/terraform/versions.ts, set by stacks/backend.ts for every stack): in the
 * synthesized JSON of every stack of every checked file; what those constraints select, decided by the real
 * `terraform init` from a local filesystem mirror of empty stand-in provider packages (the version choice is
 * Terraform's; nothing is executed or downloaded); and whether the prebuilt azuread bindings (generated from 3.7.0)
 * fit the pinned azuread: their arguments against the provider's schema at v3.9.0 (test/fixtures/provider-schemas/).
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { AZUREAD_VERSION, MSGRAPH_VERSION, TERRAFORM_VERSION } from "../src/terraform/versions";
import { checkedConfigurations } from "./checked-configs";
import { allBlocks, ROOT, synthAll } from "./helpers";
import { terraformBinary, withTerraform } from "./terraform";

const configurations = checkedConfigurations().map(([name, model]) => [name, synthAll(model)] as const);
const providersOf = (json: Record<string, any>) => new Set(allBlocks(json).map(([type]) => type.replace(/^data\./, "").split("_")[0]));

describe.each(configurations)("GIVEN %s WHEN every stack is synthesized", (_name, stacks) => {
  test("THEN every stack requires Terraform >= 1.10 (S3 native locking)", () => {
    for (const [stack, json] of Object.entries(stacks)) expect({ stack, v: json.terraform.required_version }).toEqual({ stack, v: TERRAFORM_VERSION });
  });

  test("THEN every stack using azuread requires >= 3.9.0 (the PIM fixes #1836, #1856), and msgraph 0.3.x", () => {
    for (const [stack, json] of Object.entries(stacks)) {
      const used = providersOf(json);
      const required = json.terraform.required_providers ?? {};
      expect({ stack, azuread: required.azuread }).toEqual({ stack, azuread: used.has("azuread") ? { source: "hashicorp/azuread", version: AZUREAD_VERSION } : undefined });
      expect({ stack, msgraph: required.msgraph }).toEqual({ stack, msgraph: used.has("msgraph") ? { source: "microsoft/msgraph", version: MSGRAPH_VERSION } : undefined });
    }
  });
});

describe("what the constraints select, by terraform init from a filesystem mirror", () => {
  const platform = JSON.parse(withTerraform("versions-", (tf) => tf.ok("version", "-json").stdout)).platform as string;
  const entra = configurations[0][1]["entra-sso"];

  /** `terraform init` of the stack's terraform block against a mirror holding these versions; the selected versions. */
  function init(available: Record<string, readonly string[]>): { status: number; selected: Record<string, string>; text: string } {
    return withTerraform("versions-", (tf) => {
      for (const [source, versions] of Object.entries(available)) {
        for (const v of versions) {
          const dir = join(tf.dir, "mirror", "registry.terraform.io", source, v, platform);
          mkdirSync(dir, { recursive: true });
          writeFileSync(join(dir, `terraform-provider-${source.split("/")[1]}_v${v}`), "stand-in: never executed\n");
        }
      }
      tf.write(`provider_installation {\n  filesystem_mirror {\n    path = "${join(tf.dir, "mirror")}"\n  }\n}\n`, "cli.tfrc");
      tf.write({ terraform: { required_version: entra.terraform.required_version, required_providers: entra.terraform.required_providers } });
      // The suite's Terraform environment, with this mirror as the only provider source.
      writeFileSync(join(tf.dir, "init.sh"), `TF_CLI_CONFIG_FILE=cli.tfrc "${terraformBinary()}" init -input=false -no-color -backend=false 2>&1; echo "exit=$?"\n`);
      const text = tf.bash("init.sh");
      const status = Number(/exit=(\d+)/.exec(text)?.[1] ?? 1);
      const lock = status === 0 ? readFileSync(join(tf.dir, ".terraform.lock.hcl"), "utf8") : "";
      const selected = Object.fromEntries([...lock.matchAll(/provider "registry\.terraform\.io\/([^"]+)" \{\s*version\s*=\s*"([^"]+)"/g)].map((m) => [m[1], m[2]]));
      return { status, selected, text };
    });
  }

  test("GIVEN azuread 3.7.0 to 4.0.0 and msgraph 0.1.0 to 0.4.0 THEN init picks the newest 3.x from 3.9.0 on and msgraph 0.3.0", () => {
    const r = init({ "hashicorp/azuread": ["3.7.0", "3.8.0", "3.9.0", "3.10.1", "4.0.0"], "microsoft/msgraph": ["0.1.0", "0.2.0", "0.3.0", "0.4.0"] });
    expect(r.status).toBe(0);
    expect(r.selected).toEqual({ "hashicorp/azuread": "3.10.1", "microsoft/msgraph": "0.3.0" });
  });

  test("GIVEN only azuread 3.7.0 and 3.8.0 (the versions without both PIM fixes) THEN init refuses", () => {
    const r = init({ "hashicorp/azuread": ["3.7.0", "3.8.0"], "microsoft/msgraph": ["0.3.0"] });
    expect(r.status).not.toBe(0);
    expect(r.text).toContain("no available releases match the given constraints");
  });

  test("GIVEN msgraph only up to 0.2.0 (no update_method, no 0.3.0 schema) THEN init refuses", () => {
    const r = init({ "hashicorp/azuread": ["3.9.0"], "microsoft/msgraph": ["0.1.0", "0.2.0"] });
    expect(r.status).not.toBe(0);
    expect(r.text).toContain("microsoft/msgraph");
  });
});

describe("the prebuilt azuread bindings (14.3.1, generated from 3.7.0) against the pinned provider's schema", () => {
  const azuread = JSON.parse(readFileSync(join(ROOT, "test", "fixtures", "provider-schemas", "azuread.json"), "utf8")).types as Record<string, any>;
  const used = [...new Set(configurations.flatMap(([, stacks]) => Object.values(stacks).flatMap((json) => allBlocks(json).map(([t]) => t))))]
    .filter((t) => t.replace(/^data\./, "").startsWith("azuread_"))
    .sort();

  /** Top-level arguments the binding synthesizes (its `synthesizeAttributes`), without SDK-implicit `id` and `timeouts`. */
  function bindingArguments(type: string): string[] {
    const dir = type.startsWith("data.") ? `data-${type.slice(5).replace(/_/g, "-")}` : type.replace(/^azuread_/, "").replace(/_/g, "-");
    const js = readFileSync(join(ROOT, "node_modules", "@cdktf", "provider-azuread", "lib", dir, "index.js"), "utf8");
    const body = /synthesizeAttributes\(\) \{\s*return \{([\s\S]*?)\n\s*\};/.exec(js)?.[1] ?? "";
    return [...body.matchAll(/^\s*([a-z0-9_]+):/gm)].map((m) => m[1]).filter((a) => a !== "id" && a !== "timeouts").sort();
  }

  test("every azuread type we synthesize is recorded, and its schema did not change between v3.7.0 and v3.9.0", () => {
    expect(used.filter((t) => !azuread[t])).toEqual([]);
    for (const t of used) expect({ t, same: azuread[t].sameSchemaAsBindings, differences: azuread[t].differences }).toEqual({ t, same: true, differences: [] });
  });

  test.each(used)("%s: the binding's arguments are exactly the provider's configurable arguments at v3.9.0", (type) => {
    const schema: Record<string, string> = azuread[type].schema;
    const configurable = Object.entries(schema)
      .filter(([path, flags]) => !path.includes(".") && /Required|Optional/.test(flags))
      .map(([path]) => path)
      .sort();
    expect(bindingArguments(type)).toEqual(configurable);
  });
});
