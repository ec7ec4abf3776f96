/**
 * The federation file contract (../shared/reference/design.md), as a zod schema. It checks structure and the shape of
 * single values; everything that relates values to each other or to limits lives in `rules/`. The editor JSON schema
 * (`config/federation.schema.json`) is generated from this file by `npm run schema`.
 */
import { z } from "zod";
import { DEFAULT_IDENTITY_PROVIDER, IDENTITY_PROVIDERS } from "../idp/providers";
import { messages } from "./messages";
import {
  ABAC_KEY,
  ABAC_SOURCE,
  ACCOUNT_ID,
  AWS_REGION,
  EMAIL,
  GUID,
  IAM_PATH,
  IAM_POLICY_NAME,
  IDENTITY_STORE_ID,
  INSTANCE_ARN,
  ISO_DURATION,
  MANAGED_POLICY_ARN,
  OU_ID,
  PERMISSION_SET_NAME,
  ROOT_ID,
  S3_BACKEND_KMS_KEY,
  SECRET_NAME,
  TAG_KEY,
  TAG_VALUE,
} from "./patterns";

/** Gallery application template "AWS IAM Identity Center (successor to AWS Single Sign-On)". */
export const AWS_IAM_IDENTITY_CENTER_TEMPLATE_ID = "21ed01d2-ec13-4e9e-86c1-cd546719ebc4";
/** Provisioning rule used by provision-on-demand for this gallery app (docs sample; believed tenant-independent). */
export const DEFAULT_PROVISIONING_RULE_ID = "03f7d90d-bf71-41b1-bda6-aaf0ddbee5d8";
export const DEFAULT_APPLICATION_NAME = "AWS IAM Identity Center";
/**
 * Entra's template for a non-gallery ("Create your own application", integrate any other application) enterprise
 * application: the AWS guide's path. Microsoft Graph docs (applicationTemplate: instantiate) [C].
 */
export const NON_GALLERY_TEMPLATE_ID = "8adf8e6e-67b2-4cf2-a259-e3dc5476c621";
/** What kind of enterprise application the federation uses: the AWS IAM Identity Center gallery app, or a non-gallery SAML app. */
export const APPLICATION_KINDS = ["gallery", "non-gallery"] as const;

const fmt = (pattern: RegExp, expected: string) =>
  z.string().regex(pattern, { error: (iss) => messages.badFormat(iss.input, expected).message });

const guid = () => fmt(GUID, "a GUID (00000000-0000-0000-0000-000000000000)");
const email = () => fmt(EMAIL, "an e-mail address");
const principalRef = () =>
  z.string().regex(new RegExp(`${EMAIL.source}|${GUID.source}`), {
    error: (iss) => messages.badFormat(iss.input, "a user principal name (e-mail shape) or an Entra object id (GUID)").message,
  });
const httpsUrl = () =>
  z.string().regex(/^https:\/\/[^\s/$.?#][^\s]*$/, { error: (iss) => messages.badFormat(iss.input, "an https:// URL").message });
const isoDateTime = () =>
  z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2}))?$/, {
      error: (iss) => messages.badFormat(iss.input, "an ISO-8601 date or date-time (2028-11-01 or 2028-11-01T00:00:00Z)").message,
    });
const isoDuration = () =>
  z.string().regex(ISO_DURATION, { error: (iss) => messages.badFormat(iss.input, "an ISO-8601 duration such as PT8H or P180D").message });
const accountRef = () =>
  z.string().min(1).meta({ description: "A 12-digit account id or a name under `accounts:` (quote ids: \"111111111111\")" });
const tags = () =>
  z.record(
    z.string().regex(TAG_KEY, { error: (iss) => messages.badFormat(iss.input, "a tag key (1-128 letters, digits, space, _.:/=+-@)").message }),
    z.string().regex(TAG_VALUE, { error: (iss) => messages.badFormat(iss.input, "a tag value (0-256 letters, digits, space, _.:/=+-@)").message }),
  );

const certificateSubject = () =>
  z
    .string()
    .regex(/^CN=.+$/, { error: (iss) => messages.badFormat(iss.input, "a subject like CN=Microsoft Azure Federated SSO Certificate").message })
    .optional()
    .meta({ description: "Certificate subject; default CN=<application display name>" });

