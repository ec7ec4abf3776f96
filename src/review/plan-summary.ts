/**
 * A Terraform plan (`terraform show -json plan.out`) in access terms: resource changes grouped by meaning (grants by
 * their for_each key, permission sets, groups, memberships and PIM, provisioning, the SSO application), replacements
 * and deletions flagged with what they break. Attribute values are shown only for a few harmless attributes and never
 * when the plan marks them sensitive (plan JSON carries secrets such as the SCIM token in clear).
 *
 * Only a plan is read: `terraform show -json` of a saved plan (format_version 1.x, with `planned_values` and
 * `configuration`; `resource_changes[].change.actions`, `output_changes.<name>.actions`). Anything else is refused
 * with a message saying what it looks like instead (state, `terraform output -json`, the `terraform plan -json` log),
 * and so is a plan whose structure is broken, naming the field. Unknown resource types land in "other", and action
 * lists this version does not know are "unknown": listed, never dropped. A resource an `import` block brings under
 * management (`resource_changes[].change.importing`, Terraform ≥ 1.5) is listed and counted as an import, also when
 * nothing else changes (its actions are then `["no-op"]`): the first plan after `federation adopt` shows imports only.
 *
 * Format reference: hashicorp/terraform website/docs/internals/json-format.mdx (format_version 1.x); the tests read
 * plans the real Terraform 1.11 writes (test/real-plans.ts).
 */
import { canonicalJson } from "../model/model";
import { cmp } from "./access";

export const PLAN_SUMMARY_FORMAT = "federation-plan-summary";

/** `forget`: removed from state by a `removed` block, not destroyed (Terraform ≥ 1.7). */
export type PlanAction = "create" | "update" | "replace" | "delete" | "forget" | "read" | "no-op" | "unknown";

export const PLAN_CATEGORIES = {
  grants: "Grants (account assignments)",
  "permission-sets": "Permission sets",
  groups: "Groups",
  memberships: "Group memberships and PIM",
  "sso-app": "SSO application",
  provisioning: "Provisioning (SCIM)",
  "identity-center": "IAM Identity Center settings",
  other: "Other resources",
} as const;

export type PlanCategory = keyof typeof PLAN_CATEGORIES;

export interface GrantKey {
  readonly principal: string;
  readonly permissionSet: string;
  readonly accountId: string;
}

export interface AttributeChange {
  readonly attribute: string;
  /** Shown only for harmless attributes; `(sensitive)` / `(known after apply)` otherwise marked. */
  readonly before?: string;
  readonly after?: string;
}

export interface PlannedChange {
  readonly address: string;
  readonly type: string;
  readonly category: PlanCategory;
  readonly action: PlanAction;
  /** The for_each key or count index, when the resource has one. */
  readonly key?: string | number;
  /** For account assignments keyed `group:<name>/<set>/<account>`. */
  readonly grant?: GrantKey;
  /** Terraform's `action_reason`, e.g. `replace_because_cannot_update`. */
  readonly reason?: string;
  /** Attribute paths that force the replacement. */
  readonly replacePaths?: readonly string[];
  /** Top-level attributes an update changes (names; values only where harmless). */
  readonly attributes?: readonly AttributeChange[];
  /** A deposed object (left from an earlier failed replacement). */
  readonly deposed?: string;
  /** For replacements and deletions: what it breaks. */
  readonly consequence?: string;
  /** Brought under management by an `import` block (with the provider's import id), in addition to `action`. */
  readonly importing?: { readonly id?: string };
}

/** One resource an `import` block imports, whatever else the plan does to it. */
export interface PlannedImport {
  readonly address: string;
  readonly type: string;
  readonly category: PlanCategory;
  /** The provider's import id, as the plan gives it. */
  readonly id?: string;
  /** What the plan does besides importing (`no-op`: nothing). */
  readonly action: PlanAction;
}

