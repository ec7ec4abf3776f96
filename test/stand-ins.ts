/**
 * Provider-free stand-ins for a synthesized stack, so the real `terraform` plans and applies our graph offline: every
 * provider resource becomes a built-in `terraform_data` (its arguments in `input`, with the computed attributes the
 * provider would set, its ForceNew arguments in `triggers_replace`, its lifecycle — prevent_destroy,
 * create_before_destroy, replace_triggered_by, conditions — as written; arguments listed in `ignore_changes` are held
 * by a companion `<stand-in>__ignored` whose input Terraform ignores), every data source becomes a local holding a fixture (its preconditions and
 * postconditions checked by a `terraform_data` of the same count/for_each), and every reference, `depends_on`,
 * `moved`, `removed` and `import` address is rewritten to match. Locals, outputs, count/for_each expressions, conditions and
 * `check` blocks are the synthesized ones. What stays ours: the fixture data and the computed values; what is
 * Terraform's: everything it plans from them (instances, actions, ordering, conditions, sensitivity, moved/removed).
 * One difference to the real graph: Terraform checks `[0]` of a data-source fixture even where count is 0 (it would not
 * evaluate an unread data source), so a fixture of a count-0 data source holds an element nobody reads.
 */

/** The stand-in of resource `<type>.<name>`. */
export function standInName(type: string, name: string): string {
  return `${type}__${name}`;
}

/** The local that holds the fixture of data source `data.<type>.<name>`. */
export function dataLocal(type: string, name: string): string {
  return `data__${type}__${name}`;
}

export interface StandInOptions {
  /**
   * The value of every data source, by address (`data.<type>.<name>`): its attributes for a single block, a map by
   * instance key for for_each, a list for count. A data source without a fixture fails the conversion.
   */
  readonly data: Readonly<Record<string, unknown>>;
  /**
   * Attributes the provider computes, merged into the stand-in's input: `instance` is the instance key as a template
   * (`${each.key}`, `${count.index}` or ""), `attrs` the block's arguments (Terraform expressions). @default - only `id`
   */
  readonly computed?: (type: string, attrs: Readonly<Record<string, unknown>>, instance: string, address: string) => Record<string, unknown>;
  /** Arguments the provider's schema marks ForceNew, by resource type (a change replaces the instance). */
  readonly forceNew?: Readonly<Record<string, readonly string[]>>;
}

/** Suffix of the companion that holds a stand-in's `ignore_changes` arguments. */
export const IGNORED_SUFFIX = "__ignored";

const META = new Set(["count", "for_each", "depends_on", "lifecycle", "provider", "provisioner", "connection", "timeouts"]);

