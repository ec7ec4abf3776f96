/**
 * What exists, read once: the in-memory snapshot both sources produce (live through the SDKs, or offline from saved
 * exports: src/adopt/read.ts is the one code path over either) and everything `adopt` and `drift` work from. Plain
 * data, sorted, with the services' own ids; no cdktf.
 */

export interface Snapshot {
  readonly aws: AwsSnapshot;
  readonly entra: EntraSnapshot;
}

export interface ExternalId {
  readonly issuer: string;
  readonly id: string;
}

export interface PolicyRef {
  readonly name: string;
  readonly path: string;
}

export interface PermissionSetSnapshot {
  readonly arn: string;
  readonly name: string;
  readonly description?: string;
  /** ISO-8601 (`PT8H`). */
  readonly sessionDuration?: string;
  readonly relayState?: string;
  readonly tags: Readonly<Record<string, string>>;
  /** AWS-managed policy ARNs, sorted. */
  readonly managedPolicies: readonly string[];
  readonly customerManagedPolicies: readonly PolicyRef[];
  /** The inline policy as IAM Identity Center returns it (JSON text). */
  readonly inlinePolicy?: string;
  readonly permissionsBoundary?: { readonly managedPolicyArn: string } | { readonly customerManagedPolicy: PolicyRef };
  /** Accounts the set is provisioned to (`list-accounts-for-provisioned-permission-set`). */
  readonly provisionedAccounts: readonly string[];
}

export interface AccountAssignmentSnapshot {
  readonly permissionSetArn: string;
  readonly accountId: string;
  readonly principalType: "GROUP" | "USER";
  /** Identity-store id of the group or user. */
  readonly principalId: string;
}

export interface IdentityStoreGroup {
  readonly groupId: string;
  readonly displayName: string;
  readonly externalIds: readonly ExternalId[];
}

export interface IdentityStoreUser {
  readonly userId: string;
  readonly userName: string;
  readonly externalIds: readonly ExternalId[];
}

export interface AccountSnapshot {
  readonly id: string;
  readonly name?: string;
  /** `ACTIVE`, `SUSPENDED`, … (State, else the retired Status). */
  readonly state?: string;
}

export interface AwsSnapshot {
  readonly instanceArn: string;
  readonly identityStoreId: string;
  /** Sorted by name. */
  readonly permissionSets: readonly PermissionSetSnapshot[];
  /** Sorted by permission set, account, principal. */
  readonly assignments: readonly AccountAssignmentSnapshot[];
  readonly groups: readonly IdentityStoreGroup[];
  readonly users: readonly IdentityStoreUser[];
  readonly accounts: readonly AccountSnapshot[];
  /** ABAC: attribute key → sources (empty when not configured). */
  readonly accessControlAttributes: Readonly<Record<string, readonly string[]>>;
  /** Accounts below each OU or root id that was asked for (drift of OU targets), recursively. */
  readonly organizationalUnits: Readonly<Record<string, readonly AccountSnapshot[]>>;
}

/** A user, group or other directory object as a member, owner or approver. */
export interface DirectoryRef {
  readonly id: string;
  /** `#microsoft.graph.user`, `#microsoft.graph.group`, … */
  readonly type: string;
  readonly userPrincipalName?: string;
}

export interface AppRoleSnapshot {
  readonly id: string;
  readonly displayName: string;
  readonly value?: string | null;
  readonly isEnabled: boolean;
  readonly allowedMemberTypes: readonly string[];
}

/** A token-signing certificate of the service principal: its Verify key credential (what azuread imports by key id). */
export interface SigningCertificateSnapshot {
  readonly keyId: string;
  /** `customKeyIdentifier`: the thumbprint. */
  readonly thumbprint: string;
  readonly displayName?: string;
  /** As Graph returns it (the azuread provider reads it verbatim into `end_date`). */
  readonly endDateTime: string;
}

