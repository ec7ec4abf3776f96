/**
 * Every user-facing message about a federation file (and of `federation adopt` / `drift` about a live setup), as small
 * factories. Each says what is wrong, shows the bad value and what is allowed; the caller adds where (path + line).
 * Ids are stable: tools and docs refer to them. One id per problem: no two factories share one (test/message-ids.test.ts);
 * related problems share a prefix instead (`signing-certificate…`, `destroy-allowed…`), so a CI rule can match either.
 */
import type { Severity } from "./diagnostics";

export interface Message {
  readonly id: string;
  readonly message: string;
  readonly severity: Severity;
}

const error = (id: string, message: string): Message => ({ id: `federation/${id}`, message, severity: "error" });
const warning = (id: string, message: string): Message => ({ id: `federation/${id}`, message, severity: "warning" });
/** `federation adopt` and `drift` have ids of their own (`adopt/…`, `drift/…`): a problem stops adoption, a note informs. */
const adoptProblem = (id: string, message: string): Message => ({ id: `adopt/${id}`, message, severity: "error" });
const adoptNote = (id: string, message: string): Message => ({ id: `adopt/${id}`, message, severity: "warning" });
const driftWarning = (id: string, message: string): Message => ({ id: `drift/${id}`, message, severity: "warning" });

const ELIGIBILITY_ENDED = "eligibility-ended";
/** The id of adopt's note about an eligibility that ended (drift reports it as `drift/eligibility-ended`). */
export const ADOPT_ELIGIBILITY_ENDED = `adopt/${ELIGIBILITY_ENDED}`;
/** Why a group setting exists only under Entra (for `entraOnlySetting`). */
const ENTRA_ONLY_REASONS: Record<string, string> = {
  eligibleMembers: "PIM for groups: just-in-time membership",
  activation: "PIM for groups: activation rules",
  objectId: "an existing Entra group by object id",
  appRole: "the enterprise application's app role",
  owners: "Entra group owners",
};
const show = (value: unknown): string => {
  const s = typeof value === "string" ? JSON.stringify(value) : JSON.stringify(value) ?? String(value);
  return s.length > 80 ? `${s.slice(0, 77)}...` : s;
};