const signingCertificate = z
  .strictObject({
    endDate: isoDateTime()
      .optional()
      .meta({ description: "Expiry of the SAML token-signing certificate; at most 3 years ahead; default 3 years from creation" }),
    displayName: certificateSubject(),
  })
  .meta({ description: "The SAML token-signing certificate (created and activated); the same as signingCertificates: { default: … }" });

/** Certificate keys name Terraform resources: letters, digits, `_` and `-`, starting with a letter or digit. */
export const CERTIFICATE_KEY = /^[A-Za-z0-9][A-Za-z0-9_-]{0,62}$/;

const keyedSigningCertificate = z
  .strictObject({
    endDate: isoDateTime()
      .optional()
      .meta({ description: "Expiry; at most 3 years ahead; default 3 years from creation. Fixed once created: rotate by adding a certificate" }),
    displayName: certificateSubject(),
    active: z.boolean().optional().meta({ description: "The certificate Entra signs with; required on one when several are not retired" }),
    retired: z
      .boolean()
      .optional()
      .meta({ description: "Remove this certificate from Entra (exactly its keys) and from Terraform state; keep the entry until that deploy ran" }),
  })
  .meta({ description: "A SAML token-signing certificate, by a name of your choice" });

const application = z.strictObject({
  displayName: z.string().min(1).max(256).default(DEFAULT_APPLICATION_NAME).meta({ description: "Enterprise application display name" }),
  notificationEmails: z.array(email()).default([]).meta({ description: "Who Entra notifies about certificate expiry and provisioning" }),
  owners: z.array(principalRef()).default([]).meta({ description: "Application owners: UPNs or object ids" }),
  signingCertificate: signingCertificate.optional(),
  signingCertificates: z
    .record(
      z.string().regex(CERTIFICATE_KEY, {
        error: (iss) => messages.badFormat(iss.input, "a certificate name (letters, digits, _ and -, at most 63, e.g. cert-2029)").message,
      }),
      keyedSigningCertificate,
    )
    .optional()
    .meta({ description: "SAML token-signing certificates by name, for rotation without a gap (README: Signing-certificate rotation); instead of signingCertificate" }),
  kind: z
    .enum(APPLICATION_KINDS, { error: (iss) => messages.notOneOf(iss.input, APPLICATION_KINDS).message })
    .default("gallery")
    .meta({
      description:
        "gallery: the AWS IAM Identity Center gallery application (provisioning template aWSSingleSignon); non-gallery: a non-gallery SAML application (the AWS guide's path; Entra's generic SCIM template). Changing it replaces the application (README: Adopting an existing federation)",
    }),
});

const provisioning = z.strictObject({
  enabled: z.boolean().default(true).meta({ description: "false: SSO only, no SCIM provisioning resources" }),
  scope: z.enum(["assigned", "all"], { error: (iss) => messages.notOneOf(iss.input, ["assigned", "all"]).message }).default("assigned"),
  deleteThreshold: z.number().int().min(1).max(100000).optional().meta({ description: "Accidental-deletion guard: stop a cycle that would delete more objects" }),
  provisionOnDemand: z.boolean().default(true).meta({ description: "Push newly assigned groups at once instead of waiting for the next cycle" }),
  provisionOnDemandRuleId: guid().default(DEFAULT_PROVISIONING_RULE_ID).meta({ description: "Synchronization rule id used for provision on demand" }),
  externalIdFromObjectId: z.boolean().default(true).meta({ description: "Map SCIM externalId from the Entra objectId and drop colliding phone mappings" }),
  synchronizationTemplateId: z
    .string()
    .regex(/^[A-Za-z0-9_.-]{1,128}$/, { error: (iss) => messages.badFormat(iss.input, "a synchronization template id such as aWSSingleSignon or scim").message })
    .optional()
    .meta({ description: "Template of the synchronization job; default aWSSingleSignon (gallery) or scim (non-gallery)" }),
});

const entra = z.strictObject({
  tenantId: guid().meta({ description: "Entra tenant (directory) id" }),
  application: application.default({ displayName: DEFAULT_APPLICATION_NAME, notificationEmails: [], owners: [], kind: "gallery" }),
  provisioning: provisioning.default({
    enabled: true,
    scope: "assigned",
    provisionOnDemand: true,
    provisionOnDemandRuleId: DEFAULT_PROVISIONING_RULE_ID,
    externalIdFromObjectId: true,
  }),
});

