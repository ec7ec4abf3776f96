/**
 * `report --pending`: the outputs files it reads are the ones the tools write. Terraform 1.11 applies a provider-free
 * configuration with the identity-center stack's output names and writes `terraform output -json` (whole, and of
 * `pending_principals` alone); cdktf-cli's own `saveOutputs` (test/cdktf-cli-core.js) writes its `--outputs-file` from
 * that and the synthesized stack. Everything else (state, plans, another stack's outputs, hand-made shapes) is
 * refused with a message naming the shapes it reads.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PendingFormatError, parsePending } from "../src/review/pending";
import { cdktfCliCore } from "./cdktf-cli";
import { DEFAULT_CONFIG, ROOT, modelOf, runCliCaptured, synthAll } from "./helpers";
import { providerFreePlans } from "./real-plans";
import { withTerraform } from "./terraform";

const stacks = synthAll(modelOf(DEFAULT_CONFIG));
const PENDING = ["group:aws-sso-admins", "user:bob@example.com"];

let work: string;
/** `terraform output -json` of identity-center, of pending_principals alone, and of a shard stack. */
let outputs: { all: any; pendingOnly: any; shard: any };
let cdktfFile: string;
let cdktfFileOtherStacks: string;

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), "pending-"));
  const ic = stacks["identity-center"];
  const outputBlock = Object.fromEntries(
    Object.keys(ic.output).map((name) => [
      name,
      name === "pending_principals" ? { value: PENDING } : name === "idp_certificate_pem" ? { value: "-----BEGIN CERTIFICATE-----", sensitive: true } : { value: `value of ${name}` },
    ]),
  );
  outputs = withTerraform("pending-outputs-", (tf) => {
    tf.write({ output: outputBlock });
    tf.init();
    tf.apply();
    const all = tf.outputs();
    const pendingOnly = JSON.parse(tf.ok("output", "-json", "pending_principals").stdout);
    tf.write({ output: { grant_count: { value: 3 }, pending_grant_count: { value: 4 } } });
    tf.apply();
    return { all, pendingOnly, shard: tf.outputs() };
  });
  cdktfFile = join(work, "cdktf-outputs.json");
  cdktfCliCore({
    op: "outputs-file",
    stacks: { "identity-center": ic, "identity-center-assignments-0": stacks["identity-center-assignments-0"] },
    outputs: { "identity-center": outputs.all, "identity-center-assignments-0": outputs.shard },
    file: cdktfFile,
    includeSensitive: false,
  });
  cdktfFileOtherStacks = join(work, "cdktf-outputs-shard.json");
  cdktfCliCore({ op: "outputs-file", stacks: { "identity-center-assignments-0": stacks["identity-center-assignments-0"] }, outputs: { "identity-center-assignments-0": outputs.shard }, file: cdktfFileOtherStacks, includeSensitive: false });
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe("the shapes the tools write are read", () => {
  test("GIVEN `terraform output -json` of identity-center WHEN parsed THEN its pending_principals", () => {
    expect(outputs.all.pending_principals).toMatchObject({ sensitive: false, value: PENDING });
    expect(parsePending(outputs.all)).toEqual(PENDING);
  });

  test("GIVEN `terraform output -json pending_principals` WHEN parsed THEN the list", () => {
    expect(outputs.pendingOnly).toEqual(PENDING);
    expect(parsePending(outputs.pendingOnly)).toEqual(PENDING);
  });

  test("GIVEN cdktf's --outputs-file (stacks by name, values unwrapped, sensitive ones left out) WHEN parsed THEN identity-center's pending_principals", () => {
    const json = JSON.parse(readFileSync(cdktfFile, "utf8"));
    expect(json["identity-center"].pending_principals).toEqual(PENDING);
    expect(json["identity-center"]["idp-handoff"].idp_certificate_pem).toBeUndefined();
    expect(parsePending(json)).toEqual(PENDING);
  });

  test("GIVEN an empty pending list (everyone provisioned) WHEN parsed THEN nothing is pending", () => {
    expect(parsePending({ ...outputs.all, pending_principals: { ...outputs.all.pending_principals, value: [] } })).toEqual([]);
  });
});

