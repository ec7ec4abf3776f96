/**
 * Untrusted text reaches Terraform only as text (issue 12: Terraform expression injection). The real `terraform`
 * (provider-free, test/terraform-readback.ts) reads back every string and key of every synthesized stack, backend and
 * remote-state block; user text must come out exactly as the file has it:
 * - generated files (every field of the schema, test/arbitraries.ts `fullFederationDoc`) with hostile text planted in
 *   every string leaf at once (`${…}`, `%{…}`, their escapes, quotes, backslashes, cdktf token markers, line breaks,
 *   Markdown, bidi, …): a file that validation accepts synthesizes, and Terraform reads back every planted text that
 *   reaches Terraform exactly; a planted text validation refuses is refused with a located error;
 * - the issue's own example and the fields that were missed before (appRole, scimSecret.kmsKeyId, the access-portal
 *   URL's fragment), and the backend/remote-state pair;
 * - the generator covers every string path the schema has, so a new field must be generated (and so checked) here.
 */
import fc from "fast-check";
import { formatDiagnostic, formatPath } from "../src/model/diagnostics";
import { federationSchema } from "../src/model/schema";
import { hclString, literal, plainText, quoted } from "../src/terraform/text";
import { terraformSafe } from "../src/terraform/view";
import { type AnyDoc, fullFederationDoc, HOSTILE_PIECES, hostileText, type Leaf, pathPattern, plant, runs, stringLeaves, toYaml } from "./arbitraries";
import { loadText, synthAll } from "./helpers";
import { type FakeS3, MARK, neutralize, readBack, startFakeS3 } from "./terraform-readback";
import { withTerraform } from "./terraform";

/** Leaves whose text never reaches Terraform (review-only, or turned into something else before it does). */
const NOT_IN_TERRAFORM: readonly RegExp[] = [
  /^accounts\.<key>$/, // account names become ids
  /^accounts\.\*\.description$/,
  /^assignments\[\]\.(accounts|excludeAccounts)\[\]$/, // names and ids become ids
  /^identityCenter\.managementAccount$/, // the lockout guard's
  /^identityCenter\.assignmentShards$/,
  /^review\./,
  /^entra\.provisioning\.scope$/, // becomes SyncAll "true"/"false"
  /^groups\.\*\.activation\.maximumDuration$/, // canonical form (PT60M → PT1H)
  /^groups\.\*\.eligibleMembers\[\]\.expirationDate$/, // RFC 3339 in UTC
  /^permissionSets\.\*\.inlinePolicy$/, // a file name; the file's content is what reaches Terraform
  /^\$schema$/,
];
/** Principals (UPNs and object ids) reach Terraform lower-cased (they compare without case in Entra). */
const LOWER_CASED: readonly RegExp[] = [/members\[\]$/, /owners\[\]$/, /eligibleMembers\[\]\.principal$/, /approvers\[\]$/, /^assignments\[\]\.user$/, /^groups\.\*\.objectId$/];

/** Free-text fields that every run of the property must have read back with hostile text (8 files usually suffice). */
const REQUIRED = [
  "groups.*.appRole",
  "groups.*.description",
  "groups.<key>",
  "permissionSets.*.description",
  "permissionSets.*.relayState",
  "permissionSets.*.customerManagedPolicies[].path",
  "entra.application.displayName",
  "entra.application.signingCertificate.displayName",
  "entra.application.signingCertificates.*.displayName",
  "identityCenter.serviceProvider.accessPortalUrl",
] as const;

type Expectation = "absent" | "exact" | "lower";
const expectation = (pattern: string): Expectation =>
  NOT_IN_TERRAFORM.some((re) => re.test(pattern)) ? "absent" : LOWER_CASED.some((re) => re.test(pattern)) ? "lower" : "exact";

let s3: FakeS3;
beforeAll(async () => {
  s3 = await startFakeS3();
});
afterAll(async () => s3?.stop());