export const messages = {
  // --- reading the file -------------------------------------------------------------------------------------
  fileNotFound: (file: string) => error("file-not-found", `cannot read federation file ${show(file)}: it does not exist`),
  fileUnreadable: (file: string, reason: string) => error("file-unreadable", `cannot read federation file ${show(file)}: ${reason}`),
  gitReadFailed: (spec: string, reason: string) =>
    error("git-read", `cannot read ${show(spec)} from git (<ref>:<path>, e.g. HEAD:config/federation.yaml): ${reason}`),
  fileTooLarge: (bytes: number, limit: number) =>
    error("file-too-large", `the file is ${bytes} bytes; a federation file may be at most ${limit} bytes`),
  binaryFile: () => error("not-text", "the file is not UTF-8 text (it contains NUL bytes or invalid UTF-8)"),
  emptyFile: () => error("empty-file", "the file is empty; it must be a mapping with at least `version`, `entra` and `identityCenter`"),
  yamlSyntax: (detail: string) => error("yaml-syntax", `YAML syntax error: ${detail}`),
  duplicateKey: (key: string) => error("duplicate-key", `key ${show(key)} appears more than once in this mapping; YAML keys must be unique`),
  tooDeep: (limit: number) => error("too-deep", `the document nests deeper than ${limit} levels`),
  aliasBomb: () => error("yaml-aliases", "the document expands too many YAML aliases (possible alias bomb); write the values out"),
  notAMapping: (got: string) => error("not-a-mapping", `the document must be a mapping (key: value), got ${got}`),
  multipleDocuments: () =>
    error("yaml-documents", "a second YAML document starts here (---); a federation file is one document, so which one counts would be a guess"),
  lineEndings: () => error("line-endings", "a carriage return (CR) without a line feed: save the file with LF or CRLF line endings"),
  yamlVersion: (version: string) =>
    error("yaml-version", `the file declares %YAML ${version}; federation files are YAML 1.2 (yes/no are text, << does not merge): remove the directive`),
  yamlTag: (tag: string) =>
    error("yaml-tag", `YAML tag ${show(tag)} is not supported; write plain values (only !!str, !!int, !!float, !!bool, !!null, !!map and !!seq are allowed)`),
  yamlMergeKey: () =>
    error("yaml-merge-key", "YAML merge keys (<<) are not supported: write the keys out, so a reviewer sees every value where it applies"),
  yamlComplexKey: () => error("yaml-complex-key", "a mapping key must be plain text, not a list, a mapping or an alias"),
  yamlAliasCycle: (anchor: string) => error("yaml-alias-cycle", `alias *${anchor} refers to a value that contains the alias itself (a cycle)`),
  reservedName: (name: string) =>
    error(
      "reserved-name",
      `${show(name)} is the name of a built-in of every JavaScript object, so tools could find it where it is not defined; choose another name`,
    ),
  reservedKey: (key: string) => error("reserved-key", `${show(key)} cannot be used as a key or name: JavaScript treats it specially and would drop it`),
  cdktfMarker: (value: string, marker: string) =>
    error(
      "cdktf-marker",
      `${show(value)} contains ${show(marker)}, which CDKTF reads as one of its own references while it synthesizes (the text would become another resource's value); reword it`,
    ),
  tooManyProblems: (shown: number, more: number, errors: number) =>
    warning("too-many-problems", `${more} more problems (${errors} of them errors) are not shown; fix the first ${shown} and run again`),

  // --- structure (schema) -----------------------------------------------------------------------------------
  unknownKey: (key: string, suggestion: string | undefined, known: readonly string[]) =>
    error(
      "unknown-key",
      `unknown key ${show(key)}` +
        (suggestion ? `; did you mean ${show(suggestion)}?` : known.length ? `; known keys: ${known.join(", ")}` : ""),
    ),
  missingKey: (key: string) => error("missing-key", `required key ${show(key)} is missing`),
  wrongType: (expected: string, got: string) => error("wrong-type", `expected ${expected}, got ${got}`),
  notOneOf: (value: unknown, allowed: readonly unknown[]) =>
    error("invalid-value", `${show(value)} is not allowed; use one of ${allowed.map((a) => show(a)).join(", ")}`),
  badFormat: (value: unknown, expected: string) => error("invalid-format", `${show(value)} is not ${expected}`),
  tooShort: (min: number, what: string) => error("too-short", `must have at least ${min} ${what}`),
  tooLong: (max: number, what: string, actual?: number) =>
    error("too-long", `must have at most ${max} ${what}${actual !== undefined ? ` (has ${actual})` : ""}`),
  outOfRange: (value: unknown, range: string) => error("out-of-range", `${show(value)} is out of range: ${range}`),
  invalid: (detail: string) => error("invalid", detail),

  // --- entra ------------------------------------------------------------------------------------------------
  certificateEndDateInPast: (value: string) =>
    error("certificate-end-date", `certificate end date ${show(value)} is in the past; choose a date up to 3 years ahead`),
  certificateEndDateTooFar: (value: string, latest: string) =>
    error("certificate-end-date-too-far", `certificate end date ${show(value)} is more than 3 years ahead; Entra accepts at most ${latest}`),
  certificateEndDateSoon: (value: string, days: number) =>
    warning("certificate-expires-soon", `certificate end date ${show(value)} is only ${days} days away; SSO stops when it expires`),
  certificateBothForms: () =>
    error("signing-certificate-both-forms", "use either signingCertificate (one certificate) or signingCertificates (by name), not both; signingCertificate is signingCertificates: { default: … }"),
  certificateNone: () => error("signing-certificates-empty", "signingCertificates is empty: Entra needs a certificate to sign with"),
  certificateAllRetired: () =>
    error("signing-certificates-all-retired", "every certificate is retired: Entra needs a certificate to sign with; add one (README: Signing-certificate rotation)"),
  certificateSeveralActive: (keys: readonly string[]) =>
    error("signing-certificates-several-active", `certificates ${keys.map((k) => show(k)).join(", ")} are all marked active; Entra signs with one: keep active: true on exactly one`),
  certificateNoneActive: (keys: readonly string[]) =>
    error(
      "signing-certificates",
      `certificates ${keys.map((k) => show(k)).join(", ")} are not retired and none is marked active: put active: true on the one Entra signs with`,
    ),
  certificateActiveRetired: (key: string) =>
    error("signing-certificate-active-retired", `certificate ${show(key)} is both active and retired; activate another certificate first, retire this one in a later deploy`),
  certificateRemovedNotRetired: (key: string, active: boolean) =>
    warning(
      "certificate-removed-not-retired",
      `signing certificate ${show(key)}${active ? " (the one Entra signs with)" : ""} is removed from the file without being retired first: Terraform would delete it ` +
        "through the azuread provider, whose Delete (azuread <= 3.9.0, upstream #1690) removes another certificate's keys, possibly the active one's, which ends SSO; " +
        `keep the entry and mark it ${show(key)}: { retired: true }${active ? " once another certificate is active and deployed" : ""}, deploy, then remove it (README: Signing-certificate rotation)`,
    ),

  // --- identity center --------------------------------------------------------------------------------------
  urlShape: (value: string, expected: string) => error("url-shape", `${show(value)} does not have the shape ${expected}`),
  urlRegionMismatch: (value: string, urlRegion: string, region: string) =>
    error(
      "url-region",
      `${show(value)} is for region ${show(urlRegion)} but identityCenter.region is ${show(region)}; copy the URL from the IAM Identity Center console of ${region}`,
    ),
  identityStoreMismatch: (issuer: string, storeId: string) =>
    error("identity-store-mismatch", `issuer URL ${show(issuer)} names another identity store than identityCenter.identityStoreId ${show(storeId)}`),
  tooManyAbacAttributes: (count: number) =>
    error("abac-limit", `${count} access control attributes; IAM Identity Center allows at most 50`),
  assignmentShardsAutomatic: (count: number, grants: number, perShard: number) =>
    warning(
      "assignment-shards-auto",
      `assignmentShards is auto and ${grants} static grants need ${count} assignment stacks (${perShard} grants each); ` +
        `pin \`assignmentShards: ${count}\` so that growth never moves grants between stacks on its own ` +
        "(a later count change needs `federation shards --from <old count>` and its state moves first)",
    ),

  // --- groups -----------------------------------------------------------------------------------------------
  scimUnsafeChars: (name: string, chars: readonly string[]) =>
    error(
      "scim-unsafe-name",
      `group name ${show(name)} contains ${chars.map((c) => show(c)).join(", ")}, which SCIM provisioning to IAM Identity Center rejects (not allowed: tab, newline, carriage return, " < > | ; : %)`,
    ),
  reservedGroupName: (name: string) =>
    error("reserved-group-name", `group name ${show(name)} is reserved by IAM Identity Center ("Administrator", "AWSAdministrators")`),
  groupNameTooLong: (name: string) => error("group-name-length", `group name ${show(name)} is longer than 128 characters`),
  existingGroupWithSettings: (keys: readonly string[]) =>
    error(
      "existing-group-settings",
      `a group with objectId is managed elsewhere and only assigned; remove ${keys.map((k) => show(k)).join(", ")} (they would not be applied)`,
    ),
  pimDurationStep: (value: string) =>
    error("pim-maximum-duration", `maximum activation duration ${show(value)} must be 30 minutes to 23 hours 30 minutes in 30-minute steps (PT30M … PT23H30M), or P1D`),
  approversRequired: () => error("pim-approvers-required", "requireApproval is true but no approvers are given"),
  approversWithoutApproval: () =>
    warning("pim-approvers-unused", "approvers are listed but requireApproval is false; they will not be asked"),
  activationWithoutEligibility: () =>
    warning("pim-activation-unused", "activation rules are set but the group has no eligibleMembers; they are not applied"),
  eligibilityExclusive: () =>
    error("pim-eligibility-two-ends", "give at most one of duration, expirationDate and permanent"),
  eligibilityDuration: (value: string) =>
    error("pim-eligibility-duration", `eligibility duration ${show(value)} must be an ISO-8601 duration of at least one day, e.g. P180D`),
  eligibilityExpiryPast: (value: string) => error("pim-eligibility-expiry", `expirationDate ${show(value)} is in the past`),
  eligibilityTooLong: (value: string, days: number) =>
    error(
      "pim-eligibility-too-long",
      `eligibility ${show(value)} lasts ${days} days; PIM's member policy allows expiring eligibility of at most 365 days (use permanent: true for no end)`,
    ),
  selfApproval: (principal: string) =>
    warning(
      "pim-self-approval",
      `${show(principal)} is eligible and the only approver; PIM never lets requesters approve their own activation, so nobody could approve theirs`,
    ),
  groupNameTemplate: (name: string) =>
    error("group-name-template", `group name ${show(name)} contains "\${" or "%{", which Terraform reads as a template in keys and names; rename the group`),
  groupNameCaseClash: (name: string, other: string) =>
    error(
      "group-name-case",
      `group name ${show(name)} differs from group ${show(other)} only in letter case; Entra compares display names without case, so the two would collide`,
    ),
  memberAndEligible: (principal: string) =>
    error(
      "member-and-eligible",
      `${show(principal)} is both a standing member and an eligible member of this group; eligible members get access only when they activate, so list them once, under eligibleMembers`,
    ),
  duplicateMember: (principal: string, list: string) => error("duplicate-member", `${show(principal)} is listed twice in ${list}`),
  eligibleGroupUnassigned: (group: string) =>
    warning("eligible-group-unassigned", `group ${show(group)} has eligible members but no assignment gives it a permission set`),
  groupUnused: (group: string) =>
    warning("group-unassigned", `group ${show(group)} is not used by any assignment; it is still assigned to the application and provisioned`),
  largeGroupOnDemand: (group: string, members: number) =>
    warning(
      "provision-on-demand-partial",
      `group ${show(group)} has ${members} members; provisioning on demand pushes the group only (the azuread provider cannot send its members), so they follow with the provisioning cycles (the first within about 40 minutes, longer in large tenants)`,
    ),

  // --- permission sets --------------------------------------------------------------------------------------
  sessionDuration: (value: string) =>
    error("session-duration", `session duration ${show(value)} must be an ISO-8601 duration between PT1H and PT12H (e.g. PT8H)`),
  tooManyPolicies: (count: number) =>
    error("policy-limit", `${count} managed and customer-managed policies; a permission set may attach at most 20`),
  manyPolicies: (count: number) =>
    warning(
      "too-many-managed-policies",
      `${count} managed and customer-managed policies; above 10 the IAM default quota for policies per role must be raised in every account`,
    ),
  duplicatePolicy: (value: string) => error("duplicate-policy", `${show(value)} is attached twice`),
  inlinePolicyFileMissing: (file: string) =>
    error("inline-policy-file", `inline policy file ${show(file)} does not exist (paths are relative to the federation file)`),
  inlinePolicyNotJson: (file: string, reason: string) =>
    error("inline-policy-json", `inline policy file ${show(file)} is not valid JSON: ${reason}`),
  inlinePolicyFileRefused: (file: string, kind: string, reason: string) =>
    error(
      kind === "outside" ? "inline-policy-outside" : kind === "too-large" ? "inline-policy-file-size" : kind === "not-a-file" ? "inline-policy-file-type" : "inline-policy-file-unreadable",
      `inline policy file ${show(file)} is refused: it ${reason.replace(/^it /, "")}` +
        (kind === "outside" ? " (inline policies are read only from the federation file's own folder tree)" : ""),
    ),
  inlinePolicyShape: (detail: string) => error("inline-policy-shape", `inline policy is not an IAM policy document: ${detail}`),
  inlinePolicyTooLarge: (bytes: number, nonWhitespace: number) =>
    error(
      "inline-policy-size",
      `inline policy is ${bytes} bytes with ${nonWhitespace} non-whitespace characters; the limits are 32,768 bytes and 10,240 non-whitespace characters`,
    ),
  descriptionCharset: (value: string) =>
    error("description-charset", `description ${show(value)} has characters outside printable Latin-1 (tabs, newlines and emoji are not allowed)`),
  tooManyTags: (count: number) => error("tag-limit", `${count} tags; a permission set may have at most 75`),
  permissionSetRename: (removed: string, added: string, accounts: number, organizationalUnits: readonly string[] = []) =>
    warning(
      "permission-set-rename",
      `permission set ${show(removed)} is gone and ${show(added)} is new: a rename replaces the set and recreates its role in ${accounts} account(s)` +
        (organizationalUnits.length ? ` plus every account below ${organizationalUnits.join(", ")}` : "") +
        ", ending active sessions; keep the old name to avoid this, or rename in two changes: add the new set and move the grants to it, deploy, then remove the old set (README: Destroy protection)",
    ),

  groupRename: (removed: string, added: string, existing: boolean) =>
    warning(
      "group-rename",
      `group ${show(removed)} is gone and ${show(added)} is new with the same ${existing ? "Entra object id" : "members"}: ` +
        (existing
          ? "the Entra group stays, but every grant is re-keyed: Terraform removes each assignment and creates it again, with a gap in access; keep the old key to avoid this"
          : "a rename creates a new Entra group (new object id; memberships, eligibilities and the app role assignment are created again) and its grants are pending until SCIM provisions it (about 40 minutes), while the old group's grants are removed: plan the gap, or keep the name"),
    ),
  assignmentStacksMove: (subject: string, note: string) =>
    warning("assignment-stacks-move", `${subject}: grants change assignment stack, and their state must be moved before the deploy. ${note}`),
  permissionSetRemovedWithGrants: (name: string, grants: number) =>
    warning(
      "permission-set-removed-with-grants",
      `permission set ${show(name)} is removed in the same change as its ${grants} grant(s): IAM Identity Center refuses to delete a set that is still assigned, and the assignment stacks that remove the grants deploy after identity-center, so this deploy would fail half-way; remove the grants first and deploy, then remove the set (README: Destroy protection)`,
    ),

  // --- accounts and assignments -----------------------------------------------------------------------------
  duplicateAccountId: (id: string, other: string) => error("duplicate-account-id", `account id ${show(id)} is already used by account ${show(other)}`),
  accountNameIsId: (name: string, id: string) =>
    error(
      "account-name-is-id",
      `account name ${show(name)} is itself a 12-digit account id, so a reference ${show(name)} means account ${name}, not ${id}; choose a name that is not 12 digits`,
    ),
  invisibleCharacters: (value: string, chars: readonly string[]) =>
    error(
      "invisible-character",
      `${show(value)} contains ${chars.join(", ")}: invisible or control characters make a name look like another one; remove them`,
    ),
  controlCharacter: (value: string) =>
    error(
      "control-character",
      `${show(value)} contains a line break or a tab; names are written into shell scripts, terminal output and review comments, where it would start a new line or command: remove it`,
    ),
  lookalikeName: (value: string, detail: string) =>
    error("lookalike-name", `${show(value)} ${detail}, so it only looks like the name it resembles; write it in one script`),
  upnCharacters: (value: string, chars: readonly string[]) =>
    error(
      "upn-characters",
      `${show(value)} contains ${chars.join(", ")}, which Entra does not allow in a user principal name (only A-Z a-z 0-9 ' . - _ ! # ^ ~ before the @): it is a lookalike of another user`,
    ),
  unknownAccount: (ref: string, known: readonly string[], suggestion?: string) =>
    error(
      "unknown-account",
      `${show(ref)} is neither a 12-digit account id nor a name under accounts:` +
        (suggestion ? `; did you mean ${show(suggestion)}?` : known.length ? ` (known: ${known.slice(0, 10).join(", ")})` : ""),
    ),
  unknownGroup: (ref: string, suggestion?: string) =>
    error("unknown-group", `group ${show(ref)} is not defined under groups:` + (suggestion ? `; did you mean ${show(suggestion)}?` : "")),
  unknownPermissionSet: (ref: string, suggestion?: string) =>
    error(
      "unknown-permission-set",
      `permission set ${show(ref)} is not defined under permissionSets:` + (suggestion ? `; did you mean ${show(suggestion)}?` : ""),
    ),
  principalCount: (count: number) =>
    error("assignment-principal", count === 0 ? "an assignment needs a principal: give `group` or `user`" : "give either `group` or `user`, not both"),
  noTargets: () => error("assignment-targets", "an assignment needs at least one target: `accounts` or `organizationalUnits`"),
  onlyExcluded: () => warning("assignment-empty", "every account this assignment targets is excluded; it grants nothing"),
  duplicateTarget: (value: string) => error("duplicate-target", `${show(value)} is listed twice`),
  duplicateAssignment: (key: string) => warning("duplicate-grant", `grant ${show(key)} is also given by an earlier assignment; it is one grant`),
  excludeUnknown: (ref: string) =>
    warning("exclude-not-targeted", `${show(ref)} is excluded but no target of this assignment names it (it still applies to accounts found in OUs)`),

  // --- identity providers (identityProvider: entra | entrust | okta | google | saml) ------------------------
  identityProviderSectionMissing: (provider: string) =>
    error("idp-section-missing", `identityProvider is ${show(provider)}, so the file needs its section \`${provider}:\``),
  identityProviderSectionMismatch: (section: string, provider: string) =>
    error(
      "idp-section-mismatch",
      `\`${section}:\` configures identity provider ${show(section)}, but identityProvider is ${show(provider)}` +
        `${provider === "entra" ? " (the default)" : ""}; remove the section, or set identityProvider: ${section}`,
    ),
  entraOnlySetting: (key: string, provider: string, title: string) =>
    error(
      "idp-entra-only-setting",
      `${show(key)} is a Microsoft Entra ID setting (${ENTRA_ONLY_REASONS[key] ?? "Entra only"}); identityProvider ${show(provider)} (${title}) has no such setting here: remove it`,
    ),
  entraObjectIdPrincipal: (value: string, provider: string) =>
    error(
      "idp-principal-format",
      `${show(value)} is an Entra object id, but identityProvider is ${show(provider)}: name users by their IAM Identity Center userName (the login the IdP sends, an e-mail address)`,
    ),
  groupsNotProvisioned: (group: string, title: string) =>
    warning(
      "idp-groups-not-provisioned",
      `${title}'s SCIM provisioning sends users only, so group ${show(group)} does not reach IAM Identity Center from the IdP: ` +
        "its grants stay pending until a group of exactly this name exists in the identity store (created by hand or by a sync tool); the members of that group, not the IdP's, get the access",
    ),
  identitySourceChanged: (before: string, after: string, principals: number) =>
    warning(
      "identity-source-change",
      `the identity provider changes from ${before} to ${after}: IAM Identity Center's identity source must be switched in the console (users and groups of the old source are removed or re-created, sessions end), ` +
        `and every one of the ${principals} principal(s) is resolved again against what the new IdP provisions: until it has provisioned them, their grants are pending (revoked in the next deploy of the assignment stacks); README: Other identity providers`,
    ),

  // --- destroy protection and lockout -----------------------------------------------------------------------
  destroyAllowedApplication: () =>
    warning(
      "destroy-allowed-application",
      "protection.allowDestroy.enterpriseApplication is true: Terraform may now destroy or replace the enterprise application and its " +
        "service principal, which ends SSO to AWS for everyone and takes the signing certificate, app role assignments and provisioning with it; " +
        "set it back to false once the intended change is deployed",
    ),
  destroyAllowedScimSecret: (name: string) =>
    warning(
      "destroy-allowed-scim-secret",
      `protection.allowDestroy.scimSecret is true: Terraform may now destroy the SCIM secret ${show(name)}, the only copy of the provisioning ` +
        "token (IAM Identity Center shows a token once; a deleted secret can be restored only within its recovery window); " +
        "set it back to false once the intended change is deployed",
    ),
  destroyOptInWithoutEffect: (what: string, why: string) =>
    warning("destroy-opt-in-unused", `${what} is allowed to be destroyed but ${why}, so the opt-in changes nothing; remove it`),
  destroyAllowedPermissionSet: (name: string, grants: number, inFile: boolean) =>
    warning(
      "destroy-allowed",
      inFile
        ? `permission set ${show(name)} holds ${grants} grant(s) and may now be destroyed or replaced: IAM Identity Center then deletes its ` +
            "role in every account it is provisioned to, ending active sessions; remove the entry once the intended change is deployed"
        : `permission set ${show(name)} is no longer under permissionSets and may now be destroyed, with its role in every account it is ` +
            "provisioned to; remove the entry once the change is deployed",
    ),
  lockoutManagementAccount: (account: string, before: readonly string[]) =>
    error(
      "lockout-management-account",
      `after this change nobody holds a privileged permission set in the management account ${account} (before: ${before.join("; ")}); ` +
        "AWS Organizations, billing and IAM Identity Center itself are administered there: keep at least one path (e.g. a break-glass user), " +
        "or pass --allow-lockout if this is intended",
    ),
  lockoutLastAdminPath: (before: readonly string[]) =>
    error(
      "lockout-last-admin",
      `after this change no user, and no group with members (standing or eligible), holds a privileged permission set anywhere (before: ${before.join("; ")}): ` +
        "nobody could administer AWS through IAM Identity Center; keep at least one path, or pass --allow-lockout if this is intended",
    ),

  // --- adopted setups: the import file, exports and live reads (federation adopt / drift) ---------------------
  importsFileMissing: (file: string) =>
    error("imports-file-missing", `import file ${show(file)} does not exist (it is written by \`federation adopt\`; remove \`imports:\` once the first deploy has imported everything)`),
  importsFileInvalid: (file: string, reason: string) =>
    error("imports-file-invalid", `import file ${show(file)} is not a federation import file: ${reason}; write it again with \`federation adopt\``),
  // The import file in the access diff (src/review/diff-imports.ts): every change is a warning (a deploy hazard).
  importsFileAdded: (file: string, blocks: number) =>
    warning(
      "imports-file-added",
      `\`imports:\` now names import file ${show(file)} (${blocks} import block(s)): the next deploy takes the existing objects it names under this file's management, as they are, instead of creating them`,
    ),
  importsFileRemoved: (file: string, blocks: number) =>
    warning(
      "imports-file-removed",
      `\`imports:\` (import file ${show(file)}, ${blocks} import block(s)) is removed: an object not imported yet is created by the next deploy instead (or its create fails where it exists); remove it once a deploy has imported everything`,
    ),
  importsFileMoved: (before: string, after: string) =>
    warning("imports-file-moved", `\`imports:\` now names import file ${show(after)} (was ${show(before)}): its blocks are compared with the old file's`),
  importsAdded: (stack: string, count: number, first: string) =>
    warning(
      "import-added",
      `${count} import block(s) added to stack ${show(stack)} (${first}): each takes an existing object, with the access it carries, under this file's management; check that each id is the object its address describes`,
    ),
  importsRemoved: (stack: string, count: number, first: string) =>
    warning(
      "import-removed",
      `${count} import block(s) removed from stack ${show(stack)} (${first}): an object not imported yet is created by the next deploy instead (or its create fails where it exists); one already imported stays in the state`,
    ),
  importsRetargeted: (stack: string, count: number, first: string) =>
    warning(
      "import-retargeted",
      `${count} import block(s) of stack ${show(stack)} point at another object (same address, other id: ${first}): the state would take over that object instead of the one reviewed before`,
    ),

  // --- federation adopt: what stops adoption (problems) and what the reader must know (notes) ---------------
  adoptUnknownPermissionSet: (accountId: string, arn: string) =>
    adoptProblem("unknown-permission-set", `account assignment of ${accountId} names permission set ${arn}, which the instance does not list`),
  adoptUnknownUser: (accountId: string, permissionSet: string, userId: string) =>
    adoptProblem("unknown-user", `account assignment of ${accountId} / ${permissionSet} names user ${userId}, which the identity store does not list`),
  adoptGroupNotInEntra: (name: string, id: string, assignments: number) =>
    adoptProblem(
      "group-not-in-entra",
      `IAM Identity Center group ${JSON.stringify(name)} (${id}) holds ${assignments} account assignment(s), but no group assigned to the Entra application matches it (by external id or display name): assign the Entra group to the application, or remove these assignments, then adopt again`,
    ),
  adoptDefaultAccessRole: (group: string) =>
    adoptProblem(
      "default-access-role",
      `group ${JSON.stringify(group)} is assigned to the application with default access (no app role), which the stacks cannot express while the application has app roles: assign it the User role in Entra, then adopt again`,
    ),
  adoptSeveralAppRoles: (group: string, roles: number, managed: string) =>
    adoptNote("several-app-roles", `group ${JSON.stringify(group)} holds ${roles} app roles on the application; the file manages the ${managed} assignment and leaves the others as they are`),
  adoptPimNotAdopted: (group: string, displayName: string) =>
    adoptNote(
      "pim-not-adopted",
      `group ${JSON.stringify(group)} has PIM eligibilities, which stay managed in Entra: adopt with --manage-group ${JSON.stringify(displayName)} to manage its members and PIM here`,
    ),
  adoptGroupNotSecurity: (group: string) =>
    adoptProblem(
      "group-not-security",
      `group ${JSON.stringify(group)} is not a plain security group (mail-enabled or Microsoft 365): the stacks manage security groups only; leave it unmanaged (an objectId entry)`,
    ),
  adoptManagedGroupName: (group: string) =>
    adoptProblem("managed-group-name", `group ${JSON.stringify(group)} cannot be managed under that name (it is not unique or not a valid group name here); leave it unmanaged`),
  adoptGroupDetailsMissing: (group: string, objectId: string) =>
    adoptProblem("group-details-missing", `the members, owners and PIM of group ${JSON.stringify(group)} (${objectId}) were not read`),
  adoptEligibilityEnded: (principal: string, group: string, ended: string) =>
    adoptNote(ELIGIBILITY_ENDED, `the eligibility of ${principal} for group ${JSON.stringify(group)} ended at ${ended} and is left out`),
  adoptPimOwnerEligibility: (group: string) =>
    adoptNote("pim-owner-eligibility", `group ${JSON.stringify(group)} has PIM eligibilities for its owner role, which the file does not describe: they stay as they are`),
  adoptInlinePolicyJson: (permissionSet: string) => adoptProblem("inline-policy-json", `the inline policy of permission set ${JSON.stringify(permissionSet)} is not JSON`),
  adoptApplicationTemplate: (application: string, templateId: string | null, gallery: string, nonGallery: string) =>
    adoptProblem(
      "application-template",
      `the enterprise application ${JSON.stringify(application)} was made from template ${JSON.stringify(templateId)}; the stacks manage the AWS IAM Identity Center gallery application (${gallery}) or a non-gallery SAML application (${nonGallery})`,
    ),
  adoptAcsUrl: () => adoptProblem("acs-url", "the application has no reply (ACS) URL: set it in Entra (Single sign-on > Basic SAML configuration) first"),
  adoptIssuerUrl: () => adoptProblem("issuer-url", "the application has no identifier (entity id): set it in Entra (Single sign-on > Basic SAML configuration) first"),
  adoptRegion: () => adoptProblem("region", "the region cannot be read from the ACS URL; pass --region"),
  adoptAccessPortalUrl: (url: string) =>
    adoptNote("access-portal-url", `the application has no sign-on URL; the access portal URL is taken as ${url} (pass --access-portal-url if your instance has a custom one)`),
  adoptNoSigningCertificate: () => adoptNote("no-signing-certificate", "the application has no token-signing certificate: the first deploy creates and activates one"),
  adoptNoProvisioning: () => adoptNote("no-provisioning", "the application has no provisioning job: provisioning is off in the file (SSO only)"),
  adoptProvisioningPaused: (job: string, state: string | undefined) =>
    adoptNote("provisioning-paused", `the provisioning job ${job} is ${state}: provisioning is off in the file, so nothing touches the job; set enabled: true to manage it`),
  adoptProvisioningSettings: () =>
    adoptNote(
      "provisioning-settings",
      "provisioning scope and the deletion threshold are not read (they live in the synchronization credentials, which hold the token): the file says scope: assigned and no threshold; check them before the first deploy of scim-provisioning, which puts the credentials again",
    ),
  adoptMappingNotFixed: (userExternalIdSource: string | undefined, phoneMappings: readonly string[]) =>
    adoptNote(
      "mapping-not-fixed",
      `the attribute mappings are not the fixed ones (externalId from ${userExternalIdSource ?? "nothing"}${phoneMappings.length ? `, phone mappings ${phoneMappings.join(", ")}` : ""}): externalIdFromObjectId is false, so the stacks leave them alone`,
    ),
  adoptAbacSources: (key: string, sources: number) => adoptNote("abac-sources", `ABAC attribute ${key} has ${sources} sources; the file keeps the first`),

  // --- federation drift: what the access diff alone cannot say ------------------------------------------------
  /**
   * An eligibility of the file that Entra no longer has. The next deploy does not create it again: the provider keeps
   * it in state (README: Groups, app role assignments and PIM), so the message gives the state removal (`stateRm`) and
   * the deploy.
   */
  driftEligibilityMissing: (
    principal: string,
    group: string,
    why: { readonly ended: string } | "removed early" | { readonly duration: string },
    stateRm: string,
    deploy: string,
  ) =>
    driftWarning(
      "eligibility-missing",
      `${principal} is no longer eligible for ${group} in Entra (` +
        (why === "removed early"
          ? "removed before its end date"
          : "ended" in why
            ? `the eligibility ended ${why.ended}`
            : `an eligibility for ${why.duration} counts from deployment, so it expired, or it was removed`) +
        "); the next deploy of entra-sso does not create it again: " +
        `the provider keeps the eligibility in its state (README: Groups, app role assignments and PIM). To renew it, remove it from the state, then deploy: ` +
        `${stateRm} then ${deploy}; or remove it from the file`,
    ),
  /** adopt's note `adopt/eligibility-ended`, as a drift warning. */
  driftEligibilityEnded: (note: string) => driftWarning("eligibility-ended", note),
  driftAttributeMappingReverted: (userExternalIdSource: string | undefined, groupExternalIdSource: string | undefined, phoneMappings: readonly string[]) =>
    driftWarning(
      "attribute-mapping-reverted",
      `the provisioning job's attribute mappings are not the fixed ones any more (user externalId from ${userExternalIdSource ?? "nothing"}` +
        `${groupExternalIdSource && groupExternalIdSource !== "objectId" ? `, group externalId from ${groupExternalIdSource}` : ""}` +
        `${phoneMappings.length ? `, phone mappings ${phoneMappings.join(", ")}` : ""}): someone changed them in the portal; the next deploy of scim-provisioning puts the fix back`,
    ),
  driftGroupOnlyInIdentityCenter: (group: string) =>
    driftWarning(
      "group-only-in-identity-center",
      `group ${JSON.stringify(group)} holds grants in IAM Identity Center but is not an Entra group assigned to the application (made in the IAM Identity Center console?)`,
    ),
  /** The source (an export made for another application) holds another application than `--app-id` names. */
  adoptAppIdMismatch: (found: string, displayName: string, wanted: string, exportAgain?: string) =>
    error(
      "adopt-app-id-mismatch",
      `holds application ${found} (${show(displayName)}), not ${wanted} that --app-id names` +
        (exportAgain ? `: the export is of another application; export it again with ${exportAgain}, or pass --app-id ${found}` : ""),
    ),
} as const;

export type MessageFactory = (typeof messages)[keyof typeof messages];
