/**
 * The identity providers a federation file can name (`identityProvider:`), and what differs between them for the
 * AWS side: which section configures the IdP, whether its side is code or a hand-off sheet, what SCIM provisions
 * and what the SCIM `externalId` holds (so how IAM Identity Center principals are matched). Pure: no cdktf import.
 *
 * Sources (../shared/reference/federation-facts.md, "Other identity providers"): Entra writes the object id as
 * externalId (with the mapping fix); for the others this code relies on no externalId at all and matches by name.
 */

export const IDENTITY_PROVIDERS = ["entra", "entrust", "okta", "google", "saml"] as const;
export type IdentityProviderKind = (typeof IDENTITY_PROVIDERS)[number];
export const DEFAULT_IDENTITY_PROVIDER: IdentityProviderKind = "entra";

/** How principals are found in the identity store (`principal_matches` says which one each principal got). */
export type PrincipalMatching = "external-id-then-name" | "name";

export interface IdentityProviderProfile {
  readonly kind: IdentityProviderKind;
  /** Product name, for messages and sheets. */
  readonly title: string;
  /** The file's section that configures it (`entra:`, `okta:`, …). */
  readonly section: IdentityProviderKind;
  /** `code`: its side is a stack of its own; `handoff`: a generated sheet an administrator follows. */
  readonly side: "code" | "handoff";
  /** The IdP's stack, when its side is code. */
  readonly stack?: string;
  /** Whether its SCIM client provisions groups (Google Workspace provisions users only). */
  readonly provisionsGroups: boolean;
  readonly matching: PrincipalMatching;
}

export const IDENTITY_PROVIDER_PROFILES: Readonly<Record<IdentityProviderKind, IdentityProviderProfile>> = {
  entra: { kind: "entra", title: "Microsoft Entra ID", section: "entra", side: "code", stack: "entra-sso", provisionsGroups: true, matching: "external-id-then-name" },
  okta: { kind: "okta", title: "Okta", section: "okta", side: "code", stack: "okta-sso", provisionsGroups: true, matching: "name" },
  entrust: { kind: "entrust", title: "Entrust Identity as a Service", section: "entrust", side: "handoff", provisionsGroups: true, matching: "name" },
  google: { kind: "google", title: "Google Workspace", section: "google", side: "handoff", provisionsGroups: false, matching: "name" },
  saml: { kind: "saml", title: "a SAML 2.0 identity provider", section: "saml", side: "handoff", provisionsGroups: true, matching: "name" },
};

/** The profile of a file's identity provider (`entra` when the file names none). */
export function identityProviderOf(spec: { readonly identityProvider?: IdentityProviderKind; readonly saml?: { readonly provisionsGroups?: boolean } }): IdentityProviderProfile {
  const profile = IDENTITY_PROVIDER_PROFILES[spec.identityProvider ?? DEFAULT_IDENTITY_PROVIDER];
  // A generic SAML IdP says itself whether its SCIM client sends groups.
  if (profile.kind === "saml" && spec.saml?.provisionsGroups === false) return { ...profile, provisionsGroups: false };
  return profile;
}

/** Group settings that only Entra ID has (PIM for groups, existing groups by object id, app roles, owners). */
export const ENTRA_ONLY_GROUP_SETTINGS = ["owners", "eligibleMembers", "activation", "objectId", "appRole"] as const;

/** One sentence on how principals are matched, for the access report and the summary. */
export function matchingText(profile: IdentityProviderProfile): string {
  return profile.matching === "external-id-then-name"
    ? "by SCIM externalId (the Entra object id) first, then by name (group display name, userName)"
    : `by name only (group display name, userName): ${profile.title} sends no externalId this code relies on, so a group renamed in the IdP is a new group to IAM Identity Center`;
}

/**
 * The `entra:` section of a file whose identity provider is Entra (validation requires it there). For the Entra
 * stacks, which are built only for such a file: anything else is a bug, not bad input.
 */
export function entraOf<T>(spec: { readonly identityProvider: IdentityProviderKind; readonly entra?: T }): T {
  if (spec.identityProvider !== "entra" || spec.entra === undefined) {
    throw new Error(`internal: the Entra stacks are built only for identityProvider entra (this file: ${spec.identityProvider})`);
  }
  return spec.entra;
}