// --- other identity providers (identityProvider: okta | entrust | google | saml); src/idp/providers.ts -----------

const hostname = (expected: string) =>
  z
    .string()
    .regex(/^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/, {
      error: (iss) => messages.badFormat(iss.input, expected).message,
    });
/** Display names of IdP applications: one line of printable text (they reach Terraform, sheets and consoles). */
const appName = () =>
  z
    .string()
    .min(1)
    .max(100)
    .regex(/^[^\u0000-\u001f\u007f-\u009f\u2028\u2029]+$/, { error: (iss) => messages.badFormat(iss.input, "one line of text without control characters").message });

const DEFAULT_OKTA_BASE_URL = "okta.com";
const okta = z
  .strictObject({
    orgName: z
      .string()
      .regex(/^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/, { error: (iss) => messages.badFormat(iss.input, "an Okta org name (the first label of <org>.okta.com)").message })
      .meta({ description: "Okta org name: `example` for https://example.okta.com" }),
    baseUrl: hostname("an Okta domain such as okta.com, oktapreview.com or okta-emea.com")
      .default(DEFAULT_OKTA_BASE_URL)
      .meta({ description: "Okta domain of the org (provider base_url)" }),
    application: z
      .strictObject({ label: appName().default(DEFAULT_APPLICATION_NAME).meta({ description: "Label of the AWS IAM Identity Center app in Okta" }) })
      .default({ label: DEFAULT_APPLICATION_NAME }),
  })
  .meta({ description: "Okta: the AWS IAM Identity Center catalogue app, groups, memberships and assignments as code (stack okta-sso)" });

const METADATA_LIFETIME_DAYS = { min: 2, max: 730 } as const;
const entrust = z
  .strictObject({
    tenantHostname: hostname("an Entrust IDaaS tenant host name such as example.us.trustedauth.com").meta({
      description: "Host name of the IDaaS tenant (its administration portal)",
    }),
    application: z
      .strictObject({
        name: appName().default(DEFAULT_APPLICATION_NAME).meta({ description: "Name of the application created from the IDaaS AWS (SAML) template" }),
        signingCertificate: appName().optional().meta({ description: "IDaaS SAML signing certificate to pick; default the tenant's default certificate" }),
      })
      .default({ name: DEFAULT_APPLICATION_NAME }),
    metadataLifetimeDays: z
      .number()
      .int()
      .min(METADATA_LIFETIME_DAYS.min)
      .max(METADATA_LIFETIME_DAYS.max)
      .default(365)
      .meta({ description: "Lifetime of the IDaaS IdP metadata file uploaded to IAM Identity Center: 2 to 730 days" }),
    domain: hostname("a domain name such as example.com").optional().meta({ description: "The IDaaS domain whose IdP metadata to download (one file per domain); default the tenant's" }),
    provisionerName: appName().default("AWS IAM Identity Center SCIM").meta({ description: "Name of the Generic SCIM provisioner" }),
  })
  .meta({ description: "Entrust Identity as a Service: the IdP side as a generated hand-off sheet" });

const google = z
  .strictObject({
    primaryDomain: hostname("a domain name such as example.com").meta({ description: "Primary domain of the Google Workspace account" }),
    application: z
      .strictObject({ name: appName().default(DEFAULT_APPLICATION_NAME).meta({ description: "Name of the custom SAML app in the Google Admin console" }) })
      .default({ name: DEFAULT_APPLICATION_NAME }),
  })
  .meta({ description: "Google Workspace: the IdP side as a generated hand-off sheet (its SCIM provisions users only)" });

const saml = z
  .strictObject({
    name: appName().meta({ description: "The identity provider's product name (for the hand-off sheet)" }),
    application: z
      .strictObject({ name: appName().default(DEFAULT_APPLICATION_NAME).meta({ description: "Name of the SAML application in the IdP" }) })
      .default({ name: DEFAULT_APPLICATION_NAME }),
    provisionsGroups: z.boolean().default(true).meta({ description: "false: its SCIM client provisions users only (group grants then wait for groups created by other means)" }),
  })
  .meta({ description: "Any SAML 2.0 + SCIM 2.0 identity provider: the IdP side as a generated hand-off sheet" });