/** Plants `~<n>~<hostile>` into the leaves in `chosen` (values first, then keys, deepest first, so paths stay valid). */
function build(doc: AnyDoc, leaves: readonly Leaf[], chosen: ReadonlySet<number>, texts: readonly string[]): AnyDoc {
  let out = doc;
  const order = [...chosen].sort((a, b) => {
    const ka = leaves[a].kind === "key" ? 1 : 0;
    const kb = leaves[b].kind === "key" ? 1 : 0;
    return ka - kb || leaves[b].path.length - leaves[a].path.length || a - b;
  });
  for (const i of order) out = plant(out, leaves[i], `~${i}~${texts[i]}`).doc;
  return out;
}

/** Where each planted canary ended up (formatted as the loader formats paths), by leaf index. */
function plantedPaths(doc: AnyDoc): Map<number, string> {
  const out = new Map<number, string>();
  for (const leaf of stringLeaves(doc)) {
    const text = leaf.kind === "key" ? String(leaf.path[leaf.path.length - 1]) : String(leafValue(doc, leaf.path));
    for (const m of text.matchAll(/~(\d+)~/g)) if (!out.has(Number(m[1]))) out.set(Number(m[1]), formatPath(leaf.path));
  }
  return out;
}

const leafValue = (doc: AnyDoc, path: readonly (string | number)[]) => path.reduce<any>((x, k) => x?.[k], doc);
const under = (path: string, root: string) => path.startsWith(`${root}.`) || path.startsWith(`${root}[`);

/**
 * The planted leaves an error is about: the leaf at its path; else the deepest planted leaf above it (a key whose
 * subtree is refused); else every planted leaf below it (a value refused as a whole, e.g. an inline policy's shape).
 */
function culpritsOf(errorPath: string, chosen: ReadonlySet<number>, paths: ReadonlyMap<number, string>): number[] {
  if (errorPath === "") return [];
  const at = [...chosen].filter((i) => paths.get(i) === errorPath);
  if (at.length) return at;
  const above = [...chosen].filter((i) => under(errorPath, paths.get(i) ?? "\u0000")).sort((x, y) => (paths.get(y)?.length ?? 0) - (paths.get(x)?.length ?? 0));
  if (above.length) return [above[0]];
  return [...chosen].filter((i) => under(paths.get(i) ?? "", errorPath));
}

