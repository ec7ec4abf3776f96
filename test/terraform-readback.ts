/**
 * What the real `terraform` reads from synthesized stacks, provider-free: every string and every object key of every
 * stack (resources, data sources, locals, outputs, providers, `terraform_remote_state` configs, `moved` addresses)
 * and every S3 backend block. Proves that user text reaches Terraform exactly as written, whatever it contains.
 *
 * How, without the azuread/msgraph/aws providers: Terraform's reading of a template has literal parts (decoded by
 * Terraform: `$${` → `${`, `%%{` → `%{`) and interpolations (evaluated). `neutralize()` replaces every interpolation
 * and directive of a string with a marker and keeps the literal parts untouched, and collects the HCL quoted strings
 * inside each interpolation (map keys such as `groups["ops"]`); one root module then outputs every neutralized
 * string, every object with its keys neutralized, and every quoted string as `${"…"}`, and Terraform evaluates them.
 * If user text reached the JSON unescaped, its `${…}` is an interpolation here too: it is replaced by the marker (and
 * the text is not read back), or, should the scanner ever disagree with Terraform, Terraform evaluates it (an error,
 * or other text). Either way the read-back differs from what the user wrote: a test built on this cannot pass by
 * accident. Backend blocks are decoded by Terraform without templates: `terraform init` against a fake S3 endpoint
 * on 127.0.0.1 (test/fake-s3-server.js) and Terraform's own record of the backend config (`.terraform/terraform.tfstate`).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { SynthesizedStacks } from "./helpers";
import { withTerraform } from "./terraform";

/** What replaces an interpolation or directive (no `$`, `%`, `{`, `}`: inert in a template, and not user text). */
export const MARK = "⟦⟧";

export interface Neutralized {
  /** The string with every top-level interpolation and directive replaced by MARK; literal parts as they were. */
  readonly text: string;
  /** The HCL quoted strings inside the interpolations (quotes included), themselves neutralized. */
  readonly quoted: readonly string[];
}

/** Splits a Terraform template (a JSON string of a .tf.json file) the way Terraform's template scanner does. */
export function neutralize(s: string): Neutralized {
  const quoted: string[] = [];
  const { text } = scanTemplate(s, 0, false, quoted);
  return { text, quoted };
}

function scanTemplate(s: string, start: number, inQuotes: boolean, quoted: string[]): { text: string; end: number } {
  let text = "";
  let i = start;
  while (i < s.length) {
    const c = s[i];
    if (inQuotes && c === '"') return { text, end: i + 1 };
    if (inQuotes && c === "\\") {
      text += s.slice(i, i + 2);
      i += 2;
      continue;
    }
    if ((c === "$" || c === "%") && s[i + 1] === c && s[i + 2] === "{") {
      // `$${` / `%%{`: an escaped literal; Terraform decodes it.
      text += s.slice(i, i + 3);
      i += 3;
      continue;
    }
    if ((c === "$" || c === "%") && s[i + 1] === "{") {
      i = scanExpression(s, i + 2, quoted);
      text += MARK;
      continue;
    }
    text += c;
    i++;
  }
  if (inQuotes) throw new Error(`unterminated quoted string in ${JSON.stringify(s)}`);
  return { text, end: i };
}

/** Skips an expression up to its closing `}`, collecting the quoted strings in it. */
function scanExpression(s: string, start: number, quoted: string[]): number {
  let depth = 0;
  let i = start;
  while (i < s.length) {
    const c = s[i];
    if (c === '"') {
      const inner = scanTemplate(s, i + 1, true, quoted);
      quoted.push(`"${inner.text}"`);
      i = inner.end;
      continue;
    }
    if (c === "<" && s[i + 1] === "<" && /[A-Za-z-]/.test(s[i + 2] ?? "")) throw new Error(`heredoc in an expression is not supported here: ${JSON.stringify(s)}`);
    if (c === "{") depth++;
    else if (c === "}") {
      if (depth === 0) return i + 1;
      depth--;
    }
    i++;
  }
  throw new Error(`unterminated interpolation in ${JSON.stringify(s)}`);
}

/** Meta-arguments whose strings are traversals or keywords, not templates (their quoted index keys are read back). */
const TRAVERSALS = new Set(["depends_on", "provider", "ignore_changes", "replace_triggered_by"]);

interface Collected {
  readonly strings: string[];
  readonly objects: Record<string, number>[];
}

