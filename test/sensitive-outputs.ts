/**
 * Which outputs of synthesized stacks carry a value the providers mark sensitive. Terraform refuses a plan whose root
 * output refers to a sensitive value unless the output says `sensitive = true` ("Output refers to sensitive values");
 * test/sensitive-outputs.test.ts proves that premise with the real `terraform`, and what it does not count:
 * - a value the provider marks: an attribute listed in test/fixtures/provider-schemas/*.json for the resource or data
 *   source type (nested block attributes by dotted path; a reference to a whole resource or block contains them);
 * - a value derived from one: through locals (transitively), `terraform_data` inputs, sensitive variables, `sensitive()`;
 * - not: a value inside `nonsensitive(...)`, and outputs of another stack read through `terraform_remote_state`
 *   (Terraform does not carry their sensitivity across).
 * Conservative: any reference counts, whatever the expression does with it.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT, type SynthesizedStacks } from "./helpers";

const SCHEMAS = join(ROOT, "test", "fixtures", "provider-schemas");
/** Terraform's built-in types: handled by what they do, not by a schema list. */
export const BUILTIN_TYPES = new Set(["terraform_data", "data.terraform_remote_state"]);

/** Sensitive attribute paths by type (`aws_x`, `data.aws_x`), from every checked-in provider file (one per provider). */
export function sensitiveAttributes(): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const file of readdirSync(SCHEMAS).filter((f) => f.endsWith(".json")).sort()) {
    const types: Record<string, any> = JSON.parse(readFileSync(join(SCHEMAS, file), "utf8")).types;
    for (const [type, entry] of Object.entries(types)) out.set(type, Array.isArray(entry) ? entry : entry.sensitive);
  }
  return out;
}

export interface OutputSensitivity {
  readonly stack: string;
  readonly output: string;
  /** Declared `sensitive = true`. */
  readonly declared: boolean;
  /** The sensitive values it reads (`<type>.<name>.<path>`), empty when none. */
  readonly reads: readonly string[];
}

/** `nonsensitive(...)` calls removed (their result is not sensitive), balanced over parentheses and strings. */
export function withoutNonsensitive(text: string): string {
  let out = text;
  for (let at = out.indexOf("nonsensitive("); at >= 0; at = out.indexOf("nonsensitive(")) {
    let depth = 0;
    let i = at + "nonsensitive".length;
    for (; i < out.length; i++) {
      const c = out[i];
      if (c === '"') for (i++; i < out.length && out[i] !== '"'; i++) if (out[i] === "\\") i++;
      if (c === "(") depth++;
      if (c === ")" && --depth === 0) break;
    }
    out = `${out.slice(0, at)}NONSENSITIVE${out.slice(i + 1)}`;
  }
  return out;
}

const segments = (suffix: string) =>
  suffix
    .replace(/\[[^\]]*\]/g, "")
    .split(".")
    .filter((s) => s && s !== "*");
const overlaps = (a: readonly string[], b: readonly string[]) => a.slice(0, Math.min(a.length, b.length)).every((s, i) => s === b[i]);

/** Every output of every stack with the sensitive values it reads. Throws on a type no schema file lists. */
export function outputSensitivity(stacks: SynthesizedStacks, attributes = sensitiveAttributes()): OutputSensitivity[] {
  const out: OutputSensitivity[] = [];
  for (const [stackName, stack] of Object.entries(stacks)) {
    const resourceTypes = Object.keys(stack.resource ?? {});
    const localMemo = new Map<string, string[]>();
    const dataMemo = new Map<string, string[]>();

    const reads = (value: unknown, seen: Set<string>): string[] => {
      const text = withoutNonsensitive(JSON.stringify(value) ?? "");
      const found: string[] = [];
      if (/\bsensitive\(/.test(text)) found.push("sensitive()");
      for (const m of text.matchAll(/\bvar\.([\w-]+)/g)) if (stack.variable?.[m[1]]?.sensitive) found.push(`var.${m[1]}`);
      for (const m of text.matchAll(/\blocal\.([\w-]+)/g)) found.push(...local(m[1], seen));
      for (const m of text.matchAll(/(?<![\w.-])data\.([a-z][a-z0-9_]*)\.([\w-]+)((?:\[[^\]]*\]|\.[\w*-]+)*)/g)) {
        found.push(...attribute(`data.${m[1]}`, m[2], segments(m[3]), seen));
      }
      for (const type of resourceTypes) {
        const pattern = new RegExp(`(?<![\\w.-])${type}\\.([\\w-]+)((?:\\[[^\\]]*\\]|\\.[\\w*-]+)*)`, "g");
        for (const m of text.matchAll(pattern)) found.push(...attribute(type, m[1], segments(m[2]), seen));
      }
      return [...new Set(found)].sort();
    };

    const local = (name: string, seen: Set<string>): string[] => {
      if (localMemo.has(name)) return localMemo.get(name) as string[];
      if (seen.has(`local.${name}`)) return [];
      const r = reads(stack.locals?.[name], new Set([...seen, `local.${name}`]));
      localMemo.set(name, r);
      return r;
    };

    const attribute = (type: string, name: string, path: readonly string[], seen: Set<string>): string[] => {
      if (type === "data.terraform_remote_state") return [];
      if (type === "terraform_data") {
        const key = `${type}.${name}`;
        if (!dataMemo.has(key)) {
          const block = stack.resource?.terraform_data?.[name] ?? {};
          dataMemo.set(key, seen.has(key) ? [] : reads({ input: block.input, for_each: block.for_each }, new Set([...seen, key])));
        }
        return dataMemo.get(key) as string[];
      }
      const sensitive = attributes.get(type);
      if (!sensitive) throw new Error(`no provider schema lists ${type}: run npm run provider-schemas (test/fixtures/provider-schemas/)`);
      return sensitive.filter((p) => overlaps(p.split("."), path)).map((p) => `${type}.${name}.${p}`);
    };

    for (const [name, output] of Object.entries<{ value: unknown; sensitive?: boolean }>(stack.output ?? {})) {
      out.push({ stack: stackName, output: name, declared: output.sensitive === true, reads: reads(output.value, new Set()) });
    }
  }
  return out;
}