export interface PlanSummary {
  readonly format: typeof PLAN_SUMMARY_FORMAT;
  readonly version: 1;
  readonly title?: string;
  readonly terraformVersion: string;
  readonly formatVersion: string;
  /** The plan stopped on an error: what it shows is incomplete. */
  readonly errored: boolean;
  readonly totals: Readonly<Record<PlanAction, number>>;
  /** Non-empty categories in a fixed order; no-ops and data reads are counted, not listed. */
  readonly categories: readonly { readonly category: PlanCategory; readonly title: string; readonly changes: readonly PlannedChange[] }[];
  /** Every replacement and deletion, also listed in its category. */
  readonly flagged: readonly PlannedChange[];
  /** Every import, by address (also listed in its category, with its action). */
  readonly imports: readonly PlannedImport[];
  readonly outputs: readonly { readonly name: string; readonly action: PlanAction }[];
  /** Resources that changed outside Terraform since the last apply. */
  readonly drift: number;
  readonly failedChecks: readonly { readonly address: string; readonly status: string; readonly problems: readonly string[] }[];
  /** What was odd in the input (never fatal). */
  readonly notes: readonly string[];
}

export class PlanFormatError extends Error {}

const CATEGORY_BY_TYPE: readonly [RegExp, PlanCategory][] = [
  [/^aws_ssoadmin_account_assignment$/, "grants"],
  [/^aws_ssoadmin_(permission_set|managed_policy_attachment|customer_managed_policy_attachment|permission_set_inline_policy|permissions_boundary_attachment)/, "permission-sets"],
  [/^aws_ssoadmin_/, "identity-center"],
  [/^azuread_group(_without_members)?$/, "groups"],
  [/^azuread_(group_member|privileged_access_group_|group_role_management_policy)/, "memberships"],
  [/^azuread_(application|service_principal|app_role_assignment|claims_mapping_policy)/, "sso-app"],
  [/^msgraph_update_resource$/, "sso-app"],
  [/^azuread_synchronization_/, "provisioning"],
  [/^aws_secretsmanager_/, "provisioning"],
  [/^msgraph_resource_action$/, "provisioning"],
  // Okta as the identity provider (src/okta, stacks/okta-sso.ts; okta/okta 4.20.0).
  [/^okta_group$/, "groups"],
  [/^okta_group_memberships$/, "memberships"],
  [/^okta_(app_saml|app_group_assignments?|app_user)$/, "sso-app"],
];

const CONSEQUENCES: readonly [RegExp, { replace: string; delete: string }][] = [
  [
    /^aws_ssoadmin_account_assignment$/,
    { replace: "access is removed and granted again (a short gap)", delete: "access is revoked" },
  ],
  [
    /^aws_ssoadmin_permission_set$/,
    {
      replace: "the set's role is deleted and recreated (new suffix) in every account it is provisioned to; active sessions end",
      delete: "the set and its role in every account are deleted; everyone holding it loses that access",
    },
  ],
  [
    /^azuread_(application|service_principal)$/,
    {
      replace: "a new enterprise application: SSO stops until IAM Identity Center gets the new IdP metadata, and provisioning must be set up again",
      delete: "the enterprise application is deleted: SSO and provisioning stop",
    },
  ],
  [
    /^azuread_service_principal_token_signing_certificate$/,
    {
      replace: "a new SAML signing certificate: SSO fails until IAM Identity Center has the new certificate",
      delete: "the SAML signing certificate is deleted: SSO fails",
    },
  ],
  [
    /^azuread_group(_without_members)?$/,
    {
      replace: "the Entra group is recreated with a new object id: members and app assignment are re-created, provisioning sees a new group",
      delete: "the Entra group is deleted: its members lose the access it carries",
    },
  ],
  [
    /^aws_secretsmanager_secret$/,
    { replace: "the SCIM secret is recreated empty: store the endpoint and token again", delete: "the SCIM secret is deleted" },
  ],
  [
    /^azuread_synchronization_(job|secret)$/,
    { replace: "provisioning is set up again (a new initial cycle)", delete: "provisioning stops" },
  ],
  [
    /^okta_app_saml$/,
    {
      replace: "a new Okta app: SSO stops until IAM Identity Center gets its IdP metadata (new entity id and certificate), and provisioning must be set up again",
      delete: "the Okta app is deleted: SSO and provisioning stop",
    },
  ],
  [
    /^okta_group$/,
    {
      replace: "the Okta group is recreated with a new id: its memberships and app assignment are re-created, provisioning sees a new group",
      delete: "the Okta group is deleted: its members lose the access it carries",
    },
  ],
  [
    /^okta_app_group_assignments?$/,
    {
      replace: "the group's assignment to the Okta app is removed and made again: its members cannot sign in to AWS in between",
      delete: "the group is no longer assigned to the Okta app: its members cannot sign in to AWS",
    },
  ],
  [
    /^okta_app_user$/,
    {
      replace: "the user's assignment to the Okta app is removed and made again: they cannot sign in to AWS in between",
      delete: "the user is no longer assigned to the Okta app: they cannot sign in to AWS",
    },
  ],
  [
    /^okta_group_memberships$/,
    { replace: "the group's listed members are removed and added again (a short gap)", delete: "the group's listed members are removed: they lose the access it carries" },
  ],
];