describe("hostile text in every leaf of generated files", () => {
  test("GIVEN hostile text planted in every string leaf WHEN validate accepts the file THEN it synthesizes and Terraform reads every planted text back exactly; WHEN it refuses THEN with located errors", () => {
    let checked = 0;
    let refused = 0;
    const verified = new Set<string>();
    const property = fc.property(fullFederationDoc, fc.array(fc.oneof(fc.constantFrom(...HOSTILE_PIECES), hostileText), { minLength: 400, maxLength: 400 }), (doc, texts) => {
        const leaves = stringLeaves(doc).filter((l) => l.path.length > 1 || l.kind === "value");
        if (leaves.length > texts.length) throw new Error(`generated ${leaves.length} leaves; raise the hostile texts`);
        const chosen = new Set(leaves.map((_, i) => i));
        let planted = build(doc, leaves, chosen, texts);
        for (let round = 0; ; round++) {
          const r = loadText(toYaml(planted), "planted.yaml");
          if (r.model) {
            const stacks = synthAll(r.model);
            const back = readBack(stacks, s3.endpoint);
            const all = [...back.strings];
            for (const i of chosen) {
              const text = plantedText(planted, i, leaves[i]);
              const pattern = pathPattern(leaves[i].path, leaves[i].kind);
              const want = expectation(pattern);
              const seen = all.filter((s) => s.includes(`~${i}~`));
              if (want === "absent") {
                expect({ pattern, seen }).toEqual({ pattern, seen: [] });
                continue;
              }
              // A leaf that reaches Terraform is read back whole; one that does not reach it (an existing secret's
              // description, PIM rules of a group without eligible members) leaves no trace at all.
              if (seen.length === 0) continue;
              const expected = want === "lower" ? text.toLowerCase() : text;
              if (!seen.some((s) => s.includes(expected))) {
                throw new Error(`${pattern}: Terraform did not read back ${JSON.stringify(expected)}; it read ${JSON.stringify(seen)}`);
              }
              verified.add(pattern);
              checked++;
            }
            return;
          }
          const errors = r.diagnostics.filter((d) => d.severity === "error");
          // Refused: one located error per problem (a path and a line), never a crash.
          for (const d of errors) expect({ d: formatDiagnostic("planted.yaml", d), located: d.line !== undefined }).toEqual({ d: expect.any(String), located: true });
          const paths = plantedPaths(planted);
          const culprits = new Set<number>();
          for (const d of errors) for (const i of culpritsOf(d.path, chosen, paths)) culprits.add(i);
          refused += culprits.size;
          if (culprits.size === 0 || round > 8) {
            throw new Error(`cannot tell which planted text is refused:\n${errors.map((d) => formatDiagnostic("planted.yaml", d)).join("\n")}`);
          }
          for (const i of culprits) chosen.delete(i);
          planted = build(doc, leaves, chosen, texts);
        }
      });
    // No shrinking: every step is a synthesis and a Terraform run; the seed replays a failure (FC_SEED).
    const base = runs(Number(process.env.READBACK_RUNS ?? 8));
    fc.assert(property, { ...base, endOnFailure: true });
    // Random files reach every required field only with high probability: until each is read back, a few more files
    // (seeds derived from the first, so FC_SEED still replays the whole run).
    for (let extra = 1; extra <= 6 && REQUIRED.some((p) => !verified.has(p)); extra++) {
      fc.assert(property, { numRuns: 4, seed: (base.seed as number) + extra, endOnFailure: true });
    }
    // Both halves of the property ran: hostile text was read back, and hostile text was refused.
    if (process.env.READBACK_DEBUG) console.log(checked, refused, [...verified].sort().join("\n"));
    expect(checked).toBeGreaterThan(50);
    expect(refused).toBeGreaterThan(10);
    // The free-text fields, the ones missed before among them, were read back with hostile text in them.
    expect([...REQUIRED].filter((p) => !verified.has(p))).toEqual([]);
  }, 600_000);
});

/** The full text of planted leaf `i` in the planted document (the canary and what follows it, with what preceded it). */
function plantedText(doc: AnyDoc, i: number, leaf: Leaf): string {
  for (const leaf of stringLeaves(doc)) {
    const text = leaf.kind === "key" ? String(leaf.path[leaf.path.length - 1]) : String(leafValue(doc, leaf.path));
    if (text.includes(`~${i}~`)) return text;
  }
  throw new Error(`planted leaf ${i} (${JSON.stringify(leaf)}) is gone: ${JSON.stringify(doc.permissionSets)}`);
}