/** Terraform JSON of the stand-in configuration of one synthesized stack. */
export function standIn(stack: Record<string, any>, options: StandInOptions): Record<string, any> {
  const resources: Array<[string, string, any]> = [];
  for (const [type, byName] of Object.entries<Record<string, any>>(stack.resource ?? {})) {
    for (const [name, block] of Object.entries(byName)) resources.push([type, name, block]);
  }
  const dataBlocks: Array<[string, string, any]> = [];
  for (const [type, byName] of Object.entries<Record<string, any>>(stack.data ?? {})) {
    for (const [name, block] of Object.entries(byName)) dataBlocks.push([type, name, block]);
  }
  const replaced = resources.filter(([type]) => type !== "terraform_data");
  const forEachOf = new Map(replaced.map(([type, name, block]) => [`${type}.${name}`, block.for_each !== undefined]));

  const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const resourcePattern = replaced.length
    ? new RegExp(`(?<![\\w.-])(${replaced.map(([t, n]) => `${escape(t)}\\.${escape(n)}`).join("|")})(?![\\w-])(\\[[^\\]]*\\])?`, "g")
    : undefined;
  const dataPattern = dataBlocks.length
    ? new RegExp(`(?<![\\w.-])data\\.(${dataBlocks.map(([t, n]) => `${escape(t)}\\.${escape(n)}`).join("|")})(?![\\w-])`, "g")
    : undefined;

  /** References in an expression or template, rewritten; `asAddress` for depends_on / replace_triggered_by entries. */
  const text = (s: string, asAddress = false): string => {
    let out = s;
    if (dataPattern) out = out.replace(dataPattern, (_m, addr: string) => `local.${dataLocal(...(splitAddress(addr) as [string, string]))}`);
    if (resourcePattern) {
      out = out.replace(resourcePattern, (_m, addr: string, index: string | undefined, offset: number, whole: string) => {
        const [type, name] = splitAddress(addr);
        const target = `terraform_data.${standInName(type, name)}`;
        const next = whole[offset + _m.length];
        if (asAddress && next !== ".") return `${target}${index ?? ""}`;
        if (index !== undefined || next === ".") return `${target}${index ?? ""}.output`;
        return forEachOf.get(addr) ? `{ for k, v in ${target} : k => v.output }` : `${target}.output`;
      });
    }
    return out;
  };
  const deep = (v: unknown): unknown => {
    if (typeof v === "string") return text(v);
    if (Array.isArray(v)) return v.map(deep);
    if (v && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, deep(x)]));
    return v;
  };
  const instanceOf = (block: any) => (block.for_each !== undefined ? "${each.key}" : block.count !== undefined ? "${count.index}" : "");
  const iteration = (block: any) => ({
    ...(block.for_each !== undefined ? { for_each: deep(block.for_each) } : {}),
    ...(block.count !== undefined ? { count: deep(block.count) } : {}),
  });
  const dependsOn = (block: any) => {
    const deps = (block.depends_on ?? [])
      .filter((d: string) => !d.startsWith("data."))
      .map((d: string) => text(d, true));
    return deps.length ? { depends_on: deps } : {};
  };

  const standIns: Record<string, any> = {};
  for (const [type, name, block] of resources) {
    if (type === "terraform_data") {
      standIns[name] = { ...(deep(withoutBlocks(block)) as object), ...dependsOn(block) };
      continue;
    }
    const lifecycle = block.lifecycle ?? {};
    const ignored = new Set<string>(Array.isArray(lifecycle.ignore_changes) ? lifecycle.ignore_changes : []);
    const attrs = Object.fromEntries(Object.entries(withoutBlocks(block) as object).filter(([k]) => !META.has(k) && !ignored.has(k)).map(([k, v]) => [k, deep(v)]));
    const instance = instanceOf(block);
    const computed = { id: `${type}.${name}${instance ? `/${instance}` : ""}`, ...(options.computed?.(type, attrs, instance, `${type}.${name}`) ?? {}) };
    const forceNew = (options.forceNew?.[type] ?? []).filter((a) => a in attrs);
    const lc: Record<string, unknown> = {};
    if (lifecycle.prevent_destroy !== undefined) lc.prevent_destroy = lifecycle.prevent_destroy;
    if (lifecycle.create_before_destroy !== undefined) lc.create_before_destroy = lifecycle.create_before_destroy;
    if (lifecycle.replace_triggered_by) lc.replace_triggered_by = lifecycle.replace_triggered_by.map((r: string) => text(r, true));
    if (lifecycle.precondition) lc.precondition = deep(lifecycle.precondition);
    if (lifecycle.postcondition) lc.postcondition = (deep(lifecycle.postcondition) as any[]).map((c) => ({ ...c, condition: c.condition.replace(/\bself\./g, "self.output.") }));
    standIns[standInName(type, name)] = {
      ...iteration(block),
      ...dependsOn(block),
      input: { ...attrs, ...computed },
      ...(forceNew.length ? { triggers_replace: Object.fromEntries(forceNew.map((a) => [a, attrs[a]])) } : {}),
      ...(Object.keys(lc).length ? { lifecycle: lc } : {}),
    };
    // Ignored arguments live in a companion whose whole input is ignored: state edits that stand for what the
    // provider's Read reports there show what Terraform plans about them.
    if (ignored.size > 0) {
      standIns[`${standInName(type, name)}${IGNORED_SUFFIX}`] = {
        ...iteration(block),
        input: Object.fromEntries([...ignored].filter((k) => k in block).map((k) => [k, deep(withoutBlocks(block[k]))])),
        lifecycle: { ignore_changes: ["input"] },
      };
    }
  }

  const locals: Record<string, unknown> = {};
  for (const [type, name, block] of dataBlocks) {
    const address = `data.${type}.${name}`;
    if (!(address in options.data)) throw new Error(`stand-in: no fixture for ${address}`);
    locals[dataLocal(type, name)] = options.data[address];
    const lifecycle = block.lifecycle ?? {};
    if (!lifecycle.precondition && !lifecycle.postcondition) continue;
    const self = `local.${dataLocal(type, name)}${block.for_each !== undefined ? "[each.key]" : block.count !== undefined ? "[count.index]" : ""}`;
    standIns[`data__${type}__${name}`] = {
      ...iteration(block),
      input: null,
      lifecycle: {
        precondition: [
          ...((deep(lifecycle.precondition ?? []) as any[])),
          ...((deep(lifecycle.postcondition ?? []) as any[]).map((c) => ({ ...c, condition: c.condition.replace(/\bself\b/g, self) }))),
        ],
      },
    };
  }
  for (const [name, value] of Object.entries(stack.locals ?? {})) locals[name] = deep(value);

  const config: Record<string, any> = {
    terraform: stack.terraform?.required_version ? { required_version: stack.terraform.required_version } : {},
    locals,
    resource: { terraform_data: standIns },
  };
  if (stack.output) config.output = deep(withoutBlocks(stack.output));
  if (stack.check) config.check = deep(withoutBlocks(stack.check));
  for (const kind of ["moved", "removed"] as const) {
    if (stack[kind]) config[kind] = stack[kind].map((b: any) => ({ ...b, ...(b.from ? { from: blockAddress(b.from) } : {}), ...(b.to ? { to: blockAddress(b.to) } : {}) }));
  }
  // Import blocks (the adopted file's): onto the stand-ins, which the built-in provider can import (any id).
  if (stack.import) config.import = stack.import.map((b: any) => ({ ...(deep(b) as object), to: blockAddress(b.to) }));
  return config;
}

/**
 * A `moved`/`removed` address, whether or not the resource is still in the configuration (a removed block names one
 * that is not): `<type>.<name>[key]` of a provider type becomes its stand-in.
 */
function blockAddress(addr: string): string {
  const m = /^([a-z][a-z0-9]*_[a-z0-9_]+)\.([\w-]+)(\[.*\])?$/.exec(addr);
  if (!m || m[1] === "terraform_data") return addr;
  return `terraform_data.${standInName(m[1], m[2])}${m[3] ?? ""}`;
}

/** Without cdktf's `//` metadata and `dynamic` blocks (stand-ins do not generate nested blocks). */
function withoutBlocks(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(withoutBlocks);
  if (v && typeof v === "object") return Object.fromEntries(Object.entries(v).filter(([k]) => k !== "//" && k !== "dynamic").map(([k, x]) => [k, withoutBlocks(x)]));
  return v;
}

function splitAddress(addr: string): [string, string] {
  const dot = addr.indexOf(".");
  return [addr.slice(0, dot), addr.slice(dot + 1)];
}
