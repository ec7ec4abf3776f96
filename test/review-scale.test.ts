/**
 * Review tools at enterprise size: 20,000 grants (200 groups × 100 accounts). The diff and the report index by key
 * (no per-grant scans): what they find is asserted here at full size, and that their work grows linearly is counted
 * (the elements array methods visit, at 5,000 and at 20,000 grants: a per-grant scan makes it grow 16-fold, not
 * 4-fold). How long they take is a goal of `npm run bench` (whole `federation diff` / `report` processes on these files).
 */
import { diffFederations } from "../src/review/diff";
import { renderDiffMarkdown } from "../src/review/diff-markdown";
import { buildReport } from "../src/review/report";
import { scaleFederation } from "./generated-files";
import { loadText, modelOf } from "./helpers";

const modelAt = (groups: number, accounts: number, variant: boolean) => modelOf(loadText(scaleFederation({ groups, accounts, variant }), `scale-${variant ? "head" : "base"}.yaml`));

type ArrayMethod = "filter" | "find" | "findIndex" | "some" | "every" | "map" | "flatMap" | "forEach" | "includes" | "indexOf" | "reduce";
const COUNTED: readonly ArrayMethod[] = ["filter", "find", "findIndex", "some", "every", "map", "flatMap", "forEach", "includes", "indexOf", "reduce"];

/** How many array elements the array methods above were called over while `fn` ran (each call counts its length). */
function arrayVisits(fn: () => void): number {
  const proto = Array.prototype as unknown as Record<ArrayMethod, (this: unknown[], ...args: unknown[]) => unknown>;
  const originals = COUNTED.map((m) => [m, proto[m]] as const);
  let visits = 0;
  for (const [m, original] of originals) {
    proto[m] = function (this: unknown[], ...args: unknown[]) {
      visits += this.length;
      return original.apply(this, args);
    };
  }
  try {
    fn();
  } finally {
    for (const [m, original] of originals) proto[m] = original;
  }
  return visits;
}

/** The work at 20,000 grants over the work at 5,000 (twice the groups and twice the accounts). */
function growth(work: (base: ReturnType<typeof modelAt>, head: ReturnType<typeof modelAt>) => void): number {
  const at = (groups: number, accounts: number) => {
    const base = modelAt(groups, accounts, false);
    const head = modelAt(groups, accounts, true);
    return arrayVisits(() => work(base, head));
  };
  return at(200, 100) / at(100, 50);
}

test("GIVEN 20,000 grants WHEN one group gets the privileged set THEN the diff finds exactly that, and the markdown stays short", () => {
  const base = modelAt(200, 100, false);
  const head = modelAt(200, 100, true);
  const d = diffFederations(base, head, { baseLabel: "base", headLabel: "head" });
  expect(d.summary).toMatchObject({ escalations: 1, grantsAdded: 100, grantsRemoved: 100 });
  expect(d.escalations[0]).toMatchObject({ kind: "privileged-grant", subject: "group:team-5/Set0" });
  expect(d.escalations[0].accounts).toHaveLength(100);
  expect(d.added.members).toEqual([{ group: "team-7", principal: "new7@example.com" }]);
  expect(renderDiffMarkdown(d).length).toBeLessThan(65000);
}, 60000);

test("GIVEN 20,000 grants WHEN reported THEN every grant is counted once", () => {
  const r = buildReport(modelAt(200, 100, false), { label: "scale" });
  expect(r.summary).toEqual({ principals: 200, grants: 20000, accounts: 100, organizationTargets: 0, privilegedGrants: 1000 });
}, 60000);

test("GIVEN 4 times the grants WHEN diffed and rendered THEN about 4 times the work (linear, not quadratic)", () => {
  const ratio = growth((base, head) => renderDiffMarkdown(diffFederations(base, head, { baseLabel: "base", headLabel: "head" })));
  expect(ratio).toBeGreaterThan(1);
  expect(ratio).toBeLessThan(6);
}, 60000);

test("GIVEN 4 times the grants WHEN reported THEN about 4 times the work (linear, not quadratic)", () => {
  const ratio = growth((base) => buildReport(base, { label: "scale" }));
  expect(ratio).toBeGreaterThan(1);
  expect(ratio).toBeLessThan(6);
}, 60000);