describe("the fields escaping used to miss", () => {
  const file = (extra: { appRole?: string; kms?: string; portal?: string; stateKms?: string; description?: string }) => `
version: 1
entra: { tenantId: 00000000-0000-0000-0000-000000000000 }
identityCenter:
  region: us-east-1
  serviceProvider:
    acsUrl: https://us-east-1.signin.aws.amazon.com/platform/saml/acs/6f0e3d2c-0000-0000-0000-000000000000
    issuerUrl: https://us-east-1.signin.aws.amazon.com/platform/saml/d-0123456789
    accessPortalUrl: ${JSON.stringify(extra.portal ?? "https://d-0123456789.awsapps.com/start")}
  scimSecret: { name: fed/scim, kmsKeyId: ${JSON.stringify(extra.kms ?? "alias/scim")}, description: ${JSON.stringify(extra.description ?? "scim")} }
groups:
  admins: { members: [bob@example.com], appRole: ${JSON.stringify(extra.appRole ?? "User")} }
permissionSets:
  Admin: { managedPolicies: [arn:aws:iam::aws:policy/AdministratorAccess] }
assignments:
  - { group: admins, permissionSet: Admin, accounts: ["111111111111"] }
state:
  s3: { bucket: fed-state, region: us-east-1, kmsKeyId: ${JSON.stringify(extra.stateKms ?? "alias/state")} }
`;
  const EXFIL = '${tonumber(base64encode(file("/proc/self/environ")))}';

  test("GIVEN the issue's appRole that would print the environment WHEN synthesized THEN Terraform reads it as text, not as a function call", () => {
    const r = loadText(file({ appRole: EXFIL, kms: `alias/${EXFIL}`, portal: `https://d-0123456789.awsapps.com/start#${EXFIL}`, description: `%{ if true }${EXFIL}%{ endif }` }));
    if (!r.model) throw new Error(r.diagnostics.map((d) => d.message).join("\n"));
    const back = readBack(synthAll(r.model), s3.endpoint);
    for (const text of [EXFIL, `alias/${EXFIL}`, `https://d-0123456789.awsapps.com/start#${EXFIL}`, `%{ if true }${EXFIL}%{ endif }`]) {
      expect([...back.strings].filter((s) => s === text || s.includes(text)).length).toBeGreaterThan(0);
    }
  });

  test("GIVEN a state KMS key WHEN synthesized THEN Terraform's S3 backend records it as written in every stack, and every remote-state reader has the same", () => {
    const r = loadText(file({ stateKms: "alias/team/state_key-1" }));
    if (!r.model) throw new Error(r.diagnostics.map((d) => d.message).join("\n"));
    const stacks = synthAll(r.model);
    const back = readBack(stacks, s3.endpoint);
    expect(Object.keys(back.backends).sort()).toEqual(Object.keys(stacks).sort());
    for (const [name, config] of Object.entries(back.backends)) {
      expect(config).toMatchObject({ bucket: "fed-state", key: `identity-federation/${name}.tfstate`, region: "us-east-1", kms_key_id: "alias/team/state_key-1", encrypt: true, use_lockfile: true });
    }
    const remote = Object.values(stacks).flatMap((json) => Object.values<any>(json.data?.terraform_remote_state ?? {}));
    expect(remote.length).toBeGreaterThan(0);
    for (const r of remote) expect(r.config.kms_key_id).toBe("alias/team/state_key-1");
  });

  test("GIVEN a state KMS key Terraform's S3 backend would refuse (template text, an alias ARN, a key id with a tail) WHEN validated THEN one located error each", () => {
    for (const kms of [`alias/${EXFIL}`, "arn:aws:kms:us-east-1:111122223333:alias/state", "57ff7a43-341d-46b6-aee3-a450c9de6dc8junk"]) {
      const r = loadText(file({ stateKms: kms }));
      const errors = r.diagnostics.filter((d) => d.severity === "error");
      expect(errors.map((d) => [d.path, d.id, d.line !== undefined])).toEqual([["state.s3.kmsKeyId", "federation/invalid-format", true]]);
    }
  });

  test("GIVEN cdktf's own token markers in text (string, list, map and number forms) WHEN validated THEN each is refused where it stands, so synthesis never resolves or chokes on them", () => {
    const number = (() => {
      const buf = new ArrayBuffer(8);
      const ints = new Uint32Array(buf);
      ints[0] = 3;
      ints[1] = 0xfdff << 16;
      return String(new Float64Array(buf)[0]);
    })();
    for (const marker of ["${TfToken[TOKEN.1]}", "#{TfToken[TOKEN.1]}", "&{TfToken[TOKEN.9]}", `cost ${number}`]) {
      const r = loadText(file({ description: `x ${marker} y` }));
      expect(r.diagnostics.filter((d) => d.severity === "error").map((d) => [d.path, d.id, d.line !== undefined])).toEqual([
        ["identityCenter.scimSecret.description", "federation/cdktf-marker", true],
      ]);
    }
    // Ordinary numbers with exponents are text like any other.
    expect(loadText(file({ description: "1e5 and 2.5e-3" })).model).toBeDefined();
  });
});

