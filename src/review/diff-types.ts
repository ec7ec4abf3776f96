/**
 * The access diff between two federation files, as data. The JSON output of `federation diff` is this object:
 * field names and the order of every list are stable (sorted by key), so tools can rely on them.
 */
import type { AccountRef, EligibleMember } from "./access";

export const DIFF_FORMAT = "federation-access-diff";
export const DIFF_VERSION = 1;

/** Escalation kinds in the order they are listed (most dangerous first). */
export const ESCALATION_KINDS = [
  "privileged-grant",
  "privileged-policy-added",
  "review-rules-relaxed",
  "eligible-to-standing",
  "privileged-member-added",
  "privileged-eligible-added",
  "eligibility-extended",
  "privileged-set-added",
  "privileged-group-replaced",
  "import-retargeted",
  "access-import-added",
  "organization-grant",
  "exclusion-removed",
  "boundary-removed",
  "boundary-changed",
  "inline-allow-added",
  "inline-deny-removed",
  "pim-relaxed",
  "longer-session",
] as const;

export type EscalationKind = (typeof ESCALATION_KINDS)[number];

export interface Escalation {
  readonly kind: EscalationKind;
  /** What it is about: `group:aws-sso-read-only/AdministratorAccess`, `permissionSet:Admin`, `group:admins/member:bob@…`. */
  readonly subject: string;
  /** Why it widens access, in a sentence a reviewer can check. */
  readonly reason: string;
  /** Accounts where access grows, when known before plan time. */
  readonly accounts?: readonly AccountRef[];
  /** OU or root targets where access grows (resolved at plan time). */
  readonly organizationalUnits?: readonly string[];
}

/** A lockout: the management account or the whole organization loses its last administrator. */
export interface LockoutEntry {
  readonly kind: "management-account" | "last-admin-path";
  readonly id: string;
  readonly message: string;
  /** The base's admin paths that are gone, `<principal key>/<permission set>`. */
  readonly lost: readonly string[];
  readonly accountId?: string;
}

export interface DiffWarning {
  readonly id: string;
  readonly message: string;
  readonly subject: string;
}

export interface GrantEntry {
  readonly key: string;
  readonly principal: string;
  readonly permissionSet: string;
  readonly account: AccountRef;
  /** The permission set is privileged (on the side the grant is on). */
  readonly privileged: boolean;
}

export interface OrganizationTargetEntry {
  readonly key: string;
  readonly principal: string;
  readonly permissionSet: string;
  /** `ou-…` or `r-…`. */
  readonly targetId: string;
  readonly excludeAccounts: readonly AccountRef[];
  readonly privileged: boolean;
}

export interface MemberEntry {
  readonly group: string;
  readonly principal: string;
}

export interface EligibleMemberEntry extends EligibleMember {
  readonly group: string;
}

export interface AccountEntry {
  readonly name: string;
  readonly id: string;
}

/** An import block of the import file (`imports:`, src/model/imports.ts), with the stack it is rendered into. */
export interface ImportEntry {
  readonly stack: string;
  /** The resource instance address: `aws_ssoadmin_account_assignment.<id>["<grant key>"]`. */
  readonly to: string;
  /** The provider's import id: which existing object the address takes over. */
  readonly id: string;
}

/** An import block whose address stayed and whose id changed: the address now takes over another object. */
export interface ImportRetargetEntry {
  readonly stack: string;
  readonly to: string;
  readonly before: string;
  readonly after: string;
}

/** What changed in the import file between the two sides (src/review/diff-imports.ts). */
export interface ImportsDiff {
  /** `imports:` as written on each side (null: absent), when it appeared, disappeared or names another file. */
  readonly file?: { readonly before: string | null; readonly after: string | null };
  readonly added: readonly ImportEntry[];
  readonly removed: readonly ImportEntry[];
  readonly retargeted: readonly ImportRetargetEntry[];
}

/** One side of the diff: what only the head has (`added`) or only the base has (`removed`). */
export interface DiffSide {
  readonly grants: readonly GrantEntry[];
  readonly organizationTargets: readonly OrganizationTargetEntry[];
  readonly permissionSets: readonly string[];
  readonly groups: readonly string[];
  readonly members: readonly MemberEntry[];
  readonly eligibleMembers: readonly EligibleMemberEntry[];
  readonly accounts: readonly AccountEntry[];
}

export type ChangeArea = "permission-set" | "group" | "pim" | "organization-target" | "account" | "provisioning" | "sso" | "identity-center" | "review" | "state" | "protection";

/** A value that changed: `before`/`after` for single values, `added`/`removed` for lists. */
export interface Change {
  readonly area: ChangeArea;
  /** `permissionSet:AdministratorAccess`, `group:aws-sso-admins`, `entra.provisioning`, … */
  readonly subject: string;
  /** `sessionDuration`, `managedPolicies`, `activation.requireMfa`, `inlinePolicy.statements`, … */
  readonly field: string;
  readonly before?: unknown;
  readonly after?: unknown;
  readonly added?: readonly unknown[];
  readonly removed?: readonly unknown[];
  /** What the change means and what to do about it, when the values alone do not say (e.g. state moves to run first). */
  readonly note?: string;
}

export interface AccessDiff {
  readonly format: typeof DIFF_FORMAT;
  readonly version: typeof DIFF_VERSION;
  readonly base: string;
  readonly head: string;
  readonly summary: {
    readonly escalations: number;
    readonly warnings: number;
    readonly grantsAdded: number;
    readonly grantsRemoved: number;
    readonly changes: number;
    /** Every other kind of change, counted (the Markdown header shows each that is not zero). */
    readonly organizationTargetsAdded: number;
    readonly organizationTargetsRemoved: number;
    readonly permissionSetsAdded: number;
    readonly permissionSetsRemoved: number;
    readonly groupsAdded: number;
    readonly groupsRemoved: number;
    readonly membersAdded: number;
    readonly membersRemoved: number;
    readonly eligibleMembersAdded: number;
    readonly eligibleMembersRemoved: number;
    readonly accountsAdded: number;
    readonly accountsRemoved: number;
    /** Import blocks only the head's import file has, only the base's has, and those pointed at another object (`imports`). */
    readonly importsAdded: number;
    readonly importsRemoved: number;
    readonly importsRetargeted: number;
  };
  /**
   * Present only when the change would leave AWS without administrators (src/review/lockout.ts): `federation diff`
   * and `validate --base` refuse it unless `--allow-lockout` is given.
   */
  readonly lockout?: readonly LockoutEntry[];
  /** Listed first: every change that widens access, each with its reason. */
  readonly escalations: readonly Escalation[];
  readonly warnings: readonly DiffWarning[];
  readonly added: DiffSide;
  readonly removed: DiffSide;
  readonly changed: readonly Change[];
  /**
   * Present only when the import file changed (blocks added, removed or pointed at another object; `imports:` added,
   * removed or naming another file): lists sorted by stack, then address. Each change is also a warning.
   */
  readonly imports?: ImportsDiff;
}