const scimSecretObject = z.strictObject({
  name: fmt(SECRET_NAME, "a Secrets Manager secret name (1-512 of A-Z a-z 0-9 /_+=.@-)"),
  existing: z.boolean().default(false).meta({ description: "true: the secret exists already and is only read, never created" }),
  kmsKeyId: z.string().min(1).optional().meta({ description: "KMS key (id, ARN or alias) to encrypt the secret; default the AWS managed key" }),
  description: z.string().max(2048).optional(),
  tags: tags().optional(),
});

const identityCenter = z.strictObject({
  region: fmt(AWS_REGION, "an AWS region such as us-east-1").meta({ description: "Region of the IAM Identity Center instance" }),
  instanceArn: fmt(INSTANCE_ARN, "an IAM Identity Center instance ARN (arn:aws:sso:::instance/ssoins-…)").optional(),
  identityStoreId: fmt(IDENTITY_STORE_ID, "an identity store id (d-0123456789)").optional(),
  serviceProvider: z
    .strictObject({
      acsUrl: httpsUrl().meta({ description: "IAM Identity Center ACS URL (console: Settings > Identity source)" }),
      issuerUrl: httpsUrl().meta({ description: "IAM Identity Center issuer URL" }),
      accessPortalUrl: httpsUrl().meta({ description: "AWS access portal URL" }),
    })
    .meta({ description: "Service provider values copied once from the IAM Identity Center console (no API exists)" }),
  scimSecret: z
    .union([fmt(SECRET_NAME, "a Secrets Manager secret name (1-512 of A-Z a-z 0-9 /_+=.@-)"), scimSecretObject])
    .meta({ description: 'Secrets Manager secret holding {"endpoint","token","expiresAt"?}: a name, or an object' }),
  accessControlAttributes: z
    .record(
      z.string().regex(ABAC_KEY, { error: (iss) => messages.badFormat(iss.input, "an attribute key (1-128 letters, digits, _.:/=+-@)").message }),
      z.string().regex(ABAC_SOURCE, { error: (iss) => messages.badFormat(iss.input, "an attribute source such as ${path:enterprise.department}").message }),
    )
    .optional()
    .meta({ description: "ABAC: attribute key -> source in the identity store" }),
  managementAccount: accountRef()
    .optional()
    .meta({
      description:
        "The AWS Organizations management account (a name under accounts: or a 12-digit id): `federation diff` and `validate --base` refuse a change that leaves it without privileged access",
    }),
  assignmentShards: z
    .union([z.literal("auto"), z.number().int().min(1).max(64)])
    .default("auto")
    .meta({ description: "Number of account-assignment stacks; auto picks by size" }),
});

const eligibleMember = z.strictObject({
  principal: principalRef(),
  duration: isoDuration().optional().meta({ description: "How long the eligibility lasts, e.g. P180D" }),
  expirationDate: isoDateTime().optional().meta({ description: "When the eligibility ends" }),
  permanent: z.boolean().optional().meta({ description: "Eligible without end" }),
});

const activation = z.strictObject({
  maximumDuration: isoDuration().default("PT8H").meta({ description: "Maximum activation: PT30M to PT23H30M in 30-minute steps, or P1D (a full day)" }),
  requireApproval: z.boolean().default(false),
  approvers: z.array(principalRef()).default([]).meta({ description: "Users or groups who approve activations" }),
  requireJustification: z.boolean().default(true),
  requireMfa: z.boolean().default(true),
  requireTicket: z.boolean().default(false),
});

const group = z.strictObject({
  description: z.string().max(1024).optional(),
  owners: z.array(principalRef()).optional().meta({ description: "Group owners: UPNs or object ids" }),
  members: z.array(principalRef()).optional().meta({ description: "Standing members: UPNs or object ids" }),
  eligibleMembers: z.array(eligibleMember).optional().meta({ description: "PIM for groups: members only when activated" }),
  activation: activation.optional().meta({ description: "PIM activation rules for the member role" }),
  objectId: guid().optional().meta({ description: "An existing Entra group managed elsewhere: assigned, never created or changed" }),
  appRole: z.string().min(1).default("User").meta({ description: "Display name of the enterprise application's app role to assign" }),
});

