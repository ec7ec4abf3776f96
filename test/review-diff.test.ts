/**
 * The access diff: every change kind is reported, every escalation kind is detected with its reason, benign changes
 * are not flagged, renames warn, and the output is stable. Model-level: no synthesis.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { FederationModel } from "../src/model/model";
import { diffFederations } from "../src/review/diff";
import { renderDiffMarkdown } from "../src/review/diff-markdown";
import type { AccessDiff, EscalationKind } from "../src/review/diff-types";
import { ESCALATION_KINDS } from "../src/review/diff-types";
import { loadText, modelOf, ROOT } from "./helpers";

const BASE_FILE = join(ROOT, "test", "fixtures", "review", "base.yaml");
const baseText = readFileSync(BASE_FILE, "utf8");
const base = modelOf(loadText(baseText, "review/base.yaml"));

/** The base fixture with exact text edits applied (each must match once); fails loudly when an edit misses. */
function variant(...edits: [from: string, to: string][]): FederationModel {
  let text = baseText;
  for (const [from, to] of edits) {
    if (text.split(from).length !== 2) throw new Error(`fixture must contain exactly one ${JSON.stringify(from)}`);
    text = text.replace(from, to);
  }
  return modelOf(loadText(text, "review/head.yaml"));
}

/** Every escalation kind a diff in this file produced: each kind must come out of at least one fixture-driven test. */
const produced = new Set<EscalationKind>();
const diff = (head: FederationModel, from: FederationModel = base, extra: string[] = []): AccessDiff => {
  const d = diffFederations(from, head, { baseLabel: "base.yaml", headLabel: "head.yaml", extraPrivilegedPolicies: extra });
  for (const e of d.escalations) produced.add(e.kind);
  return d;
};
const kinds = (d: AccessDiff) => d.escalations.map((e) => e.kind);
const only = (d: AccessDiff, kind: EscalationKind) => {
  const found = d.escalations.filter((e) => e.kind === kind);
  expect(found).toHaveLength(1);
  return found[0];
};
const changesOf = (d: AccessDiff, subject: string) => d.changed.filter((c) => c.subject === subject).map((c) => c.field);

const READERS_ASSIGNMENT = "- { group: readers, permissionSet: ReadOnly, accounts: [prod, stage, dev] }";
const addAssignment = (line: string): [string, string] => [READERS_ASSIGNMENT, `${READERS_ASSIGNMENT}\n  ${line}`];

describe("an unchanged or reordered file", () => {
  test("GIVEN the same file WHEN diffed THEN there is no change of any kind", () => {
    const d = diff(modelOf(loadText(baseText, "review/head.yaml")));
    expect(Object.values(d.summary).every((n) => n === 0)).toBe(true);
    expect(renderDiffMarkdown(d)).toContain("No access changes.");
  });

  test("GIVEN assignments, members and policy actions in another order WHEN diffed THEN nothing changed", () => {
    const ADMINS = "  - { group: admins, permissionSet: Admin, accounts: [prod, stage, dev] }\n";
    const reordered = baseText
      .replace(`  ${READERS_ASSIGNMENT}\n`, "")
      .replace(ADMINS, `  - { group: admins, permissionSet: Admin, accounts: [dev, stage, prod] }\n  ${READERS_ASSIGNMENT}\n`)
      .replace("members: [rita@review.example, sam@review.example]", "members: [sam@review.example, rita@review.example]")
      .replace('Action: ["logs:Get*", "logs:Describe*"]', 'Action: ["logs:Describe*", "logs:Get*"]');
    expect(reordered).not.toBe(baseText);
    const d = diff(modelOf(loadText(reordered, "review/head.yaml")));
    expect(Object.values(d.summary).every((n) => n === 0)).toBe(true);
    expect(d.added.members).toEqual([]);
  });
});

