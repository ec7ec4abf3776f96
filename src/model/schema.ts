/**
 * The federation file contract (../shared/reference/design.md), as a zod schema. It checks structure and the shape of
 * single values; everything that relates values to each other or to limits lives in `rules/`. The editor JSON schema
 * (`config/federation.schema.json`) is generated from this file by `npm run schema`.
 */
import { z } from "zod/mini";
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
  S3_STATE_KEY_PREFIX,
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

// zod/mini (not zod's classic API): the same checks and messages with a fraction of the objects built, and this schema
// is built on every run of the CLI and the cdktf app (about 5 ms of `npm start` with the classic API). Unlike the
// classic API, it does not set zod's English messages itself; the loader shows them for problems without a message of
// ours (src/model/load.ts). Set only when no locale is (as the classic API does), so a library caller's choice stands.
if (!z.config().localeError) z.config(z.locales.en());

/** A regex check whose failure is our `badFormat` message (what the value should look like). */
const shaped = (pattern: RegExp, expected: string) => z.regex(pattern, { error: (iss) => messages.badFormat(iss.input, expected).message });
/** The schema with its editor title and description (the JSON schema's `title` and `description`). */
const withMeta = <T extends z.core.$ZodType>(schema: T, meta: { readonly title?: string; readonly description: string }): T => {
  z.globalRegistry.add(schema, meta);
  return schema;
};
/** The schema with its editor description. */
const described = <T extends z.core.$ZodType>(schema: T, description: string): T => withMeta(schema, { description });
const text = (...checks: z.core.$ZodCheck<string>[]) => (checks.length ? z.string().check(...checks) : z.string());
const fmt = (pattern: RegExp, expected: string) => text(shaped(pattern, expected));

const guid = () => fmt(GUID, "a GUID (00000000-0000-0000-0000-000000000000)");
const email = () => fmt(EMAIL, "an e-mail address");
const principalRef = () =>
  fmt(new RegExp(`${EMAIL.source}|${GUID.source}`), "a user principal name (e-mail shape) or an Entra object id (GUID)");
const httpsUrl = () => fmt(/^https:\/\/[^\s/$.?#][^\s]*$/, "an https:// URL");
const isoDateTime = () =>
  fmt(/^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2}))?$/, "an ISO-8601 date or date-time (2028-11-01 or 2028-11-01T00:00:00Z)");
const isoDuration = () => fmt(ISO_DURATION, "an ISO-8601 duration such as PT8H or P180D");
const accountRef = () => described(text(z.minLength(1)), "A 12-digit account id or a name under `accounts:` (quote ids: \"111111111111\")");
const tags = () =>
  z.record(fmt(TAG_KEY, "a tag key (1-128 letters, digits, space, _.:/=+-@)"), fmt(TAG_VALUE, "a tag value (0-256 letters, digits, space, _.:/=+-@)"));
const integer = (min: number, max: number) => z.int().check(z.minimum(min), z.maximum(max));
const enumOf = <const T extends readonly string[]>(values: T) => z.enum(values, { error: (iss) => messages.notOneOf(iss.input, values).message });

const certificateSubject = () =>
  described(z.optional(fmt(/^CN=.+$/, "a subject like CN=Microsoft Azure Federated SSO Certificate")), "Certificate subject; default CN=<application display name>");

const signingCertificate = described(
  z.strictObject({
    endDate: described(z.optional(isoDateTime()), "Expiry of the SAML token-signing certificate; at most 3 years ahead; default 3 years from creation"),
    displayName: certificateSubject(),
  }),
  "The SAML token-signing certificate (created and activated); the same as signingCertificates: { default: … }",
);

/** Certificate keys name Terraform resources: letters, digits, `_` and `-`, starting with a letter or digit. */
export const CERTIFICATE_KEY = /^[A-Za-z0-9][A-Za-z0-9_-]{0,62}$/;

const keyedSigningCertificate = described(
  z.strictObject({
    endDate: described(z.optional(isoDateTime()), "Expiry; at most 3 years ahead; default 3 years from creation. Fixed once created: rotate by adding a certificate"),
    displayName: certificateSubject(),
    active: described(z.optional(z.boolean()), "The certificate Entra signs with; required on one when several are not retired"),
    retired: described(
      z.optional(z.boolean()),
      "Remove this certificate from Entra (exactly its keys) and from Terraform state; keep the entry until that deploy ran",
    ),
  }),
  "A SAML token-signing certificate, by a name of your choice",
);