describe("everything else is refused", () => {
  const plans = providerFreePlans();
  test.each<[string, () => unknown, string]>([
    ["another stack's `terraform output -json`", () => outputs.shard, "these Terraform outputs have no pending_principals"],
    ["a cdktf outputs file without identity-center", () => JSON.parse(readFileSync(cdktfFileOtherStacks, "utf8")), "not an outputs file of the identity-center stack"],
    ["Terraform state", () => plans.state, "not an outputs file of the identity-center stack"],
    ["a plan", () => plans.changed, "not an outputs file of the identity-center stack"],
    ["an empty object", () => ({}), "not an outputs file of the identity-center stack"],
    ["null", () => null, "the JSON is null"],
    ["a string", () => "group:x", "the JSON is a string"],
    ["a map keyed by principal", () => ({ "group:readers": { reason: "not provisioned" } }), "not an outputs file"],
    ["a map of kinds", () => ({ groups: ["readers"] }), "not an outputs file"],
    ["bare names", () => ["readers"], 'pending_principals[0] is "readers", not a principal key'],
    ["objects in the list", () => [{ kind: "group", name: "readers" }], "pending_principals[0] is"],
    ["a list that is a map", () => ({ ...outputs.all, pending_principals: { sensitive: false, value: { "group:a": true } } }), "pending_principals is not a list of principal keys"],
    ["a sensitive pending_principals", () => ({ ...outputs.all, pending_principals: { sensitive: true, value: PENDING } }), "pending_principals is marked sensitive"],
  ])("GIVEN %s WHEN parsed THEN refused", (_name, json, message) => {
    expect(() => parsePending(json())).toThrow(PendingFormatError);
    expect(() => parsePending(json())).toThrow(message);
  });
});

describe("federation report --pending", () => {
  const run = (args: string[]) => runCliCaptured(args);

  test("GIVEN each written shape as a file WHEN reported THEN the pending group is marked", async () => {
    for (const [name, content] of [
      ["all.json", JSON.stringify(outputs.all)],
      ["pending.json", JSON.stringify(outputs.pendingOnly)],
      ["cdktf.json", readFileSync(cdktfFile, "utf8")],
    ]) {
      writeFileSync(join(work, name), content);
      const r = await run(["report", "--config", DEFAULT_CONFIG, "--pending", join(work, name)]);
      expect([name, r.code, r.err]).toEqual([name, 0, ""]);
      expect(r.out).toContain("| group `aws-sso-admins` ⏳ pending |");
    }
  });

  test("GIVEN - and `terraform output -json` on a pipe WHEN the real CLI reports THEN it reads stdin", () => {
    const r = spawnSync(process.execPath, [join(ROOT, "bin", "federation.js"), "report", "--config", DEFAULT_CONFIG, "--pending", "-"], { input: JSON.stringify(outputs.all), encoding: "utf8" });
    expect([r.status, r.stderr]).toEqual([0, ""]);
    expect(r.stdout).toContain("⏳ pending");
  });

  test("GIVEN state, not JSON, a folder or a named pipe WHEN reported THEN exit 1 with the reason and no report", async () => {
    writeFileSync(join(work, "state.json"), JSON.stringify(providerFreePlans().state));
    writeFileSync(join(work, "bad.json"), "{ not json");
    spawnSync("mkfifo", [join(work, "outputs.fifo")]);
    for (const [path, message] of [
      [join(work, "state.json"), "not an outputs file of the identity-center stack; expected `terraform output -json` of the identity-center stack"],
      [join(work, "bad.json"), "is not valid JSON"],
      [work, "is not a regular file (a directory)"],
      [join(work, "outputs.fifo"), "is not a regular file (a named pipe)"],
    ]) {
      const r = await run(["report", "--config", DEFAULT_CONFIG, "--pending", path]);
      expect([path, r.code, r.out]).toEqual([path, 1, ""]);
      expect(r.err).toContain(`cannot read pending principals from ${JSON.stringify(path)}`);
      expect(r.err).toContain(message);
    }
  });
});