const customerManagedPolicy = z.strictObject({
  name: fmt(IAM_POLICY_NAME, "an IAM policy name (1-128 of letters, digits, +=,.@_-)"),
  path: fmt(IAM_PATH, "an IAM path such as / or /team/").default("/"),
});

const inlinePolicyDocument = z
  .looseObject({ Version: z.string().optional(), Statement: z.unknown() })
  .meta({ description: "An IAM policy document" });

const permissionSet = z.strictObject({
  description: z.string().min(1).max(700).optional(),
  sessionDuration: isoDuration().default("PT1H").meta({ description: "PT1H to PT12H" }),
  relayState: z.string().min(1).max(240).optional().meta({ description: "URL the console opens after sign-in" }),
  managedPolicies: z
    .array(fmt(MANAGED_POLICY_ARN, "an AWS-managed policy ARN (arn:aws:iam::aws:policy/…)"))
    .default([]),
  customerManagedPolicies: z.array(customerManagedPolicy).default([]).meta({ description: "Policies that must exist with this name and path in every target account" }),
  inlinePolicy: z
    .union([z.string().min(1).meta({ description: "Path of a JSON file, relative to the federation file" }), inlinePolicyDocument])
    .optional(),
  permissionsBoundary: z
    .union([
      z.strictObject({ managedPolicyArn: fmt(MANAGED_POLICY_ARN, "an AWS-managed policy ARN (arn:aws:iam::aws:policy/…)") }),
      z.strictObject({ customerManagedPolicy }),
    ])
    .optional(),
  tags: tags().optional(),
});

const account = z.strictObject({
  id: z
    .string({ error: (iss) => messages.wrongType('a quoted 12-digit string ("111111111111")', typeOf(iss.input)).message })
    .regex(ACCOUNT_ID, { error: (iss) => messages.badFormat(iss.input, "a 12-digit AWS account id").message }),
  description: z.string().optional(),
});

const assignment = z.strictObject({
  group: z.string().min(1).optional().meta({ description: "A group name under groups:" }),
  user: principalRef().optional().meta({ description: "A user principal name (the Identity Center userName)" }),
  permissionSet: z.string().min(1),
  accounts: z.array(accountRef()).optional(),
  organizationalUnits: z
    .array(
      z.string().regex(new RegExp(`${OU_ID.source}|${ROOT_ID.source}`), {
        error: (iss) => messages.badFormat(iss.input, "an OU id (ou-ab12-34cd5678) or the root id (r-ab12)").message,
      }),
    )
    .optional()
    .meta({ description: "All ACTIVE accounts below, recursively, resolved at plan time; r-… is the whole organization" }),
  excludeAccounts: z.array(accountRef()).optional().meta({ description: "Never granted, whatever the targets say" }),
});

/** Managed or customer-managed policies (ARN, name or `*` pattern) that make a permission set privileged in reviews. */
export const DEFAULT_PRIVILEGED_POLICIES = ["AdministratorAccess", "PowerUserAccess", "IAMFullAccess", "AWSOrganizationsFullAccess"];
/** IAM actions that make an inline policy privileged when one of its Allow statements covers them. */
export const DEFAULT_PRIVILEGED_ACTIONS = ["*", "iam:*", "organizations:*", "sso:*"];

const review = z
  .strictObject({
    privilegedPolicies: z
      .array(z.string().min(1))
      .default(DEFAULT_PRIVILEGED_POLICIES)
      .meta({ description: "Policies (ARN, name, or a pattern with *) that make a permission set privileged; replaces the default list" }),
    privilegedActions: z
      .array(z.string().min(1))
      .default(DEFAULT_PRIVILEGED_ACTIONS)
      .meta({ description: "IAM actions (wildcards allowed) that make an inline policy privileged when an Allow statement covers them" }),
  })
  .meta({ description: "How `federation diff` and `federation report` judge access (escalations); the base and head lists are combined" });

/**
 * Destroy protection. By default Terraform refuses any plan that would destroy or replace the enterprise application
 * and its service principal, the SCIM secret, or a permission set that holds grants (`prevent_destroy`). An opt-in here
 * lifts that for what it names; validation warns about every opt-in so a reviewer sees it.
 */