describe("the escaping functions", () => {
  test("GIVEN any text WHEN escaped with literal() THEN plainText() gives it back, and it has no live template sequence", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), hostileText, fc.string({ unit: fc.constantFrom("$", "%", "{", "}", "a") })), (s) => {
        expect(plainText(literal(s))).toBe(s);
        expect(neutralize(literal(s)).text).not.toContain(MARK);
      }),
      runs(500),
    );
  });

  test("GIVEN data with hostile strings and keys WHEN made safe THEN every string and key is escaped exactly once, numbers and booleans untouched", () => {
    const raw = { "a${b}": ["%{x}", 1, true, null], nested: new Map([["${k}", { v: "$${already}" }]]), constructor: "c" };
    const safe = terraformSafe(raw) as any;
    expect(Object.keys(safe)).toEqual(["a$${b}", "nested", "constructor"]);
    expect(safe["a$${b}"]).toEqual(["%%{x}", 1, true, null]);
    expect(safe.nested.get("$${k}")).toEqual({ v: "$$${already}" });
    expect(safe.constructor).toBe("c");
    expect(() => terraformSafe({ t: "${TfToken[TOKEN.3]}" })).toThrow(/internal/);
  });

  test("GIVEN text with quotes, backslashes, control characters and template sequences WHEN quoted for HCL THEN Terraform reads exactly that text", () => {
    const samples = fc.sample(fc.oneof(hostileText, fc.string({ unit: "binary", maxLength: 12 })), { numRuns: 150, seed: 12 }).filter((s) => !s.includes("\u0000"));
    const read = withTerraform("hcl-string-", (tf) => {
      tf.write({ output: { s: { value: samples.map((s) => `\${${quoted(s)}}`) }, t: { value: `\${${hclString('a"b\\c\nd\u0008e')}}` } } });
      tf.apply();
      return tf.outputs();
    });
    expect(read.s.value).toEqual(samples);
    expect(read.t.value).toBe('a"b\\c\nd\u0008e');
  });
});

describe("the generator covers the schema", () => {
  /** Every path of a string the schema allows (names as `*`, name-map keys as `<key>`, list items as `[]`). */
  function schemaStringPaths(): string[] {
    const out = new Set<string>();
    const visit = (schema: any, path: string, seen: Set<any>): void => {
      const def = schema._zod.def;
      if (seen.has(schema) && def.type !== "string") return;
      const next = new Set(seen).add(schema);
      switch (def.type) {
        case "optional":
        case "default":
        case "nullable":
        case "readonly":
          return visit(def.innerType, path, next);
        case "pipe":
          return visit(def.in, path, next);
        case "union":
          return def.options.forEach((o: any) => visit(o, path, next));
        case "object":
          for (const [k, v] of Object.entries(def.shape)) visit(v, path ? `${path}.${k}` : k, next);
          return;
        case "record":
          out.add(`${path}.<key>`);
          return visit(def.valueType, `${path}.*`, next);
        case "array":
          return visit(def.element, `${path}[]`, next);
        case "string":
        case "unknown":
          out.add(path);
          return;
        default:
          return; // numbers, booleans, literals, enums of our own words
      }
    };
    visit(federationSchema, "", new Set());
    return [...out].sort();
  }

  test("GIVEN 300 generated files WHEN their string leaves are listed THEN every string path of the schema occurs (a new field must be generated to be checked)", () => {
    const generated = new Set<string>();
    for (const doc of fc.sample(fullFederationDoc, { numRuns: 300, seed: 20_26 })) for (const l of stringLeaves(doc)) generated.add(pathPattern(l.path, l.kind));
    // Not generated on purpose: the editor hint; inline-policy files (a path, read from disk: test/model-load.test.ts).
    const exempt = new Set(["$schema", "permissionSets.*.inlinePolicy"]);
    const covered = (p: string) => generated.has(p) || [...generated].some((g) => g.startsWith(`${p}.`) || g.startsWith(`${p}[`));
    expect(schemaStringPaths().filter((p) => !exempt.has(p) && !covered(p))).toEqual([]);
  });
});