const application = z.strictObject({
  displayName: described(z._default(text(z.minLength(1), z.maxLength(256)), DEFAULT_APPLICATION_NAME), "Enterprise application display name"),
  notificationEmails: described(z._default(z.array(email()), []), "Who Entra notifies about certificate expiry and provisioning"),
  owners: described(z._default(z.array(principalRef()), []), "Application owners: UPNs or object ids"),
  signingCertificate: z.optional(signingCertificate),
  signingCertificates: described(
    z.optional(z.record(fmt(CERTIFICATE_KEY, "a certificate name (letters, digits, _ and -, at most 63, e.g. cert-2029)"), keyedSigningCertificate)),
    "SAML token-signing certificates by name, for rotation without a gap (README: Signing-certificate rotation); instead of signingCertificate",
  ),
  kind: described(
    z._default(enumOf(APPLICATION_KINDS), "gallery"),
    "gallery: the AWS IAM Identity Center gallery application (provisioning template aWSSingleSignon); non-gallery: a non-gallery SAML application (the AWS guide's path; Entra's generic SCIM template). Changing it replaces the application (README: Adopting an existing federation)",
  ),
});

const provisioning = z.strictObject({
  enabled: described(z._default(z.boolean(), true), "false: SSO only, no SCIM provisioning resources"),
  scope: z._default(enumOf(["assigned", "all"]), "assigned"),
  deleteThreshold: described(z.optional(integer(1, 100000)), "Accidental-deletion guard: stop a cycle that would delete more objects"),
  provisionOnDemand: described(z._default(z.boolean(), true), "Push newly assigned groups at once instead of waiting for the next cycle"),
  provisionOnDemandRuleId: described(z._default(guid(), DEFAULT_PROVISIONING_RULE_ID), "Synchronization rule id used for provision on demand"),
  externalIdFromObjectId: described(z._default(z.boolean(), true), "Map SCIM externalId from the Entra objectId and drop colliding phone mappings"),
  synchronizationTemplateId: described(
    z.optional(fmt(/^[A-Za-z0-9_.-]{1,128}$/, "a synchronization template id such as aWSSingleSignon or scim")),
    "Template of the synchronization job; default aWSSingleSignon (gallery) or scim (non-gallery)",
  ),
});

const entra = z.strictObject({
  tenantId: described(guid(), "Entra tenant (directory) id"),
  application: z._default(application, { displayName: DEFAULT_APPLICATION_NAME, notificationEmails: [], owners: [], kind: "gallery" }),
  provisioning: z._default(provisioning, {
    enabled: true,
    scope: "assigned",
    provisionOnDemand: true,
    provisionOnDemandRuleId: DEFAULT_PROVISIONING_RULE_ID,
    externalIdFromObjectId: true,
  }),
});

// --- other identity providers (identityProvider: okta | entrust | google | saml); src/idp/providers.ts -----------

const hostname = (expected: string) =>
  fmt(/^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/, expected);
/** Display names of IdP applications: one line of printable text (they reach Terraform, sheets and consoles). */
const appName = () =>
  text(z.minLength(1), z.maxLength(100), shaped(/^[^\u0000-\u001f\u007f-\u009f\u2028\u2029]+$/, "one line of text without control characters"));

const DEFAULT_OKTA_BASE_URL = "okta.com";
const okta = described(
  z.strictObject({
    orgName: described(
      fmt(/^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/, "an Okta org name (the first label of <org>.okta.com)"),
      "Okta org name: `example` for https://example.okta.com",
    ),
    baseUrl: described(
      z._default(hostname("an Okta domain such as okta.com, oktapreview.com or okta-emea.com"), DEFAULT_OKTA_BASE_URL),
      "Okta domain of the org (provider base_url)",
    ),
    application: z._default(
      z.strictObject({ label: described(z._default(appName(), DEFAULT_APPLICATION_NAME), "Label of the AWS IAM Identity Center app in Okta") }),
      { label: DEFAULT_APPLICATION_NAME },
    ),
  }),
  "Okta: the AWS IAM Identity Center catalogue app, groups, memberships and assignments as code (stack okta-sso)",
);