describe("escalations: each kind is detected with its reason", () => {
  test("GIVEN readers newly get Admin in prod WHEN diffed THEN a privileged grant is the first escalation, naming accounts and members", () => {
    const d = diff(variant(addAssignment("- { group: readers, permissionSet: Admin, accounts: [prod] }")));
    expect(d.escalations[0]).toMatchObject({
      kind: "privileged-grant",
      subject: "group:readers/Admin",
      accounts: [{ id: "100000000002", name: "prod" }],
    });
    expect(d.escalations[0].reason).toContain("managed policy AdministratorAccess");
    expect(d.escalations[0].reason).toContain("prod (100000000002)");
    expect(d.escalations[0].reason).toContain("rita@review.example");
    expect(d.added.grants.map((g) => g.key)).toEqual(["group:readers/Admin/100000000002"]);
    expect(d.added.grants[0].privileged).toBe(true);
  });

  test("GIVEN a user gets Admin in another account WHEN diffed THEN that is a privileged grant for the user", () => {
    const d = diff(variant(["permissionSet: Admin, accounts: [root-mgmt] }", "permissionSet: Admin, accounts: [root-mgmt, dev] }"]));
    expect(only(d, "privileged-grant")).toMatchObject({ subject: "user:breakglass@review.example/Admin", accounts: [{ id: "100000000004", name: "dev" }] });
  });

  test("GIVEN a privileged set granted on an OU WHEN diffed THEN one privileged grant names the OU (resolved at plan time)", () => {
    const d = diff(variant(addAssignment("- { group: readers, permissionSet: Admin, organizationalUnits: [ou-rv12-sandbox1] }")));
    const e = only(d, "privileged-grant");
    expect(e.organizationalUnits).toEqual(["ou-rv12-sandbox1"]);
    expect(e.reason).toContain("every ACTIVE account below ou-rv12-sandbox1 (resolved at plan time)");
    expect(kinds(d)).not.toContain("organization-grant");
  });

  test("GIVEN a non-privileged set widened to the root WHEN diffed THEN an organization grant says the whole organization", () => {
    const d = diff(variant(addAssignment("- { group: readers, permissionSet: ReadOnly, organizationalUnits: [r-rv12] }")));
    const e = only(d, "organization-grant");
    expect(e.subject).toBe("group:readers/ReadOnly");
    expect(e.reason).toContain("the whole organization (root r-rv12)");
    expect(d.added.organizationTargets).toMatchObject([{ key: "group:readers/ReadOnly/r-rv12", targetId: "r-rv12", privileged: false }]);
  });

  test("GIVEN an OU target excludes fewer accounts WHEN diffed THEN the removed exclusion is an escalation", () => {
    const d = diff(variant(["excludeAccounts: [root-mgmt, prod]", "excludeAccounts: [root-mgmt]"]));
    const e = only(d, "exclusion-removed");
    expect(e.accounts).toEqual([{ id: "100000000002", name: "prod" }]);
    expect(e.reason).toContain("no longer excludes prod (100000000002)");
    expect(d.changed).toContainEqual(
      expect.objectContaining({ area: "organization-target", field: "excludeAccounts", removed: ["100000000002"], added: [] }),
    );
  });

  test("GIVEN an existing set gains IAMFullAccess WHEN diffed THEN privileged-policy-added says it becomes privileged and how far it reaches", () => {
    const d = diff(
      variant([
        "managedPolicies: [arn:aws:iam::aws:policy/job-function/SystemAdministrator]",
        "managedPolicies: [arn:aws:iam::aws:policy/job-function/SystemAdministrator, arn:aws:iam::aws:policy/IAMFullAccess]",
      ]),
    );
    const e = only(d, "privileged-policy-added");
    expect(e.subject).toBe("permissionSet:Operator");
    expect(e.reason).toContain("gains managed policy IAMFullAccess, which makes it privileged");
    expect(e.reason).toContain("held by 1 principal in 2 accounts and 1 OU/root target");
    expect(d.changed).toContainEqual(
      expect.objectContaining({ subject: "permissionSet:Operator", field: "managedPolicies", added: ["arn:aws:iam::aws:policy/IAMFullAccess"], removed: [] }),
    );
  });

  test("GIVEN the file lists its own privileged policies WHEN a matching customer-managed policy is added THEN it is flagged", () => {
    const d = diff(
      variant(
        ["customerManagedPolicies: [{ name: ops-extra, path: /ops/ }]", "customerManagedPolicies: [{ name: ops-extra, path: /ops/ }, { name: break-glass-all, path: / }]"],
        ["assignments:\n", 'review:\n  privilegedPolicies: [AdministratorAccess, PowerUserAccess, IAMFullAccess, AWSOrganizationsFullAccess, "break-glass-*"]\nassignments:\n'],
      ),
    );
    expect(only(d, "privileged-policy-added").reason).toContain("customer-managed policy /break-glass-all");
  });

  test("GIVEN a --privileged-policy on the command line WHEN a set gains it THEN it is flagged without changing the file's rules", () => {
    const head = variant(["managedPolicies: [arn:aws:iam::aws:policy/ReadOnlyAccess]", "managedPolicies: [arn:aws:iam::aws:policy/ReadOnlyAccess, arn:aws:iam::aws:policy/AmazonS3FullAccess]"]);
    expect(kinds(diff(head))).toEqual([]);
    expect(kinds(diff(head, base, ["AmazonS3FullAccess"]))).toEqual(["privileged-policy-added"]);
  });

  test("GIVEN the head drops AdministratorAccess from its review list WHEN it also grants Admin THEN both the relaxed rules and the grant are flagged", () => {
    const d = diff(
      variant(addAssignment("- { group: readers, permissionSet: Admin, accounts: [dev] }"), [
        "assignments:\n",
        "review:\n  privilegedPolicies: [PowerUserAccess]\nassignments:\n",
      ]),
    );
    expect(kinds(d)).toEqual(["privileged-grant", "review-rules-relaxed"]);
    expect(d.escalations[1].reason).toContain('no longer lists "AdministratorAccess"');
  });

  test("GIVEN an eligible admin becomes a standing member WHEN diffed THEN eligible-to-standing is flagged (once, not also as a new member)", () => {
    const d = diff(
      variant(
        ["      - { principal: ann@review.example, duration: P30D }\n", ""],
        ["    description: Just-in-time administrators\n", "    description: Just-in-time administrators\n    members: [ann@review.example]\n"],
      ),
    );
    expect(kinds(d)).toEqual(["eligible-to-standing"]);
    expect(d.escalations[0].subject).toBe("group:admins/member:ann@review.example");
    expect(d.escalations[0].reason).toContain("Admin (privileged)");
    expect(d.added.members).toEqual([{ group: "admins", principal: "ann@review.example" }]);
    expect(d.removed.eligibleMembers).toEqual([{ group: "admins", principal: "ann@review.example", expiry: "P30D" }]);
  });

  test("GIVEN a standing member added to a group holding Admin WHEN diffed THEN privileged-member-added names the access", () => {
    const d = diff(variant(["    description: Just-in-time administrators\n", "    description: Just-in-time administrators\n    members: [dave@review.example]\n"]));
    const e = only(d, "privileged-member-added");
    expect(e.reason).toBe(
      "dave@review.example becomes a standing member of admins, which holds Admin (privileged) in 3 accounts: prod (100000000002), stage (100000000003), dev (100000000004)",
    );
  });

  test("GIVEN a privileged group switched to an existing Entra group WHEN diffed THEN privileged-group-replaced warns members are unreviewed", () => {
    const start = baseText.indexOf("  admins:\n");
    const end = baseText.indexOf("  auditors:\n");
    const head = modelOf(loadText(`${baseText.slice(0, start)}  admins:\n    objectId: 7a7a7a7a-0000-1111-2222-333333333333\n${baseText.slice(end)}`, "review/head.yaml"));
    const e = only(diff(head), "privileged-group-replaced");
    expect(e.reason).toContain("existing Entra group 7a7a7a7a-0000-1111-2222-333333333333");
    expect(e.reason).toContain("not reviewed here");
  });

  test("GIVEN a permissions boundary removed WHEN diffed THEN boundary-removed", () => {
    const d = diff(variant(["    permissionsBoundary: { customerManagedPolicy: { name: ops-boundary, path: / } }\n", ""]));
    expect(only(d, "boundary-removed").reason).toContain("customer-managed /ops-boundary is removed");
  });

  test("GIVEN a boundary replaced by AdministratorAccess WHEN diffed THEN boundary-changed calls it a privileged policy", () => {
    const d = diff(
      variant([
        "permissionsBoundary: { customerManagedPolicy: { name: ops-boundary, path: / } }",
        "permissionsBoundary: { managedPolicyArn: arn:aws:iam::aws:policy/AdministratorAccess }",
      ]),
    );
    expect(only(d, "boundary-changed").reason).toContain("a privileged policy");
  });

  test("GIVEN a boundary replaced by another customer policy WHEN diffed THEN boundary-changed says it may allow more", () => {
    const d = diff(variant(["customerManagedPolicy: { name: ops-boundary, path: / }", "customerManagedPolicy: { name: ops-boundary-v2, path: / }"]));
    expect(only(d, "boundary-changed").reason).toContain("a different boundary can allow more");
  });

  test("GIVEN a new inline Allow statement WHEN diffed THEN inline-allow-added lists its actions", () => {
    const d = diff(
      variant([
        '        - { Sid: DenyIam, Effect: Deny, Action: ["iam:*"], Resource: "*" }\n',
        '        - { Sid: DenyIam, Effect: Deny, Action: ["iam:*"], Resource: "*" }\n        - { Sid: AllowS3, Effect: Allow, Action: ["s3:PutObject"], Resource: "*" }\n',
      ]),
    );
    expect(only(d, "inline-allow-added").reason).toContain('adds Allow statement "AllowS3" (actions "s3:PutObject")');
    expect(d.changed).toContainEqual(expect.objectContaining({ subject: "permissionSet:Operator", field: "inlinePolicy.statements", removed: [] }));
  });

  test("GIVEN an Allow statement gains actions WHEN diffed THEN inline-allow-added names the new actions", () => {
    const d = diff(variant(['Action: ["logs:Get*", "logs:Describe*"]', 'Action: ["logs:Get*", "logs:Describe*", "logs:Delete*"]']));
    expect(only(d, "inline-allow-added").reason).toContain('allows more actions: "logs:Delete*"');
  });

  test("GIVEN an inline Allow of * WHEN added to a granted set THEN the set also counts as privileged for later grants", () => {
    const head = variant(['Action: ["logs:Get*", "logs:Describe*"]', 'Action: ["*"]'], addAssignment("- { group: readers, permissionSet: Operator, accounts: [prod] }"));
    const d = diff(head);
    expect(kinds(d)).toEqual(["privileged-grant", "inline-allow-added"]);
    expect(d.escalations[0].reason).toContain('inline policy allows "*"');
  });

  test("GIVEN a Deny statement replaced by an Allow WHEN diffed THEN both the added Allow and the removed Deny are flagged", () => {
    const d = diff(
      variant([
        '        - { Sid: DenySecrets, Effect: Deny, Action: ["secretsmanager:GetSecretValue", "ssm:GetParameter*"], Resource: "*" }\n',
        '        - { Sid: AllowList, Effect: Allow, Action: ["s3:ListBucket"], Resource: "arn:aws:s3:::none" }\n',
      ]),
    );
    expect(kinds(d)).toEqual(["inline-allow-added", "inline-deny-removed"]);
    expect(only(d, "inline-deny-removed").reason).toContain('removes Deny statement "DenySecrets"');
  });

  test("GIVEN a Deny statement loses an action WHEN diffed THEN inline-deny-removed names it", () => {
    const d = diff(variant(['Action: ["secretsmanager:GetSecretValue", "ssm:GetParameter*"]', 'Action: ["secretsmanager:GetSecretValue"]']));
    expect(only(d, "inline-deny-removed").reason).toContain('no longer denies "ssm:GetParameter*"');
  });

  test("GIVEN the inline policy file changes WHEN diffed THEN its statements are compared like inline ones", () => {
    const head = variant(["inlinePolicy: policies/auditor-extra.json", "inlinePolicy: policies/auditor-relaxed.json"]);
    const d = diff(head);
    expect(only(d, "inline-deny-removed").reason).toContain('"DenyData" no longer denies "dynamodb:GetItem"');
  });

  test.each([
    ["requireApproval", "requireApproval: true\n      approvers: [ann@review.example]", "requireApproval: false", "activation no longer requires approval"],
    ["requireMfa", "requireMfa: true\n      requireTicket: true", "requireMfa: false\n      requireTicket: true", "activation no longer requires MFA"],
    ["requireJustification", "requireJustification: true\n      requireMfa: true\n      requireTicket", "requireJustification: false\n      requireMfa: true\n      requireTicket", "no longer requires a justification"],
    ["requireTicket", "requireTicket: true", "requireTicket: false", "no longer requires a ticket"],
    ["maximumDuration", "maximumDuration: PT2H", "maximumDuration: PT8H", "maximum activation grows from PT2H to PT8H"],
  ])("GIVEN PIM %s relaxed WHEN diffed THEN pim-relaxed says what no longer holds", (field, from, to, reason) => {
    const d = diff(variant([from, to]));
    const e = only(d, "pim-relaxed");
    expect(e.subject).toBe(`group:operators/activation.${field}`);
    expect(e.reason).toContain(reason);
    expect(d.changed).toContainEqual(expect.objectContaining({ area: "pim", subject: "group:operators", field: `activation.${field}` }));
  });

  test("GIVEN activation rules deleted WHEN the group keeps eligible members THEN the defaults apply and dropped approval and ticket are flagged", () => {
    const start = baseText.indexOf("    activation:\n      maximumDuration: PT2H");
    const end = baseText.indexOf("  admins:\n");
    const head = modelOf(loadText(baseText.slice(0, start) + baseText.slice(end), "review/head.yaml"));
    const d = diff(head);
    expect(d.escalations.map((e) => e.subject)).toEqual([
      "group:operators/activation.maximumDuration",
      "group:operators/activation.requireApproval",
      "group:operators/activation.requireTicket",
    ]);
  });

  test("GIVEN a longer session WHEN diffed THEN longer-session shows before and after", () => {
    const d = diff(variant(["sessionDuration: PT4H", "sessionDuration: PT8H"]));
    expect(only(d, "longer-session").reason).toContain("PT4H → PT8H");
  });

  describe("PIM eligibility (issue 12) and the boundaries of issue 11", () => {
    const ADMINS_ELIGIBLE = "      - { principal: bob@review.example, permanent: true }\n";
    test("GIVEN a permanent eligible member added to the admin group WHEN diffed THEN it is a privileged-eligible-added escalation, first in its reason the window and the rules", () => {
      const d = diff(variant([ADMINS_ELIGIBLE, `${ADMINS_ELIGIBLE}      - { principal: eve@review.example, permanent: true }\n`]));
      const e = only(d, "privileged-eligible-added");
      expect(e.subject).toBe("group:admins/eligible:eve@review.example");
      expect(e.reason).toContain("eve@review.example becomes eligible (permanent) for admins, which holds Admin (privileged)");
      expect(e.reason).toContain("with approval, MFA, justification");
    });

    test.each([
      ["P30D → P300D", "duration: P300D", "P30D → P300D"],
      ["P30D → permanent", "permanent: true", "permanent: no end date"],
      ["P30D → an end date a year away", "expirationDate: 2027-11-01", "until 2027-11-01"],
    ])("GIVEN an eligibility in the admin group extended (%s) WHEN diffed THEN eligibility-extended", (_name, to, says) => {
      const d = diff(variant(["{ principal: ann@review.example, duration: P30D }", `{ principal: ann@review.example, ${to} }`]));
      expect(only(d, "eligibility-extended").reason).toContain(says);
    });

    test("GIVEN a new permanent eligible member of a group without privileged sets WHEN diffed THEN eligibility-extended (no end, whatever the group holds)", () => {
      const d = diff(variant(["      - { principal: pete@review.example, duration: P90D }\n", "      - { principal: pete@review.example, duration: P90D }\n      - { principal: eve@review.example, permanent: true }\n"]));
      expect(kinds(d)).toEqual(["eligibility-extended"]);
    });

    test("GIVEN an eligible member made standing in a group that holds nothing privileged WHEN diffed THEN eligible-to-standing all the same", () => {
      const d = diff(variant(["members: [olga@review.example]\n    eligibleMembers:\n      - { principal: pete@review.example, duration: P90D }", "members: [olga@review.example, pete@review.example]\n    eligibleMembers:\n      - { principal: zed@review.example, duration: P90D }"]));
      expect(only(d, "eligible-to-standing").subject).toBe("group:operators/member:pete@review.example");
    });

    test("GIVEN approval, MFA and justification removed from the admin group's activation WHEN diffed THEN one pim-relaxed per requirement", () => {
      const d = diff(variant(["      approvers: [carol@review.example]\n      requireJustification: true\n      requireMfa: true\n", "      approvers: [carol@review.example]\n      requireJustification: false\n      requireMfa: false\n"], ["      maximumDuration: PT1H\n      requireApproval: true\n      approvers: [carol@review.example]", "      maximumDuration: PT1H\n      requireApproval: false"]));
      expect(d.escalations.filter((e) => e.kind === "pim-relaxed").map((e) => e.subject)).toEqual(["group:admins/activation.requireApproval", "group:admins/activation.requireJustification", "group:admins/activation.requireMfa"]);
    });
  });

  describe("what counts as privileged, and widened policies (issue 11 boundaries)", () => {
    const LOGS = '- { Sid: AllowLogs, Effect: Allow, Action: ["logs:Get*", "logs:Describe*"], Resource: "*" }';
    test.each([
      ["its Condition dropped (with a Sid)", LOGS.replace(' Resource: "*" }', ' Resource: "*", Condition: { Bool: { "aws:MultiFactorAuthPresent": "true" } } }'), LOGS, "drops its Condition"],
      ["its Condition dropped (no Sid)", '- { Effect: Allow, Action: ["logs:Get*"], Resource: "*", Condition: { Bool: { "aws:MultiFactorAuthPresent": "true" } } }', '- { Effect: Allow, Action: ["logs:Get*"], Resource: "*" }', "adds Allow statement"],
      ["NotAction", LOGS, '- { Sid: AllowLogs, Effect: Allow, NotAction: ["iam:*"], Resource: "*" }', "now allows every action except those listed (NotAction)"],
    ])("GIVEN an inline Allow with %s WHEN diffed THEN inline-allow-added", (_name, before, after, says) => {
      const from = variant([LOGS, before]);
      const d = diff(variant([LOGS, after]), from);
      expect(only(d, "inline-allow-added").reason).toContain(says);
    });

    test.each([
      ["an inline Allow with NotAction", 'inlinePolicy: { Version: "2012-10-17", Statement: [{ Effect: Allow, NotAction: ["iam:*"], Resource: "*" }] }'],
      ["an inline Allow of IAM:* (upper case)", 'inlinePolicy: { Version: "2012-10-17", Statement: [{ Effect: Allow, Action: "IAM:*", Resource: "*" }] }'],
      ["the managed policy spelled administratoraccess", "managedPolicies: [arn:aws:iam::aws:policy/administratoraccess]"],
      ["a customer-managed policy named ADMINISTRATORACCESS", "customerManagedPolicies: [{ name: ADMINISTRATORACCESS, path: / }]"],
    ])("GIVEN a new set with %s granted to readers WHEN diffed THEN privileged-grant and privileged-set-added", (_name, policy) => {
      const d = diff(variant(["permissionSets:\n", `permissionSets:\n  Wide:\n    ${policy}\n`], addAssignment("- { group: readers, permissionSet: Wide, accounts: [prod] }")));
      expect(kinds(d)).toEqual(expect.arrayContaining(["privileged-grant", "privileged-set-added"]));
    });

    test("GIVEN a privileged existing group pointed at another existing Entra group WHEN diffed THEN privileged-group-replaced", () => {
      const holdsAdmin = variant(["- { group: auditors, permissionSet: Auditor, organizationalUnits: [r-rv12] }", "- { group: auditors, permissionSet: Admin, organizationalUnits: [r-rv12] }"]);
      const moved = variant(
        ["- { group: auditors, permissionSet: Auditor, organizationalUnits: [r-rv12] }", "- { group: auditors, permissionSet: Admin, organizationalUnits: [r-rv12] }"],
        ["objectId: 9e9e9e9e-0000-1111-2222-333333333333", "objectId: 9e9e9e9e-0000-1111-2222-444444444444"],
      );
      expect(only(diff(moved, holdsAdmin), "privileged-group-replaced").reason).toContain("9e9e9e9e-0000-1111-2222-444444444444 (was 9e9e9e9e-0000-1111-2222-333333333333)");
    });

    test("GIVEN a group's appRole changed WHEN diffed THEN the change shows, in JSON and Markdown", () => {
      const d = diff(variant(["  auditors:\n    objectId: 9e9e9e9e-0000-1111-2222-333333333333", "  auditors:\n    objectId: 9e9e9e9e-0000-1111-2222-333333333333\n    appRole: msiam_access"]));
      expect(d.changed).toContainEqual({ area: "group", subject: "group:auditors", field: "appRole", before: "User", after: "msiam_access" });
      expect(renderDiffMarkdown(d)).toContain("| `group:auditors` | appRole | `User` | `msiam_access` |");
    });
  });

  test("GIVEN the import file's assignment pointed at the admins' grant and a permission set's import added WHEN diffed THEN import-retargeted and access-import-added (more in review-diff-imports.test.ts)", () => {
    const imports = (file: string) => variant(["\naccounts:\n", `\nimports: ${file}\naccounts:\n`]);
    const d = diff(imports("imports-after.json"), imports("imports-before.json"));
    expect(kinds(d)).toEqual(["import-retargeted", "access-import-added"]);
    expect(d.escalations[1].subject).toBe("imports:identity-center/aws_ssoadmin_permission_set");
  });

  // Runs after the tests above (jest runs a file's tests in order): a kind no fixture produces is listed here.
  test("every escalation kind the diff knows was produced by at least one of the tests above", () => {
    expect(ESCALATION_KINDS.filter((k) => !produced.has(k))).toEqual([]);
  });
});