/** Attributes whose values are harmless to show (names, durations, ARNs, ids); everything else: name only. */
const SHOWN_ATTRIBUTES = new Set([
  "session_duration",
  "relay_state",
  "description",
  "name",
  "display_name",
  "managed_policy_arn",
  "target_id",
  "target_type",
  "principal_type",
  "principal_id",
  "permission_set_arn",
  "enabled",
  "template_id",
  "security_enabled",
  "assignment_type",
  "duration",
  "expiration_date",
  "permanent_assignment",
]);

const ACTIONS: readonly PlanAction[] = ["create", "update", "replace", "delete", "forget", "read", "no-op", "unknown"];

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => !!v && typeof v === "object" && !Array.isArray(v);

const GIVE_A_PLAN = "give `terraform show -json plan.out` of a plan saved with `terraform plan -out=plan.out`";

/**
 * Checks that a parsed JSON value is a Terraform plan in format 1.x and returns it; otherwise a `PlanFormatError`
 * saying what the value is instead, or which field of the plan is broken.
 */
export function asPlan(plan: unknown): Json {
  if (!isObj(plan)) throw new PlanFormatError(`not a Terraform plan: the JSON is ${Array.isArray(plan) ? "a list" : plan === null ? "null" : `a ${typeof plan}`}, not an object; ${GIVE_A_PLAN}`);
  if (plan.format_version === undefined) {
    const entries = Object.values(plan);
    if (typeof plan["@level"] === "string" || typeof plan["@message"] === "string") {
      throw new PlanFormatError(`not a Terraform plan: this is a line of the \`terraform plan -json\` log; ${GIVE_A_PLAN}`);
    }
    if (entries.length > 0 && entries.every((o) => isObj(o) && "value" in o && typeof o.sensitive === "boolean")) {
      throw new PlanFormatError(`not a Terraform plan: this is \`terraform output -json\`; ${GIVE_A_PLAN}`);
    }
    throw new PlanFormatError(`not a Terraform plan: it has no format_version; ${GIVE_A_PLAN}`);
  }
  if (typeof plan.format_version !== "string" || !/^1\.\d+$/.test(plan.format_version)) {
    throw new PlanFormatError(`plan format_version ${JSON.stringify(plan.format_version)} is not supported (only 1.x; Terraform promises breaking changes only with a new major version)`);
  }
  if (!("planned_values" in plan)) {
    const what = "values" in plan ? "Terraform state (`terraform show -json` without a plan file)" : "no plan (an empty state from `terraform show -json` looks like this)";
    throw new PlanFormatError(`not a Terraform plan: it has no planned_values, so it is ${what}; ${GIVE_A_PLAN}`);
  }
  const broken = (path: string, expected: string) => new PlanFormatError(`not a valid Terraform plan: ${path} is not ${expected}`);
  if (typeof plan.terraform_version !== "string") throw broken("terraform_version", "a string");
  if (!isObj(plan.planned_values)) throw broken("planned_values", "an object");
  if (!isObj(plan.configuration)) throw broken("configuration", "an object");
  if (plan.errored !== undefined && typeof plan.errored !== "boolean") throw broken("errored", "true or false");
  for (const list of ["resource_changes", "resource_drift", "checks"]) if (plan[list] !== undefined && !Array.isArray(plan[list])) throw broken(list, "a list");
  for (const [list, entries] of [["resource_changes", plan.resource_changes], ["resource_drift", plan.resource_drift]] as const) {
    ((entries ?? []) as unknown[]).forEach((rc, i) => {
      const at = `${list}[${i}]`;
      if (!isObj(rc)) throw broken(at, "an object");
      for (const k of ["address", "type", "name"]) if (typeof rc[k] !== "string" || rc[k] === "") throw broken(`${at}.${k}`, "a non-empty string");
      if (rc.mode !== "managed" && rc.mode !== "data") throw broken(`${at}.mode`, '"managed" or "data"');
      if (!isObj(rc.change)) throw broken(`${at}.change`, "an object");
      if (!isActionList(rc.change.actions)) throw broken(`${at}.change.actions`, "a non-empty list of action names");
      if (rc.change.importing != null && !isObj(rc.change.importing)) throw broken(`${at}.change.importing`, "an object");
    });
  }
  if (plan.output_changes !== undefined) {
    if (!isObj(plan.output_changes)) throw broken("output_changes", "an object");
    for (const [name, change] of Object.entries(plan.output_changes)) {
      if (!isObj(change) || !isActionList(change.actions)) throw broken(`output_changes.${name}.actions`, "a non-empty list of action names");
    }
  }
  return plan;
}