const METADATA_LIFETIME_DAYS = { min: 2, max: 730 } as const;
const entrust = described(
  z.strictObject({
    tenantHostname: described(
      hostname("an Entrust IDaaS tenant host name such as example.us.trustedauth.com"),
      "Host name of the IDaaS tenant (its administration portal)",
    ),
    application: z._default(
      z.strictObject({
        name: described(z._default(appName(), DEFAULT_APPLICATION_NAME), "Name of the application created from the IDaaS AWS (SAML) template"),
        signingCertificate: described(z.optional(appName()), "IDaaS SAML signing certificate to pick; default the tenant's default certificate"),
      }),
      { name: DEFAULT_APPLICATION_NAME },
    ),
    metadataLifetimeDays: described(
      z._default(integer(METADATA_LIFETIME_DAYS.min, METADATA_LIFETIME_DAYS.max), 365),
      "Lifetime of the IDaaS IdP metadata file uploaded to IAM Identity Center: 2 to 730 days",
    ),
    domain: described(
      z.optional(hostname("a domain name such as example.com")),
      "The IDaaS domain whose IdP metadata to download (one file per domain); default the tenant's",
    ),
    provisionerName: described(z._default(appName(), "AWS IAM Identity Center SCIM"), "Name of the Generic SCIM provisioner"),
  }),
  "Entrust Identity as a Service: the IdP side as a generated hand-off sheet",
);

const google = described(
  z.strictObject({
    primaryDomain: described(hostname("a domain name such as example.com"), "Primary domain of the Google Workspace account"),
    application: z._default(
      z.strictObject({ name: described(z._default(appName(), DEFAULT_APPLICATION_NAME), "Name of the custom SAML app in the Google Admin console") }),
      { name: DEFAULT_APPLICATION_NAME },
    ),
  }),
  "Google Workspace: the IdP side as a generated hand-off sheet (its SCIM provisions users only)",
);

const saml = described(
  z.strictObject({
    name: described(appName(), "The identity provider's product name (for the hand-off sheet)"),
    application: z._default(
      z.strictObject({ name: described(z._default(appName(), DEFAULT_APPLICATION_NAME), "Name of the SAML application in the IdP") }),
      { name: DEFAULT_APPLICATION_NAME },
    ),
    provisionsGroups: described(
      z._default(z.boolean(), true),
      "false: its SCIM client provisions users only (group grants then wait for groups created by other means)",
    ),
  }),
  "Any SAML 2.0 + SCIM 2.0 identity provider: the IdP side as a generated hand-off sheet",
);

const scimSecretObject = z.strictObject({
  name: fmt(SECRET_NAME, "a Secrets Manager secret name (1-512 of A-Z a-z 0-9 /_+=.@-)"),
  existing: described(z._default(z.boolean(), false), "true: the secret exists already and is only read, never created"),
  kmsKeyId: described(z.optional(text(z.minLength(1))), "KMS key (id, ARN or alias) to encrypt the secret; default the AWS managed key"),
  description: z.optional(text(z.maxLength(2048))),
  tags: z.optional(tags()),
});

const identityCenter = z.strictObject({
  region: described(fmt(AWS_REGION, "an AWS region such as us-east-1"), "Region of the IAM Identity Center instance"),
  instanceArn: z.optional(fmt(INSTANCE_ARN, "an IAM Identity Center instance ARN (arn:aws:sso:::instance/ssoins-…)")),
  identityStoreId: z.optional(fmt(IDENTITY_STORE_ID, "an identity store id (d-0123456789)")),
  serviceProvider: described(
    z.strictObject({
      acsUrl: described(httpsUrl(), "IAM Identity Center ACS URL (console: Settings > Identity source)"),
      issuerUrl: described(httpsUrl(), "IAM Identity Center issuer URL"),
      accessPortalUrl: described(httpsUrl(), "AWS access portal URL"),
    }),
    "Service provider values copied once from the IAM Identity Center console (no API exists)",
  ),
  scimSecret: described(
    z.union([fmt(SECRET_NAME, "a Secrets Manager secret name (1-512 of A-Z a-z 0-9 /_+=.@-)"), scimSecretObject]),
    'Secrets Manager secret holding {"endpoint","token","expiresAt"?}: a name, or an object',
  ),
  accessControlAttributes: described(
    z.optional(
      z.record(
        fmt(ABAC_KEY, "an attribute key (1-128 letters, digits, _.:/=+-@)"),
        fmt(ABAC_SOURCE, "an attribute source such as ${path:enterprise.department}"),
      ),
    ),
    "ABAC: attribute key -> source in the identity store",
  ),
  managementAccount: described(
    z.optional(accountRef()),
    "The AWS Organizations management account (a name under accounts: or a 12-digit id): `federation diff` and `validate --base` refuse a change that leaves it without privileged access",
  ),
  assignmentShards: described(z._default(z.union([z.literal("auto"), integer(1, 64)]), "auto"), "Number of account-assignment stacks; auto picks by size"),
});