describe("benign changes are reported but not flagged", () => {
  test.each<[string, [string, string][]]>([
    ["removing access", [["permissionSet: ReadOnly, accounts: [prod, stage, dev]", "permissionSet: ReadOnly, accounts: [prod]"]]],
    ["shortening a session", [["sessionDuration: PT4H", "sessionDuration: PT2H"]]],
    [
      "adding a Deny statement",
      [['        - { Sid: DenyIam, Effect: Deny, Action: ["iam:*"], Resource: "*" }\n', '        - { Sid: DenyIam, Effect: Deny, Action: ["iam:*"], Resource: "*" }\n        - { Sid: DenyKms, Effect: Deny, Action: ["kms:*"], Resource: "*" }\n']],
    ],
    ["narrowing an Allow", [['Action: ["logs:Get*", "logs:Describe*"]', 'Action: ["logs:Get*"]']]],
    ["widening a Deny", [['Action: ["secretsmanager:GetSecretValue", "ssm:GetParameter*"]', 'Action: ["secretsmanager:GetSecretValue", "ssm:GetParameter*", "kms:Decrypt"]']]],
    ["adding a boundary", [["    description: Administrator\n", "    description: Administrator\n    permissionsBoundary: { managedPolicyArn: arn:aws:iam::aws:policy/PowerUserAccess }\n"]]],
    ["removing a privileged policy", [["managedPolicies: [arn:aws:iam::aws:policy/AdministratorAccess]", "managedPolicies: [arn:aws:iam::aws:policy/ReadOnlyAccess]"]]],
    ["removing a standing member", [["members: [rita@review.example, sam@review.example]", "members: [rita@review.example]"]]],
    ["adding an expiring eligible member to a group without privileged sets", [["      - { principal: pete@review.example, duration: P90D }\n", "      - { principal: pete@review.example, duration: P90D }\n      - { principal: eve@review.example, duration: P7D }\n"]]],
    ["shortening an eligibility", [["{ principal: ann@review.example, duration: P30D }", "{ principal: ann@review.example, duration: P7D }"]]],
    ["tightening PIM", [["maximumDuration: PT2H", "maximumDuration: PT1H"], ["requireTicket: true", "requireTicket: true\n    owners: [ann@review.example]"]]],
    ["adding an exclusion", [["excludeAccounts: [root-mgmt, prod]", "excludeAccounts: [root-mgmt, prod, stage]"]]],
    ["removing an OU target", [["  - { group: auditors, permissionSet: Auditor, organizationalUnits: [r-rv12] }\n", ""]]],
    ["changing description, relay state and tags", [["description: Operate workloads", "description: Operate the workloads"], ["/ec2/", "/ecs/"], ["tags: { team: ops }", "tags: { team: platform }"]]],
    ["a new permission set nobody holds, not privileged", [["permissionSets:\n", "permissionSets:\n  Spare:\n    managedPolicies: [arn:aws:iam::aws:policy/ReadOnlyAccess]\n"]]],
  ])("GIVEN %s WHEN diffed THEN there is a change and no escalation", (_name, edits) => {
    const d = diff(variant(...edits));
    expect(d.escalations).toEqual([]);
    expect(d.summary.grantsAdded + d.summary.grantsRemoved + d.summary.changes + d.added.members.length + d.removed.members.length +
      d.added.eligibleMembers.length + d.removed.organizationTargets.length + d.added.permissionSets.length).toBeGreaterThan(0);
  });
});