const isActionList = (a: unknown): a is string[] => Array.isArray(a) && a.length > 0 && a.every((x) => typeof x === "string");

export function summarizePlan(input: unknown, options: { readonly title?: string } = {}): PlanSummary {
  const plan = asPlan(input);
  const formatVersion = plan.format_version as string;
  const notes: string[] = [];

  const totals = Object.fromEntries(ACTIONS.map((a) => [a, 0])) as Record<PlanAction, number>;
  const byCategory = new Map<PlanCategory, PlannedChange[]>();
  const flagged: PlannedChange[] = [];
  const imports: PlannedImport[] = [];
  for (const rc of (plan.resource_changes ?? []) as Json[]) {
    const change = toChange(rc);
    totals[change.action]++;
    if (change.importing) {
      imports.push({ address: change.address, type: change.type, category: change.category, ...(change.importing.id !== undefined ? { id: change.importing.id } : {}), action: change.action });
    }
    if ((change.action === "no-op" && !change.importing) || change.action === "read" || rc.mode === "data") continue;
    const list = byCategory.get(change.category) ?? [];
    list.push(change);
    byCategory.set(change.category, list);
    if (change.action === "replace" || change.action === "delete") flagged.push(change);
  }
  const unknownActions = totals.unknown;
  if (unknownActions) notes.push(`${unknownActions} change(s) with actions this version does not know are listed as unknown`);

  const byAddress = (a: PlannedChange, b: PlannedChange) => cmp(a.address, b.address) || cmp(a.deposed ?? "", b.deposed ?? "");
  const categories = (Object.keys(PLAN_CATEGORIES) as PlanCategory[])
    .filter((c) => byCategory.get(c)?.length)
    .map((c) => ({ category: c, title: PLAN_CATEGORIES[c], changes: (byCategory.get(c) ?? []).sort(c === "grants" ? byGrant : byAddress) }));

  const outputs = isObj(plan.output_changes)
    ? Object.entries(plan.output_changes)
        .map(([name, v]) => ({ name, action: actionOf((v as Json).actions) }))
        .filter((o) => o.action !== "no-op")
        .sort((a, b) => cmp(a.name, b.name))
    : [];

  return {
    format: PLAN_SUMMARY_FORMAT,
    version: 1,
    ...(options.title ? { title: options.title } : {}),
    terraformVersion: plan.terraform_version as string,
    formatVersion,
    errored: plan.errored === true,
    totals,
    categories,
    flagged: flagged.sort(byAddress),
    imports: imports.sort((a, b) => cmp(a.address, b.address)),
    outputs,
    drift: Array.isArray(plan.resource_drift) ? plan.resource_drift.length : 0,
    failedChecks: failedChecks(plan.checks),
    notes,
  };
}

function byGrant(a: PlannedChange, b: PlannedChange): number {
  return cmp(String(a.key ?? a.address), String(b.key ?? b.address)) || cmp(a.address, b.address);
}

export function actionOf(actions: unknown): PlanAction {
  if (!Array.isArray(actions)) return "unknown";
  const a = actions.filter((x): x is string => typeof x === "string");
  if (a.includes("delete") && a.includes("create")) return "replace";
  if (a.length === 1 && (ACTIONS as readonly string[]).includes(a[0]) && a[0] !== "replace" && a[0] !== "unknown") return a[0] as PlanAction;
  return "unknown";
}

export function categoryOf(type: string): PlanCategory {
  return CATEGORY_BY_TYPE.find(([re]) => re.test(type))?.[1] ?? "other";
}

/** `group:<name>/<permissionSet>/<12-digit account>` (names may contain `/`; set names and ids cannot). */
export function parseGrantKey(key: unknown): GrantKey | undefined {
  if (typeof key !== "string") return undefined;
  const m = /^((?:group|user):.+)\/([\w+=,.@-]{1,32})\/(\d{12})$/.exec(key);
  return m ? { principal: m[1], permissionSet: m[2], accountId: m[3] } : undefined;
}