const eligibleMember = z.strictObject({
  principal: principalRef(),
  duration: described(z.optional(isoDuration()), "How long the eligibility lasts, e.g. P180D"),
  expirationDate: described(z.optional(isoDateTime()), "When the eligibility ends"),
  permanent: described(z.optional(z.boolean()), "Eligible without end"),
});

const activation = z.strictObject({
  maximumDuration: described(z._default(isoDuration(), "PT8H"), "Maximum activation: PT30M to PT23H30M in 30-minute steps, or P1D (a full day)"),
  requireApproval: z._default(z.boolean(), false),
  approvers: described(z._default(z.array(principalRef()), []), "Users or groups who approve activations"),
  requireJustification: z._default(z.boolean(), true),
  requireMfa: z._default(z.boolean(), true),
  requireTicket: z._default(z.boolean(), false),
});

const group = z.strictObject({
  description: z.optional(text(z.maxLength(1024))),
  owners: described(z.optional(z.array(principalRef())), "Group owners: UPNs or object ids"),
  members: described(z.optional(z.array(principalRef())), "Standing members: UPNs or object ids"),
  eligibleMembers: described(z.optional(z.array(eligibleMember)), "PIM for groups: members only when activated"),
  activation: described(z.optional(activation), "PIM activation rules for the member role"),
  objectId: described(z.optional(guid()), "An existing Entra group managed elsewhere: assigned, never created or changed"),
  appRole: described(z._default(text(z.minLength(1)), "User"), "Display name of the enterprise application's app role to assign"),
});

const customerManagedPolicy = z.strictObject({
  name: fmt(IAM_POLICY_NAME, "an IAM policy name (1-128 of letters, digits, +=,.@_-)"),
  path: z._default(fmt(IAM_PATH, "an IAM path such as / or /team/"), "/"),
});

const inlinePolicyDocument = described(z.looseObject({ Version: z.optional(z.string()), Statement: z.unknown() }), "An IAM policy document");

const permissionSet = z.strictObject({
  description: z.optional(text(z.minLength(1), z.maxLength(700))),
  sessionDuration: described(z._default(isoDuration(), "PT1H"), "PT1H to PT12H"),
  relayState: described(z.optional(text(z.minLength(1), z.maxLength(240))), "URL the console opens after sign-in"),
  managedPolicies: z._default(z.array(fmt(MANAGED_POLICY_ARN, "an AWS-managed policy ARN (arn:aws:iam::aws:policy/…)")), []),
  customerManagedPolicies: described(z._default(z.array(customerManagedPolicy), []), "Policies that must exist with this name and path in every target account"),
  inlinePolicy: z.optional(z.union([described(text(z.minLength(1)), "Path of a JSON file, relative to the federation file"), inlinePolicyDocument])),
  permissionsBoundary: z.optional(
    z.union([
      z.strictObject({ managedPolicyArn: fmt(MANAGED_POLICY_ARN, "an AWS-managed policy ARN (arn:aws:iam::aws:policy/…)") }),
      z.strictObject({ customerManagedPolicy }),
    ]),
  ),
  tags: z.optional(tags()),
});

const account = z.strictObject({
  id: z
    .string({ error: (iss) => messages.wrongType('a quoted 12-digit string ("111111111111")', typeOf(iss.input)).message })
    .check(shaped(ACCOUNT_ID, "a 12-digit AWS account id")),
  description: z.optional(z.string()),
});

const assignment = z.strictObject({
  group: described(z.optional(text(z.minLength(1))), "A group name under groups:"),
  user: described(z.optional(principalRef()), "A user principal name (the Identity Center userName)"),
  permissionSet: text(z.minLength(1)),
  accounts: z.optional(z.array(accountRef())),
  organizationalUnits: described(
    z.optional(z.array(fmt(new RegExp(`${OU_ID.source}|${ROOT_ID.source}`), "an OU id (ou-ab12-34cd5678) or the root id (r-ab12)"))),
    "All ACTIVE accounts below, recursively, resolved at plan time; r-… is the whole organization",
  ),
  excludeAccounts: described(z.optional(z.array(accountRef())), "Never granted, whatever the targets say"),
});

