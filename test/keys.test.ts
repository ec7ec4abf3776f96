/**
 * Keys are injective by construction (issue 12: validate and synth disagree). Every key family of the synthesized
 * stacks has one key per distinct thing of the file, whatever `/` and `:` the names hold: memberships and
 * eligibilities (`<group>/<principal>`, the principal's `/` encoded), app role assignments (`group:<name>`,
 * `user:<upn>`), grants and OU/root targets (`<principal>/<set>/<account or target>`), policy attachments
 * (`<set>/<policy ARN>`, `<set>/<path><name>`); and a file that validates always synthesizes.
 */
import fc from "fast-check";
import { membershipKey } from "../src/entra/groups-keys";
import { decodeStaticGrantKeys } from "../src/identity-center/shard-grants";
import { expand } from "../src/model/expand";
import { plainText } from "../src/terraform/text";
import { runs, toYaml } from "./arbitraries";
import { HEADER } from "./groups-fixtures";
import { blocks, loadText, synthAll } from "./helpers";

const HEAD = HEADER;

/** The for_each keys of every block of a type, in every stack (as Terraform reads them). */
function keysOf(stacks: Record<string, any>, type: string, kind: "resource" | "data" = "resource"): string[] {
  return Object.values(stacks).flatMap((json) => Object.values<any>(blocks(json, type, kind)).flatMap((b) => (typeof b.for_each === "object" ? Object.keys(b.for_each) : []))).map(plainText);
}

test("GIVEN group ops/b with member c@x and group ops with member b/c@x (the issue's case) WHEN validated and synthesized THEN two memberships with two keys", () => {
  const r = loadText(`${HEAD}groups:
  ops/b: { members: [c@example.com] }
  ops: { members: [b/c@example.com] }
permissionSets: { P: { managedPolicies: [arn:aws:iam::aws:policy/ReadOnlyAccess] } }
assignments:
  - { group: ops/b, permissionSet: P, accounts: ["111111111111"] }
  - { group: ops, permissionSet: P, accounts: ["111111111111"] }
`);
  expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  const stacks = synthAll(r.model!);
  expect(keysOf(stacks, "azuread_group_member").sort()).toEqual(["ops/b%2Fc@example.com", "ops/b/c@example.com"]);
  // Ordinary names keep the keys they had (no deployed membership is replaced).
  expect(membershipKey("aws-sso-admins", "Bob@Example.com")).toBe("aws-sso-admins/bob@example.com");
});

describe("every key family over names full of separators", () => {
  const piece = fc.constantFrom("a", "b", "/", "-", "//", "a/b");
  const name = fc.array(piece, { minLength: 1, maxLength: 4 }).map((p) => `g${p.join("")}`);
  const local = fc.array(fc.constantFrom("a", "b", "/", ".", "_"), { minLength: 1, maxLength: 4 }).map((p) => `u${p.join("")}`);
  const file = fc.record({
    groups: fc.uniqueArray(name, { minLength: 1, maxLength: 4, selector: (s) => s.toLowerCase() }),
    users: fc.uniqueArray(local, { minLength: 1, maxLength: 5 }),
    paths: fc.uniqueArray(fc.constantFrom("/", "/a/", "/a/b/", "/b/"), { minLength: 1, maxLength: 3 }),
    pick: fc.array(fc.nat(), { minLength: 20, maxLength: 20 }),
  });

  test("GIVEN generated files WHEN they validate THEN they synthesize, and each family has exactly one key per distinct thing", () => {
    let synthesized = 0;
    fc.assert(
      fc.property(file, ({ groups, users, paths, pick }) => {
        const upn = (i: number) => `${users[pick[i] % users.length]}@example.com`;
        const doc = {
          groups: Object.fromEntries(
            groups.map((g, i) => [
              g,
              i % 3 === 2 ? { objectId: `3f2a000${i}-0000-0000-0000-000000000000` } : { members: [upn(i)], eligibleMembers: [{ principal: upn(i + 7), duration: "P30D" }] },
            ]),
          ),
          permissionSets: {
            P: { managedPolicies: ["arn:aws:iam::aws:policy/ReadOnlyAccess", "arn:aws:iam::aws:policy/job-function/ViewOnlyAccess"], customerManagedPolicies: paths.map((path) => ({ name: "a", path })) },
            Q: { customerManagedPolicies: [{ name: "b", path: "/a/" }] },
          },
          assignments: [
            ...groups.map((g, i) => ({ group: g, permissionSet: i % 2 ? "P" : "Q", accounts: ["111111111111", "222222222222"], organizationalUnits: ["ou-ab12-34cd5678"] })),
            { user: upn(3), permissionSet: "P", accounts: ["111111111111"], organizationalUnits: ["r-ab12"] },
          ],
        };
        const r = loadText(`${HEAD}${toYaml(doc)}`);
        const model = r.model;
        fc.pre(model !== undefined && doc.groups[groups[0]] !== undefined);
        // validate-ok ⇒ synth-ok.
        const stacks = synthAll(model!);
        synthesized++;
        const spec = model!.spec;
        const distinct = (xs: string[]) => new Set(xs).size;
        const created = Object.values(spec.groups).filter((g) => !g.objectId);
        expect(keysOf(stacks, "azuread_group_member").length).toBe(created.reduce((n, g) => n + distinct((g.members ?? []).map((m) => m.toLowerCase())), 0));
        expect(keysOf(stacks, "azuread_privileged_access_group_eligibility_schedule").length).toBe(
          created.reduce((n, g) => n + distinct((g.eligibleMembers ?? []).map((e) => e.principal.toLowerCase())), 0),
        );
        expect(keysOf(stacks, "azuread_app_role_assignment").length).toBe(Object.keys(spec.groups).length + distinct(spec.assignments.flatMap((a) => (a.user ? [a.user.toLowerCase()] : []))));
        expect(keysOf(stacks, "aws_ssoadmin_managed_policy_attachment").length).toBe(2);
        expect(keysOf(stacks, "aws_ssoadmin_customer_managed_policy_attachment").length).toBe(paths.length + 1);
        const expansion = expand(model!);
        const staticKeys = Object.values(stacks).flatMap((json) =>
          Object.entries<any>(json.locals ?? {}).filter(([n]) => n.includes("_static-json_")).flatMap(([, v]) => decodeStaticGrantKeys(plainText(v))),
        );
        expect(staticKeys.sort()).toEqual(expansion.grants.map((g) => g.key).sort());
        const ouKeys = Object.values(stacks).flatMap((json) => Object.entries<any>(json.locals ?? {}).filter(([n]) => n.includes("_ou-targets_")).flatMap(([, v]) => Object.keys(v)));
        expect(ouKeys.map(plainText).sort()).toEqual(expansion.ouTargets.map((t) => t.key).sort());
        expect(distinct(expansion.grants.map((g) => g.key))).toBe(expansion.grants.length);
      }),
      runs(25),
    );
    expect(synthesized).toBeGreaterThan(15);
  }, 120_000);
});