/** Every string (neutralized, quoted strings as `${"…"}`) and every object of a stack, in Terraform JSON terms. */
function collect(json: Record<string, unknown>): Collected {
  const out: Collected = { strings: [], objects: [] };
  const addString = (s: string, template: boolean) => {
    if (!template) {
      // A traversal (`x["key"]`): its quoted index keys are HCL strings.
      const quoted: string[] = [];
      scanExpression(`${s}}`, 0, quoted);
      for (const q of quoted) out.strings.push(`\${${q}}`);
      return;
    }
    const n = neutralize(s);
    out.strings.push(n.text);
    for (const q of n.quoted) out.strings.push(`\${${q}}`);
  };
  const walk = (value: unknown, template: boolean, withKeys: boolean): void => {
    if (typeof value === "string") addString(value, template);
    else if (Array.isArray(value)) value.forEach((x) => walk(x, template, withKeys));
    else if (value !== null && typeof value === "object") {
      const entries = Object.entries(value).filter(([k]) => k !== "//");
      if (withKeys && entries.length > 0) {
        // Keys in expression context are templates too; neutralized keys that coincide go to separate objects.
        let object: Record<string, number> = {};
        for (const [k] of entries) {
          const n = neutralize(k);
          if (Object.hasOwn(object, n.text)) {
            out.objects.push(object);
            object = {};
          }
          object[n.text] = 0;
          for (const q of n.quoted) out.strings.push(`\${${q}}`);
        }
        out.objects.push(object);
      }
      for (const [k, v] of entries) walk(v, template && !TRAVERSALS.has(k), withKeys);
    }
  };
  for (const [section, body] of Object.entries(json)) {
    if (section === "terraform" || section === "//") continue;
    if (section === "moved") {
      for (const m of body as { from: string; to: string }[]) for (const a of [m.from, m.to]) addString(a, false);
      continue;
    }
    // resource/data: <type> → <name> → attributes; locals/output/provider/variable: <name> → value.
    const depth = section === "resource" || section === "data" || section === "provider" ? 2 : 1;
    const blocks = (node: unknown, level: number): void => {
      if (level === 0) {
        walk(node, true, true);
        return;
      }
      for (const [k, v] of Object.entries(node as Record<string, unknown>)) if (k !== "//") blocks(v, level - 1);
    };
    blocks(body, depth);
  }
  return out;
}

/** Every string Terraform read (values and keys, recursively, and inside JSON documents such as inline policies). */
export interface ReadBack {
  readonly strings: ReadonlySet<string>;
  /** The S3 backend config Terraform recorded, per stack (only stacks with an S3 backend). */
  readonly backends: Readonly<Record<string, Record<string, unknown>>>;
}

/** Evaluates every string and key of every stack with the real terraform (one apply), and each S3 backend block. */
export function readBack(stacks: SynthesizedStacks, s3Endpoint?: string): ReadBack {
  const root: Record<string, unknown> = { output: {} };
  for (const [name, json] of Object.entries(stacks)) {
    const c = collect(json);
    (root.output as Record<string, unknown>)[`stack_${name.replace(/[^\w-]/g, "_")}`] = { value: { strings: c.strings, objects: c.objects } };
  }
  const strings = new Set<string>();
  const add = (value: unknown): void => {
    if (typeof value === "string") {
      strings.add(value);
      if (/^\s*[[{]/.test(value)) {
        try {
          add(JSON.parse(value));
        } catch {
          // not a JSON document
        }
      }
    } else if (Array.isArray(value)) value.forEach(add);
    else if (value !== null && typeof value === "object") {
      for (const [k, v] of Object.entries(value)) {
        add(k);
        add(v);
      }
    }
  };
  withTerraform("readback-", (tf) => {
    tf.write(root);
    tf.apply();
    for (const o of Object.values(tf.outputs())) add(o.value);
  });
  const backends: Record<string, Record<string, unknown>> = {};
  for (const [name, json] of Object.entries(stacks)) {
    const s3 = (json.terraform as { backend?: { s3?: Record<string, unknown> } } | undefined)?.backend?.s3;
    if (!s3) continue;
    if (!s3Endpoint) throw new Error(`stack ${name} has an S3 backend: give readBack a fake S3 endpoint (startFakeS3)`);
    backends[name] = initS3Backend(s3, s3Endpoint);
    add(backends[name]);
  }
  return { strings, backends };
}

/** `terraform init` of an S3 backend block as synthesized (plus offline settings); Terraform's record of its config. */
export function initS3Backend(block: Record<string, unknown>, endpoint: string): Record<string, unknown> {
  const offline = {
    access_key: "fake",
    secret_key: "fake",
    skip_credentials_validation: true,
    skip_requesting_account_id: true,
    skip_metadata_api_check: true,
    skip_region_validation: true,
    use_path_style: true,
    endpoints: { s3: endpoint },
  };
  return withTerraform("readback-s3-", (tf) => {
    tf.write({ terraform: { backend: { s3: { ...block, ...offline } } } });
    tf.init();
    const recorded = JSON.parse(readFileSync(join(tf.dir, ".terraform", "terraform.tfstate"), "utf8")) as { backend: { config: Record<string, unknown> } };
    const config = { ...recorded.backend.config };
    for (const k of Object.keys(offline)) delete config[k];
    return config;
  });
}

/** The fake S3 endpoint (a separate process: Terraform runs synchronously here). `stop()` ends it and waits for its exit. */
export interface FakeS3 {
  readonly endpoint: string;
  stop(): Promise<void>;
}

export function startFakeS3(): Promise<FakeS3> {
  const child: ChildProcess = spawn(process.execPath, [join(__dirname, "fake-s3-server.js")], { stdio: ["pipe", "pipe", "inherit"] });
  return new Promise((resolve, reject) => {
    let buffer = "";
    child.once("error", reject);
    child.stdout?.on("data", (chunk: Buffer) => {
      buffer += chunk.toString("utf8");
      const m = /^(\d+)\n/.exec(buffer);
      if (m) resolve({ endpoint: `http://127.0.0.1:${m[1]}`, stop: () => stopChild(child) });
    });
  });
}

/**
 * Ends the server (it exits when its stdin closes) and resolves once it has exited and its pipes are closed: a child still running when the test
 * file ends would keep jest's worker alive (test/environment.ts). A server that does not exit within 10 s is killed.
 */
function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((done) => {
    const kill = setTimeout(() => child.kill("SIGKILL"), 10_000);
    child.once("close", () => {
      clearTimeout(kill);
      done();
    });
    child.stdin?.end();
  });
}