/** Managed or customer-managed policies (ARN, name or `*` pattern) that make a permission set privileged in reviews. */
export const DEFAULT_PRIVILEGED_POLICIES = ["AdministratorAccess", "PowerUserAccess", "IAMFullAccess", "AWSOrganizationsFullAccess"];
/** IAM actions that make an inline policy privileged when one of its Allow statements covers them. */
export const DEFAULT_PRIVILEGED_ACTIONS = ["*", "iam:*", "organizations:*", "sso:*"];

const review = described(
  z.strictObject({
    privilegedPolicies: described(
      z._default(z.array(text(z.minLength(1))), DEFAULT_PRIVILEGED_POLICIES),
      "Policies (ARN, name, or a pattern with *) that make a permission set privileged; replaces the default list",
    ),
    privilegedActions: described(
      z._default(z.array(text(z.minLength(1))), DEFAULT_PRIVILEGED_ACTIONS),
      "IAM actions (wildcards allowed) that make an inline policy privileged when an Allow statement covers them",
    ),
  }),
  "How `federation diff` and `federation report` judge access (escalations); the base and head lists are combined",
);

/**
 * Destroy protection. By default Terraform refuses any plan that would destroy or replace the enterprise application
 * and its service principal, the SCIM secret, or a permission set that holds grants (`prevent_destroy`). An opt-in here
 * lifts that for what it names; validation warns about every opt-in so a reviewer sees it.
 */
const protection = described(
  z.strictObject({
    allowDestroy: z._default(
      z.strictObject({
        enterpriseApplication: described(
          z._default(z.boolean(), false),
          "true: the enterprise application and its service principal may be destroyed or replaced (SSO stops for everyone)",
        ),
        scimSecret: described(z._default(z.boolean(), false), "true: the SCIM secret (the only copy of the provisioning token) may be destroyed"),
        permissionSets: described(
          z._default(z.array(fmt(PERMISSION_SET_NAME, "a permission set name (1-32 of letters, digits, +=,.@_-)")), []),
          "Permission sets that may be destroyed or replaced although they hold grants (or that this change removes)",
        ),
      }),
      { enterpriseApplication: false, scimSecret: false, permissionSets: [] },
    ),
  }),
  "Opt-ins that let Terraform destroy protected resources; each one is reported as a warning",
);

const state = z.strictObject({
  s3: z.optional(
    z.strictObject({
      bucket: fmt(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, "an S3 bucket name"),
      region: fmt(AWS_REGION, "an AWS region such as us-east-1"),
      keyPrefix: described(
        z._default(fmt(S3_STATE_KEY_PREFIX, "a key prefix (1-200 of letters, digits, !_.*'()/-, not starting with / and without //)"), "identity-federation"),
        "Prefix of each stack's state object: <keyPrefix>/<stack>.tfstate",
      ),
      kmsKeyId: described(
        z.optional(fmt(S3_BACKEND_KMS_KEY, "a KMS key id, multi-Region key id (mrk-…), alias (alias/…) or key ARN, as Terraform's S3 backend accepts it")),
        "KMS key that encrypts the state objects",
      ),
    }),
  ),
});

export const federationSchema = withMeta(
  z.strictObject({
    $schema: described(z.optional(z.string()), "Editor hint, ignored"),
    version: z.literal(1, { error: (iss) => messages.notOneOf(iss.input, [1]).message }),
    identityProvider: described(
      z._default(enumOf(IDENTITY_PROVIDERS), DEFAULT_IDENTITY_PROVIDER),
      "Where users sign in: entra (default), entrust, okta, google or saml; the section of that name configures it",
    ),
    entra: described(z.optional(entra), "Microsoft Entra ID (identityProvider: entra, the default): required there, refused under another IdP"),
    okta: z.optional(okta),
    entrust: z.optional(entrust),
    google: z.optional(google),
    saml: z.optional(saml),
    identityCenter,
    groups: z._default(z.record(text(z.minLength(1)), group), {}),
    permissionSets: z._default(z.record(fmt(PERMISSION_SET_NAME, "a permission set name (1-32 of letters, digits, +=,.@_-)"), permissionSet), {}),
    accounts: z._default(z.record(text(z.minLength(1)), account), {}),
    assignments: z._default(z.array(assignment), []),
    state: z.optional(state),
    review: z.optional(review),
    protection: z.optional(protection),
    imports: described(
      z.optional(text(z.minLength(1))),
      "Terraform import blocks for objects that exist already (a JSON file relative to this file, written by `federation adopt`): the first deploy imports them instead of creating them",
    ),
  }),
  { title: "Entra ID to AWS IAM Identity Center federation", description: "One reviewable file for the whole federation" },
);

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
