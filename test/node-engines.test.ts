/**
 * The Node.js versions package.json promises (`engines.node`) are the ones every installed package admits, so `npm ci`
 * prints no EBADENGINE on a supported Node and nothing needs a newer one than we say: read from package-lock.json,
 * which records each package's own `engines`.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { minVersion, satisfies } from "semver";
import { ROOT } from "./helpers";

const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8"));
const lock = JSON.parse(readFileSync(join(ROOT, "package-lock.json"), "utf8"));
const engines = Object.entries<{ engines?: { node?: string } | string[]; dev?: boolean; version?: string }>(lock.packages)
  .filter(([path, p]) => path !== "" && p.engines && !Array.isArray(p.engines) && typeof p.engines.node === "string")
  .map(([path, p]) => ({ name: `${path.replace(/^.*node_modules\//, "")}@${p.version}`, node: (p.engines as { node: string }).node }));

test("GIVEN the lock file THEN it records the engines of the installed packages (the check below reads something)", () => {
  expect(engines.length).toBeGreaterThan(50);
  expect(lock.packages[""].engines).toEqual(pkg.engines);
});

test("GIVEN engines.node of package.json THEN its lowest version, and the Node running the tests, satisfy every installed package's engines", () => {
  const lowest = minVersion(pkg.engines.node)?.version as string;
  expect(lowest).toBe("20.19.0");
  expect(engines.filter((e) => !satisfies(lowest, e.node)).map((e) => `${e.name} needs node ${e.node}`)).toEqual([]);
  expect(engines.filter((e) => !satisfies(process.version, e.node)).map((e) => `${e.name} needs node ${e.node}`)).toEqual([]);
});
