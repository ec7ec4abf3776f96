/**
 * Shapes of identifiers and values, shared by the schema (structure, editor hints) and the rules (semantics).
 * Sources: ../shared/reference/federation-facts.md.
 */

/** Entra object ids and tenant ids are GUIDs (any version nibble: placeholders like 3f2a0000-0000-… are fine). */
export const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

/** A pragmatic e-mail / UPN shape: local@domain.tld; no spaces, and no `$ { } \\` (they would be read as Terraform template syntax in keys). */
export const EMAIL = /^[^\s@"<>|;:%${}\\]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$/;

/** AWS region, e.g. us-east-1, eu-central-2, us-gov-west-1, ap-southeast-5. */
export const AWS_REGION = /^[a-z]{2}(?:-gov|-iso[a-z]?)?-[a-z]+-\d$/;

export const ACCOUNT_ID = /^\d{12}$/;
export const OU_ID = /^ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}$/;
export const ROOT_ID = /^r-[0-9a-z]{4,32}$/;
export const INSTANCE_ARN = /^arn:aws(?:-us-gov|-cn)?:sso:::instance\/(?:sso)?ins-[a-zA-Z0-9-.]{16}$/;
export const IDENTITY_STORE_ID = /^d-[0-9a-f]{10}$|^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
export const MANAGED_POLICY_ARN = /^arn:aws(?:-us-gov|-cn)?:iam::aws:policy\/[\w+=,.@\/-]+$/;

/** Permission set name: 1–32 of [\w+=,.@-]. */
export const PERMISSION_SET_NAME = /^[\w+=,.@-]{1,32}$/;
/** IAM policy name (customer-managed policy reference): 1–128 of [\w+=,.@-]. */
export const IAM_POLICY_NAME = /^[\w+=,.@-]{1,128}$/;
/** IAM path: "/" or /segment/…/ (1–512 chars). */
export const IAM_PATH = /^\/(?:[\x21-\x7E]*\/)?$/;

/**
 * Prefix of the S3 state keys (`<prefix>/<stack>.tfstate`; a trailing `/` is dropped). Terraform's S3 backend refuses a
 * key that starts or ends with `/` or contains `//` (terraform v1.11 internal/backend/remote-state/s3/backend.go,
 * validation of `key`; validate_test.go: "key with double slash"), so neither may the prefix.
 */
export const S3_STATE_KEY_PREFIX = /^(?!\/)(?!.*\/\/)[A-Za-z0-9!_.*'()/-]{1,200}$/;
/** The S3 key of a stack's state (the backend of every stack, and the state moves of `federation shards`). */
export const s3StateKey = (keyPrefix: string, stack: string): string => `${keyPrefix.replace(/\/+$/, "")}/${stack}.tfstate`;

/** ISO-8601 duration limited to what we accept: P[nD]T[nH][nM] / PnD. */
export const ISO_DURATION = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?)?$/;

const KMS_KEY_UUID = "[a-f0-9]{8}-[a-f0-9]{4}-[1-5][a-f0-9]{3}-[ab89][a-f0-9]{3}-[a-f0-9]{12}";
const KMS_MRK = "mrk-[a-f0-9]{32}";
/**
 * The KMS key of the S3 state backend, as Terraform's S3 backend accepts it (terraform v1.11
 * internal/backend/remote-state/s3/validate.go, validateKMSKey): a key id, a multi-Region key id, an alias, or a key
 * ARN (anchored here; Terraform anchors only one end).
 */
export const S3_BACKEND_KMS_KEY = new RegExp(
  `^(?:${KMS_KEY_UUID}|${KMS_MRK}|alias/[A-Za-z0-9/_-]+|arn:aws(?:-[a-z]+)*:kms:[a-z0-9-]+:\\d{12}:key/(?:${KMS_KEY_UUID}|${KMS_MRK}))$`,
);

/** Secrets Manager secret name: 1–512 of [A-Za-z0-9/_+=.@-]. */
export const SECRET_NAME = /^[A-Za-z0-9/_+=.@-]{1,512}$/;

/** Tag key/value charset allowed by IAM Identity Center (Unicode letters, digits, space, _.:/=+-@). */
export const TAG_KEY = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]{1,128}$/u;
export const TAG_VALUE = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]{0,256}$/u;

/** ABAC attribute key and source. */
export const ABAC_KEY = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]{1,128}$/u;
export const ABAC_SOURCE = /^\$\{path:[A-Za-z0-9_.:/-]+\}$|^\$\{[A-Za-z0-9_.:/-]+\}$/;

/** Characters that break SCIM provisioning to IAM Identity Center when present in names. */
export const SCIM_UNSAFE_CHARS = ["\t", "\n", "\r", '"', "<", ">", "|", ";", ":", "%"];
/** Display names IAM Identity Center reserves. */
export const RESERVED_GROUP_NAMES = ["Administrator", "AWSAdministrators"];

/** Parses PnDTnHnM into minutes; undefined when it does not match the accepted shape. */
export function durationMinutes(value: string): number | undefined {
  const m = ISO_DURATION.exec(value);
  if (!m || value === "P" || value === "PT" || value.endsWith("T")) return undefined;
  const [, d, h, min] = m;
  if (d === undefined && h === undefined && min === undefined) return undefined;
  return Number(d ?? 0) * 24 * 60 + Number(h ?? 0) * 60 + Number(min ?? 0);
}

export function isGuid(value: string): boolean {
  return GUID.test(value);
}

export function isAccountId(value: string): boolean {
  return ACCOUNT_ID.test(value);
}