const protection = z
  .strictObject({
    allowDestroy: z
      .strictObject({
        enterpriseApplication: z
          .boolean()
          .default(false)
          .meta({ description: "true: the enterprise application and its service principal may be destroyed or replaced (SSO stops for everyone)" }),
        scimSecret: z
          .boolean()
          .default(false)
          .meta({ description: "true: the SCIM secret (the only copy of the provisioning token) may be destroyed" }),
        permissionSets: z
          .array(fmt(PERMISSION_SET_NAME, "a permission set name (1-32 of letters, digits, +=,.@_-)"))
          .default([])
          .meta({ description: "Permission sets that may be destroyed or replaced although they hold grants (or that this change removes)" }),
      })
      .default({ enterpriseApplication: false, scimSecret: false, permissionSets: [] }),
  })
  .meta({ description: "Opt-ins that let Terraform destroy protected resources; each one is reported as a warning" });

const state = z.strictObject({
  s3: z
    .strictObject({
      bucket: z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, { error: (iss) => messages.badFormat(iss.input, "an S3 bucket name").message }),
      region: fmt(AWS_REGION, "an AWS region such as us-east-1"),
      keyPrefix: z.string().regex(/^[A-Za-z0-9!_.*'()/-]{1,200}$/).default("identity-federation"),
      kmsKeyId: fmt(S3_BACKEND_KMS_KEY, "a KMS key id, multi-Region key id (mrk-…), alias (alias/…) or key ARN, as Terraform's S3 backend accepts it")
        .optional()
        .meta({ description: "KMS key that encrypts the state objects" }),
    })
    .optional(),
});

export const federationSchema = z
  .strictObject({
    $schema: z.string().optional().meta({ description: "Editor hint, ignored" }),
    version: z.literal(1, { error: (iss) => messages.notOneOf(iss.input, [1]).message }),
    identityProvider: z
      .enum(IDENTITY_PROVIDERS, { error: (iss) => messages.notOneOf(iss.input, IDENTITY_PROVIDERS).message })
      .default(DEFAULT_IDENTITY_PROVIDER)
      .meta({ description: "Where users sign in: entra (default), entrust, okta, google or saml; the section of that name configures it" }),
    entra: entra.optional().meta({ description: "Microsoft Entra ID (identityProvider: entra, the default): required there, refused under another IdP" }),
    okta: okta.optional(),
    entrust: entrust.optional(),
    google: google.optional(),
    saml: saml.optional(),
    identityCenter,
    groups: z.record(z.string().min(1), group).default({}),
    permissionSets: z
      .record(fmt(PERMISSION_SET_NAME, "a permission set name (1-32 of letters, digits, +=,.@_-)"), permissionSet)
      .default({}),
    accounts: z.record(z.string().min(1), account).default({}),
    assignments: z.array(assignment).default([]),
    state: state.optional(),
    review: review.optional(),
    protection: protection.optional(),
    imports: z
      .string()
      .min(1)
      .optional()
      .meta({
        description:
          "Terraform import blocks for objects that exist already (a JSON file relative to this file, written by `federation adopt`): the first deploy imports them instead of creating them",
      }),
  })
  .meta({ title: "Entra ID to AWS IAM Identity Center federation", description: "One reviewable file for the whole federation" });

/** The validated file, defaults applied. */
export type Federation = z.output<typeof federationSchema>;
export type FederationInput = z.input<typeof federationSchema>;
export type GroupSpec = Federation["groups"][string];
export type PermissionSetSpec = Federation["permissionSets"][string];
export type AssignmentSpec = Federation["assignments"][number];
export type EligibleMemberSpec = NonNullable<GroupSpec["eligibleMembers"]>[number];
export type ActivationSpec = NonNullable<GroupSpec["activation"]>;
export type SigningCertificateSpec = NonNullable<NonNullable<Federation["entra"]>["application"]["signingCertificates"]>[string];

export function typeOf(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a mapping";
  if (typeof value === "number" && !Number.isFinite(value)) return `a number that is not finite (${String(value)})`;
  return `a ${typeof value} (${JSON.stringify(value)})`;
}

/** Activation rules with every default applied: what a PIM group without an `activation:` block gets. */
export const DEFAULT_ACTIVATION_RULES: ActivationSpec = activation.parse({});
