/**
 * The file-size limit is set by what it protects (the located parse of a file with a problem, see MAX_FILE_BYTES),
 * not by the size of organizations: a 100,000-grant file in block style loads, and the limit holds to the byte.
 */
import { readFileSync } from "node:fs";
import { stringify } from "yaml";
import { DEFAULT_PARAMS, enterpriseFederation } from "../scripts/bench/enterprise";
import { MAX_FILE_BYTES } from "../src/model/load";
import { expansionOf } from "../src/model/shard-count";
import { DEFAULT_CONFIG, loadText } from "./helpers";

describe("GIVEN the file-size limit", () => {
  test("WHEN a file has 100,000 grants in block style (5,000 accounts, 150 groups) THEN it is accepted and every grant expands", () => {
    const text = stringify(enterpriseFederation({ ...DEFAULT_PARAMS, accounts: 5000, targetGrants: 100_000, shards: 50 }), { lineWidth: 0 });
    expect(Buffer.byteLength(text)).toBeGreaterThan(2 * 1024 * 1024);
    expect(Buffer.byteLength(text)).toBeLessThan(MAX_FILE_BYTES);
    const r = loadText(text, "enterprise-100k.yaml");
    expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(expansionOf(r.model!).grants.length).toBeGreaterThanOrEqual(99_000);
  }, 60_000);

  test("WHEN a valid file is exactly the limit THEN it loads; one byte more is refused by its size", () => {
    const base = readFileSync(DEFAULT_CONFIG, "utf8");
    const padded = (bytes: number) => `${base}# ${"x".repeat(bytes - Buffer.byteLength(base) - 3)}\n`;
    expect(Buffer.byteLength(padded(MAX_FILE_BYTES))).toBe(MAX_FILE_BYTES);
    expect(loadText(padded(MAX_FILE_BYTES)).model).toBeDefined();
    const over = loadText(padded(MAX_FILE_BYTES + 1));
    expect(over.model).toBeUndefined();
    expect(over.diagnostics.map((d) => d.id)).toEqual(["federation/file-too-large"]);
  });
});