describe("every change kind is reported", () => {
  test("permission-set fields: session, relay state, description, policies, inline statements, boundary, tags", () => {
    const d = diff(
      variant(
        ["sessionDuration: PT2H\n    managedPolicies: [arn:aws:iam::aws:policy/job-function/SystemAdministrator]", "sessionDuration: PT1H\n    managedPolicies: [arn:aws:iam::aws:policy/job-function/NetworkAdministrator]"],
        ["description: Operate workloads", "description: Operate"],
        ["customerManagedPolicies: [{ name: ops-extra, path: /ops/ }]", "customerManagedPolicies: [{ name: ops-extra-v2, path: /ops/ }]"],
        ['Action: ["logs:Get*", "logs:Describe*"]', 'Action: ["logs:Get*"]'],
        ["customerManagedPolicy: { name: ops-boundary, path: / }", "customerManagedPolicy: { name: ops-boundary, path: /v2/ }"],
        ["    relayState: https://console.aws.amazon.com/ec2/\n", ""],
        ["tags: { team: ops }", "tags: { team: ops, tier: \"1\" }"],
      ),
    );
    expect(changesOf(d, "permissionSet:Operator").sort()).toEqual(
      ["customerManagedPolicies", "description", "inlinePolicy.statements", "managedPolicies", "permissionsBoundary", "relayState", "sessionDuration", "tags"].sort(),
    );
    expect(d.changed).toContainEqual(
      expect.objectContaining({ field: "relayState", before: "https://console.aws.amazon.com/ec2/", after: null }),
    );
    expect(d.changed).toContainEqual(
      expect.objectContaining({ field: "permissionsBoundary", before: "customer-managed /ops-boundary", after: "customer-managed /v2/ops-boundary" }),
    );
  });

  test("groups and memberships: members, eligibility, expiry, owners, description, added and removed groups", () => {
    const d = diff(
      variant(
        ["members: [rita@review.example, sam@review.example]", "members: [rita@review.example, tom@review.example]\n    owners: [ann@review.example]"],
        ["description: Read-only access", "description: Readers"],
        ["{ principal: ann@review.example, duration: P30D }", "{ principal: ann@review.example, duration: P60D }"],
        ["      - { principal: pete@review.example, duration: P90D }\n", "      - { principal: quinn@review.example, duration: P90D }\n"],
        ["  auditors:\n    objectId", "  newcomers:\n    members: [nina@review.example]\n  auditors:\n    objectId"],
      ),
    );
    expect(d.added.members).toEqual([
      { group: "newcomers", principal: "nina@review.example" },
      { group: "readers", principal: "tom@review.example" },
    ]);
    expect(d.removed.members).toEqual([{ group: "readers", principal: "sam@review.example" }]);
    expect(d.added.eligibleMembers).toEqual([{ group: "operators", principal: "quinn@review.example", expiry: "P90D" }]);
    expect(d.removed.eligibleMembers).toEqual([{ group: "operators", principal: "pete@review.example", expiry: "P90D" }]);
    expect(d.added.groups).toEqual(["newcomers"]);
    expect(d.changed).toContainEqual({ area: "pim", subject: "group:admins", field: "eligibleMembers[ann@review.example].expiry", before: "P30D", after: "P60D" });
    expect(changesOf(d, "group:readers").sort()).toEqual(["description", "owners"]);
  });

  test("provisioning, SSO, Identity Center, accounts and review settings", () => {
    const d = diff(
      variant(
        ["scope: assigned", "scope: all"],
        ["deleteThreshold: 40", "deleteThreshold: 80"],
        ["notificationEmails: [ops@review.example]", "notificationEmails: [ops@review.example, sec@review.example]"],
        ["accessPortalUrl: https://review.awsapps.com/start", "accessPortalUrl: https://review2.awsapps.com/start"],
        ["scimSecret: review/scim", "scimSecret: { name: review/scim-v2, kmsKeyId: alias/review }"],
        ['  dev: { id: "100000000004" }', '  dev: { id: "100000000005" }\n  sandbox: { id: "100000000006" }'],
        ["assignments:\n", "review:\n  privilegedActions: [\"*\", \"iam:*\", \"organizations:*\", \"sso:*\", \"kms:*\"]\nassignments:\n"],
      ),
    );
    const fields = (area: string) => d.changed.filter((c) => c.area === area).map((c) => `${c.subject}.${c.field}`);
    expect(fields("provisioning")).toEqual([
      "entra.provisioning.deleteThreshold",
      "entra.provisioning.scope",
      "identityCenter.scimSecret.kmsKeyId",
      "identityCenter.scimSecret.name",
    ]);
    expect(fields("sso")).toEqual(["entra.application.notificationEmails", "identityCenter.serviceProvider.accessPortalUrl"]);
    expect(fields("account")).toEqual(["account:dev.id"]);
    expect(fields("review")).toEqual(["review.privilegedActions"]);
    expect(d.added.accounts).toEqual([{ name: "sandbox", id: "100000000006" }]);
    // dev's id changed: its grants move to the new id (removed and added by key)
    expect(d.removed.grants.map((g) => g.key)).toContain("group:readers/ReadOnly/100000000004");
    expect(d.added.grants.map((g) => g.key)).toContain("group:readers/ReadOnly/100000000005");
  });
});