export interface AppRoleAssignmentSnapshot {
  readonly id: string;
  readonly appRoleId: string;
  readonly principalId: string;
  readonly principalType: string;
  readonly principalDisplayName?: string;
}

export interface EligibilitySnapshot {
  /** Schedule id, `<group id>_member_<guid>`: what azuread imports. */
  readonly id: string;
  readonly principalId: string;
  readonly accessId: "member" | "owner";
  readonly memberType?: string;
  readonly expiration: { readonly type: "noExpiration" | "afterDateTime" | "afterDuration"; readonly endDateTime?: string; readonly duration?: string };
}

export interface ActivationSnapshot {
  readonly maximumDuration?: string;
  readonly requireApproval: boolean;
  readonly approvers: readonly { readonly id: string; readonly type: "singleUser" | "groupMembers" }[];
  readonly requireJustification: boolean;
  readonly requireMfa: boolean;
  readonly requireTicket: boolean;
  /** Eligible assignments must expire (the policy's admin-eligibility expiration rule). */
  readonly eligibilityExpirationRequired: boolean;
}

export interface EntraGroupSnapshot {
  readonly objectId: string;
  readonly displayName: string;
  readonly description?: string;
  readonly securityEnabled: boolean;
  readonly mailEnabled: boolean;
  readonly groupTypes: readonly string[];
  /** Read only for groups whose details were asked for (managed groups, drift of them). */
  readonly members?: readonly DirectoryRef[];
  readonly owners?: readonly DirectoryRef[];
  /** PIM for the group's member role: the policy (id + rules) and the eligibilities. */
  readonly pim?: { readonly policyId: string; readonly activation: ActivationSnapshot; readonly eligibilities: readonly EligibilitySnapshot[] };
}

export interface SynchronizationJobSnapshot {
  readonly id: string;
  readonly templateId: string;
  /** `Active`, `Disabled`, `Paused`, … (schedule.state). */
  readonly scheduleState?: string;
}

/** What the job's schema says about the attribute mappings the stacks fix (src/entra/attribute-mapping-fix.ts). */
export interface MappingSnapshot {
  /** Source attribute of the user's `externalId` mapping (`objectId`, `mailNickname`, …; undefined when unmapped). */
  readonly userExternalIdSource?: string;
  /** Source of the group's `externalId` mapping. */
  readonly groupExternalIdSource?: string;
  /** Targets of the mobile / fax phone mappings the fix drops, still present. */
  readonly extraPhoneMappings: readonly string[];
  /** Ids of the schema's synchronization rules (provision on demand needs one). */
  readonly ruleIds: readonly string[];
}

export interface EntraSnapshot {
  readonly tenantId: string;
  readonly application: {
    readonly objectId: string;
    readonly appId: string;
    readonly displayName: string;
    readonly identifierUris: readonly string[];
    readonly redirectUris: readonly string[];
  };
  readonly servicePrincipal: {
    readonly objectId: string;
    readonly displayName: string;
    readonly applicationTemplateId?: string | null;
    readonly loginUrl?: string | null;
    readonly notificationEmails: readonly string[];
    readonly preferredThumbprint?: string | null;
    readonly appRoles: readonly AppRoleSnapshot[];
    readonly certificates: readonly SigningCertificateSnapshot[];
  };
  readonly owners: readonly DirectoryRef[];
  readonly appRoleAssignments: readonly AppRoleAssignmentSnapshot[];
  /** Groups assigned to the application, sorted by object id. */
  readonly groups: readonly EntraGroupSnapshot[];
  /** Users assigned to the application directly, by object id. */
  readonly users: readonly { readonly objectId: string; readonly userPrincipalName: string }[];
  readonly synchronization: {
    readonly jobs: readonly SynchronizationJobSnapshot[];
    /** The mappings of the job adopt uses (absent without a job). */
    readonly mapping?: MappingSnapshot;
  };
}