function toChange(rc: Json): PlannedChange {
  const type = rc.type as string;
  const address = rc.address as string;
  const change = rc.change as Json;
  const action = actionOf(change.actions);
  const category = categoryOf(type);
  const key = typeof rc.index === "string" || typeof rc.index === "number" ? rc.index : undefined;
  const grant = category === "grants" ? parseGrantKey(key) : undefined;
  const consequenceFor = CONSEQUENCES.find(([re]) => re.test(type))?.[1];
  const consequence =
    action === "replace" || action === "delete"
      ? consequenceFor?.[action]
      : action === "forget"
        ? "removed from Terraform state by a `removed` block, not destroyed: it stays as it is, and Terraform no longer manages it"
        : undefined;
  const importing = isObj(change.importing) ? { ...(typeof change.importing.id === "string" ? { id: change.importing.id } : {}) } : undefined;
  const replacePaths = Array.isArray(change.replace_paths)
    ? change.replace_paths.map((p) => (Array.isArray(p) ? p.map(String).join(".") : String(p))).sort(cmp)
    : undefined;
  return {
    address,
    type,
    category,
    action,
    ...(key !== undefined ? { key } : {}),
    ...(grant ? { grant } : {}),
    ...(typeof rc.action_reason === "string" ? { reason: rc.action_reason } : {}),
    ...(replacePaths?.length ? { replacePaths } : {}),
    ...(action === "update" || action === "replace" ? { attributes: attributeChanges(change, action === "update") } : {}),
    ...(typeof rc.deposed === "string" ? { deposed: rc.deposed } : {}),
    ...(consequence ? { consequence } : {}),
    ...(rc.mode === "managed" && importing ? { importing } : {}),
  };
}

/**
 * Top-level attributes that change. For a replacement, attributes only known after apply (ids, ARNs of the new
 * object) are left out: every replacement has them and they say nothing.
 */
function attributeChanges(change: Json, includeUnknown: boolean): AttributeChange[] {
  const before = isObj(change.before) ? change.before : {};
  const after = isObj(change.after) ? change.after : {};
  const unknown = isObj(change.after_unknown) ? change.after_unknown : {};
  const sensitive = (side: unknown, k: string) => side === true || (isObj(side) && side[k] !== undefined && side[k] !== false);
  const out: AttributeChange[] = [];
  for (const k of [...new Set([...Object.keys(before), ...Object.keys(after), ...Object.keys(unknown)])].sort(cmp)) {
    const isUnknown = unknown[k] === true || isObj(unknown[k]);
    if (isUnknown && !includeUnknown) continue;
    if (!isUnknown && canonicalJson(before[k] ?? null) === canonicalJson(after[k] ?? null)) continue;
    if (!SHOWN_ATTRIBUTES.has(k)) {
      out.push({ attribute: k });
      continue;
    }
    const show = (v: unknown, secret: boolean) => (secret ? "(sensitive)" : v === undefined || v === null ? "null" : typeof v === "string" ? v : JSON.stringify(v));
    out.push({
      attribute: k,
      before: show(before[k], sensitive(change.before_sensitive, k)),
      after: isUnknown ? "(known after apply)" : show(after[k], sensitive(change.after_sensitive, k)),
    });
  }
  return out;
}

function failedChecks(checks: unknown): PlanSummary["failedChecks"] {
  if (!Array.isArray(checks)) return [];
  const out: { address: string; status: string; problems: string[] }[] = [];
  for (const c of checks) {
    if (!isObj(c)) continue;
    const instances = Array.isArray(c.instances) ? c.instances.filter(isObj) : [];
    const objectAddress = isObj(c.address) && typeof c.address.to_display === "string" ? c.address.to_display : "?";
    for (const i of instances) {
      if (i.status !== "fail" && i.status !== "error") continue;
      const address = isObj(i.address) && typeof i.address.to_display === "string" ? i.address.to_display : objectAddress;
      const problems = Array.isArray(i.problems) ? i.problems.filter(isObj).map((p) => String(p.message ?? "")) : [];
      out.push({ address, status: String(i.status), problems });
    }
    if (instances.length === 0 && (c.status === "fail" || c.status === "error")) out.push({ address: objectAddress, status: String(c.status), problems: [] });
  }
  return out.sort((a, b) => cmp(a.address, b.address));
}