describe("permission-set renames", () => {
  test("GIVEN Admin renamed with the same policies WHEN diffed THEN a warning counts the accounts and no privileged grant is raised", () => {
    const head = modelOf(loadText(baseText.replace("  Admin:\n", "  Administrator:\n").replace(/permissionSet: Admin,/g, "permissionSet: Administrator,"), "review/head.yaml"));
    const d = diff(head);
    expect(d.warnings).toEqual([
      {
        id: "federation/permission-set-rename",
        subject: "permissionSet:Administrator",
        message: expect.stringContaining('permission set "Admin" is gone and "Administrator" is new: a rename replaces the set and recreates its role in 4 account(s)'),
      },
    ]);
    expect(d.escalations).toEqual([]);
    expect(d.removed.grants).toHaveLength(4);
    expect(d.added.grants).toHaveLength(4);
    expect(d.changed).toContainEqual({ area: "permission-set", subject: "permissionSet:Administrator", field: "name", before: "Admin", after: "Administrator" });
  });

  test("GIVEN a renamed set with an OU target and a longer session WHEN diffed THEN the warning names the OU and the session is compared across the rename", () => {
    const head = modelOf(
      loadText(
        baseText.replace("  Operator:\n    description: Operate workloads\n    sessionDuration: PT2H", "  Operations:\n    description: Operate workloads\n    sessionDuration: PT6H").replace(/permissionSet: Operator,/g, "permissionSet: Operations,"),
        "review/head.yaml",
      ),
    );
    const d = diff(head);
    expect(d.warnings[0].message).toContain("recreates its role in 2 account(s) plus every account below ou-rv12-workloads");
    expect(kinds(d)).toEqual(["longer-session"]);
    expect(d.escalations[0].subject).toBe("permissionSet:Operations");
  });

  test("GIVEN a set removed and an unrelated set added WHEN diffed THEN it is not a rename", () => {
    const head = variant(
      ["  Auditor:\n    sessionDuration: PT8H", "  Viewer:\n    sessionDuration: PT2H"],
      ["permissionSet: Auditor, organizationalUnits: [r-rv12]", "permissionSet: Viewer, organizationalUnits: [ou-rv12-other111]"],
    );
    const warnings = diff(head).warnings;
    expect(warnings.filter((w) => w.id === "federation/permission-set-rename")).toEqual([]);
    // Auditor goes together with its grant: the two-change procedure warning, not a rename.
    expect(warnings.map((w) => w.id)).toEqual(["federation/permission-set-removed-with-grants"]);
  });
});

describe("stable output", () => {
  const head = () =>
    variant(addAssignment("- { group: readers, permissionSet: Admin, accounts: [prod, dev] }"), ["sessionDuration: PT4H", "sessionDuration: PT12H"], ["maximumDuration: PT2H", "maximumDuration: PT3H"]);

  test("the JSON has fixed top-level fields and the same input gives the same bytes", () => {
    const a = JSON.stringify(diff(head()), null, 2);
    const b = JSON.stringify(diff(head()), null, 2);
    expect(a).toBe(b);
    expect(Object.keys(JSON.parse(a))).toEqual(["format", "version", "base", "head", "summary", "escalations", "warnings", "added", "removed", "changed"]);
    expect(Object.keys(JSON.parse(a).added)).toEqual(["grants", "organizationTargets", "permissionSets", "groups", "members", "eligibleMembers", "accounts"]);
  });

  test("escalations come in kind order, privileged grants first", () => {
    expect(kinds(diff(head()))).toEqual(["privileged-grant", "pim-relaxed", "longer-session"]);
  });

  test("the markdown lists escalations before everything else and matches the snapshot", () => {
    const md = renderDiffMarkdown(diff(head()));
    const scrubbed = md.replace(/\/[^\s`]*\/(test\/fixtures)/g, "<root>/$1");
    expect(md.indexOf("Escalations")).toBeLessThan(md.indexOf("Grants added"));
    expect(md).toMatch(/\| 1 \| privileged grant \| `group:readers\/Admin` \|/);
    expect(md).toContain("**⚠️ 3 escalations** · 2 grants added · 0 removed");
    expect(scrubbed).toMatchSnapshot();
  });

  test("tables longer than --max-rows are cut with a count, the JSON keeps everything", () => {
    const d = diff(variant(addAssignment("- { group: readers, permissionSet: Operator, accounts: [prod, root-mgmt] }")));
    expect(d.added.grants).toHaveLength(2);
    const md = renderDiffMarkdown(d, { maxRows: 1 });
    expect(md).toContain("… and 1 more (run with `--format json` for everything)");
  });
});

describe("new permission sets, renames, deploy hazards and the header", () => {
  test("GIVEN a new privileged set WHEN diffed THEN the Markdown lists its session, policies, inline policy and boundary, starred", () => {
    const d = diff(
      variant(["permissionSets:\n", 'permissionSets:\n  Wide:\n    sessionDuration: PT6H\n    managedPolicies: [arn:aws:iam::aws:policy/AdministratorAccess]\n    customerManagedPolicies: [{ name: extra, path: /x/ }]\n    inlinePolicy: { Version: "2012-10-17", Statement: [{ Effect: Deny, Action: "s3:*", Resource: "*" }] }\n    permissionsBoundary: { managedPolicyArn: arn:aws:iam::aws:policy/PowerUserAccess }\n']),
    );
    expect(d.changed).toContainEqual(expect.objectContaining({ subject: "permissionSet:Wide", field: "created", after: expect.objectContaining({ sessionDuration: "PT6H", inlinePolicy: "1 statement(s)" }) }));
    expect(renderDiffMarkdown(d)).toContain("| `Wide` ★ | PT6H | AdministratorAccess, /x/extra | 1 statement(s) | AWS-managed arn:aws:iam::aws:policy/PowerUserAccess |");
  });

  test("GIVEN a group renamed with the same members WHEN diffed THEN a group-rename warning says the group is recreated and its grants wait for SCIM", () => {
    const d = diff(variant(["  readers:\n", "  readers-v2:\n"], [READERS_ASSIGNMENT, READERS_ASSIGNMENT.replace("group: readers,", "group: readers-v2,")]));
    expect(d.warnings).toContainEqual(expect.objectContaining({ id: "federation/group-rename", subject: "group:readers-v2", message: expect.stringContaining("pending until SCIM provisions it") }));
  });

  test("GIVEN a change of the assignment-stack count WHEN diffed THEN an assignment-stacks-move warning names the state moves", () => {
    const d = diff(variant(["  region: eu-west-1\n", "  region: eu-west-1\n  assignmentShards: 3\n"]));
    expect(d.warnings).toContainEqual(expect.objectContaining({ id: "federation/assignment-stacks-move", message: expect.stringContaining("federation shards --from 1") }));
  });

  test("GIVEN members, eligible members, groups and accounts changed WHEN rendered THEN the header counts each kind", () => {
    const d = diff(
      variant(["members: [rita@review.example, sam@review.example]", "members: [rita@review.example]"], ["  auditors:\n", "  spare:\n    members: [x@review.example]\n  auditors:\n"], ["  dev: { id: \"100000000004\" }\n", "  dev: { id: \"100000000004\" }\n  test: { id: \"100000000005\" }\n"]),
    );
    const header = renderDiffMarkdown(d).split("\n")[2];
    for (const part of ["groups +1 −0", "members +1 −1", "accounts +1 −0"]) expect(header).toContain(part);
  });
});

describe("the diff command's gates", () => {
  const { mkdtempSync, rmSync, writeFileSync, cpSync } = require("node:fs") as typeof import("node:fs");
  const { tmpdir } = require("node:os") as typeof import("node:os");
  const { runCli } = require("../src/cli") as typeof import("../src/cli");
  const run = async (baseYaml: string, headYaml: string, ...flags: string[]) => {
    const dir = mkdtempSync(join(tmpdir(), "diff-gates-"));
    try {
      cpSync(join(ROOT, "test", "fixtures", "review", "policies"), join(dir, "policies"), { recursive: true });
      writeFileSync(join(dir, "base.yaml"), baseYaml);
      writeFileSync(join(dir, "head.yaml"), headYaml);
      const err: string[] = [];
      const code = await runCli(["diff", "--base", "base.yaml", "--head", "head.yaml", ...flags], { out: () => undefined, err: (t) => err.push(t), env: {}, cwd: dir });
      return { code, err: err.join("\n") };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
  const ADMINS_ELIGIBLE = "      - { principal: bob@review.example, permanent: true }\n";

  test("GIVEN a permanent eligible member added to the admin group WHEN diffed with --fail-on-escalation THEN exit 3", async () => {
    const head = baseText.replace(ADMINS_ELIGIBLE, `${ADMINS_ELIGIBLE}      - { principal: eve@review.example, permanent: true }\n`);
    expect((await run(baseText, head, "--fail-on-escalation")).code).toBe(3);
    expect((await run(baseText, head)).code).toBe(0);
  });

  test("GIVEN warnings (grants changing assignment stack, a set removed with its grants) WHEN diffed with --fail-on-warning THEN exit 5; without the flag 0", async () => {
    const shards = baseText.replace("  region: eu-west-1\n", "  region: eu-west-1\n  assignmentShards: 2\n");
    const removed = baseText.replace("  - { group: auditors, permissionSet: Auditor, organizationalUnits: [r-rv12] }\n", "").replace(/ {2}Auditor:\n(?: {4}.*\n)+/, "");
    for (const head of [shards, removed]) {
      const r = await run(baseText, head, "--fail-on-warning");
      expect([r.code, r.err]).toEqual([5, expect.stringContaining("--fail-on-warning")]);
      expect((await run(baseText, head)).code).toBe(0);
    }
    expect((await run(baseText, baseText, "--fail-on-warning")).code).toBe(0);
  });
});
