/**
 * The Secrets Manager secret that carries IAM Identity Center's SCIM endpoint and access token to Entra. Neither can be
 * created through an API (federation-facts.md), so an operator stores them once, as JSON:
 * `{"endpoint": "https://scim.<region>.amazonaws.com/<tenant>/scim/v2", "token": "…", "expiresAt": "YYYY-MM-DD"}`.
 *
 * This construct creates the secret container (never a value: the token must not pass through code, synthesized JSON
 * or CI), or looks up an existing secret, then reads and checks the current value at plan time:
 * - whether there is a value yet is known at plan time, also on the deploy that creates the container: the secret is
 *   found by name in the region's list (`data aws_secretsmanager_secrets`, which is empty rather than an error when
 *   it does not exist yet), its versions and its current value are read only when it exists and has a current
 *   version (count 0 or 1). `value.ready` is that condition: consumers create what needs the value only when it holds
 *   (count), so a deploy before the operator stored the value plans and applies the container alone and says, in an
 *   output and as a plan warning (`check` block), that it waits for the endpoint and token;
 * - `value.conditions` are the checks of the value itself (JSON object, endpoint shape and region, token present,
 *   expiry date well-formed and in the future). They reference the value, so they cannot be preconditions of the read;
 *   the first consumer of the value attaches them (the Entra synchronization secret does): a value that is there but
 *   wrong stops the plan with one message.
 * Every expression exposed here that carries the token is sensitive in Terraform (the provider marks `secret_string`);
 * only the expiry date is unwrapped with `nonsensitive`.
 */
import { type Precondition, TerraformElement, TerraformLocal, Token } from "cdktf";
import { DataAwsSecretsmanagerSecret } from "@cdktf/provider-aws/lib/data-aws-secretsmanager-secret";
import { DataAwsSecretsmanagerSecrets } from "@cdktf/provider-aws/lib/data-aws-secretsmanager-secrets";
import { DataAwsSecretsmanagerSecretVersion } from "@cdktf/provider-aws/lib/data-aws-secretsmanager-secret-version";
import { DataAwsSecretsmanagerSecretVersions } from "@cdktf/provider-aws/lib/data-aws-secretsmanager-secret-versions";
import { SecretsmanagerSecret } from "@cdktf/provider-aws/lib/secretsmanager-secret";
import type { Construct as ConstructType } from "constructs";
import { Construct } from "constructs";
import { address } from "../terraform/address";
import { shellCommand } from "../shell";
import { hclString } from "../terraform/text";

export const DEFAULT_SCIM_SECRET_DESCRIPTION =
  'IAM Identity Center automatic provisioning (SCIM) for Entra ID: JSON {"endpoint", "token", "expiresAt"}. Managed by identity-federation; the value is put by an operator.';

/** Shown when the expiry date is not in the secret. */
export const EXPIRY_NOT_RECORDED = "not recorded";
/** Shown instead of an `expiresAt` that is not a date (its value stays hidden: it may be a misplaced token). */
export const EXPIRY_NOT_A_DATE = "not a date (hidden)";
/** Shown as the expiry while the secret has no value. */
export const EXPIRY_NO_VALUE = "no value stored yet";

export interface ScimSecretProps {
  /** Secrets Manager secret name. */
  readonly name: string;
  /** AWS region of the IAM Identity Center instance: the SCIM endpoint must be in this region. */
  readonly region: string;
  /** true: the secret exists already and is only read, never created or changed. @default false */
  readonly existing?: boolean;
  /** KMS key (id, ARN or alias) that encrypts a created secret. @default - the AWS managed key `aws/secretsmanager` */
  readonly kmsKeyId?: string;
  /** Description of a created secret. @default DEFAULT_SCIM_SECRET_DESCRIPTION */
  readonly description?: string;
  /** Tags of a created secret. @default - none */
  readonly tags?: Readonly<Record<string, string>>;
  /** false: only the secret container, its value is neither read nor checked (provisioning switched off). @default true */
  readonly readValue?: boolean;
  /**
   * Refuse any plan that destroys a created secret (`prevent_destroy`): it holds the only copy of the token. false
   * only with the file's explicit opt-in (`protection.allowDestroy.scimSecret`). @default true
   */
  readonly preventDestroy?: boolean;
}

/** The secret's current value, as Terraform expressions. */
export interface ScimSecretValue {
  /** Whether the secret exists and has a current value (a boolean expression, without `${}`; known at plan time). */
  readonly ready: string;
  /** What the stack waits for, or does, as a sentence (an expression for an output). */
  readonly status: string;
  /** SCIM endpoint (sensitive). */
  readonly endpoint: string;
  /** SCIM access token (sensitive). */
  readonly token: string;
  /** Expiry date of the token (`YYYY-MM-DD`, or "not recorded"); not sensitive. */
  readonly expiresAt: string;
  /** Checks of the value, to attach as preconditions to its first consumer. */
  readonly conditions: readonly Precondition[];
}

export class ScimSecret extends Construct {
  /** ARN of the secret. */
  readonly secretArn: string;
  /** The current value; absent when it is not read (`readValue: false`). */
  readonly value?: ScimSecretValue;

  constructor(scope: Construct, id: string, props: ScimSecretProps) {
    super(scope, id);

    if (props.existing) {
      this.secretArn = new DataAwsSecretsmanagerSecret(this, "secret", { name: props.name }).arn;
    } else {
      this.secretArn = new SecretsmanagerSecret(this, "secret", {
        name: props.name,
        description: props.description ?? DEFAULT_SCIM_SECRET_DESCRIPTION,
        kmsKeyId: props.kmsKeyId,
        tags: props.tags && Object.keys(props.tags).length > 0 ? { ...props.tags } : undefined,
        // Losing the secret loses the only copy of the token: AWS shows it once.
        lifecycle: (props.preventDestroy ?? true) ? { preventDestroy: true } : undefined,
      }).arn;
    }

    if (props.readValue === false) return;

    // Known at plan time on every deploy: by name, never through the container resource (unknown while it is created).
    let exists = "true";
    if (!props.existing) {
      const list = new DataAwsSecretsmanagerSecrets(this, "lookup", { filter: [{ name: "name", values: [props.name] }] });
      exists = `contains(coalesce(${address(list)}.names, []), ${hclString(props.name)})`;
    }
    const versions = new DataAwsSecretsmanagerSecretVersions(this, "versions", {
      secretId: props.name,
      count: Token.asNumber(`\${${exists} ? 1 : 0}`),
    });
    const ready = new TerraformLocal(
      this,
      "value_ready",
      `\${anytrue([for v in try(${address(versions)}[0].versions, []) : try(contains(v.version_stages, "AWSCURRENT"), false)])}`,
    );
    const current = new DataAwsSecretsmanagerSecretVersion(this, "current", {
      secretId: props.name,
      count: Token.asNumber(`\${${address(ready)} ? 1 : 0}`),
    });
    const waiting =
      `SCIM provisioning waits for the SCIM endpoint and token: secret ${props.name} has no value yet. Enable automatic ` +
      `provisioning in IAM Identity Center (Settings > Automatic provisioning), store the endpoint and token with ` +
      `${shellCommand("aws", "secretsmanager", "put-secret-value", "--secret-id", props.name)} … as the README shows (Deploy runbook, step 5), ` +
      "then deploy scim-provisioning again.";
    new WaitingCheck(this, "waiting", `\${${address(ready)}}`, waiting);

    const decoded = `jsondecode(${address(current)}[0].secret_string)`;
    this.value = {
      ready: address(ready),
      status: `\${${address(ready)} ? ${hclString(`Entra synchronizes with the SCIM endpoint stored in secret ${props.name}.`)} : ${hclString(waiting)}}`,
      // try(): a value without them is refused by `conditions` with its message, not by an "Unsupported attribute" error.
      endpoint: `\${try(${decoded}.endpoint, null)}`,
      token: `\${try(${decoded}.token, null)}`,
      // Only a value shaped like a date is unwrapped: a token pasted into the wrong field stays sensitive (hidden).
      // (No `{n}` quantifiers: a brace before a reference would make cdktf nest the interpolation.)
      expiresAt:
        `\${!${address(ready)} ? ${JSON.stringify(EXPIRY_NO_VALUE)} : nonsensitive(can(regex("^[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]$", try(tostring(${decoded}.expiresAt), ""))) ` +
        `? tostring(${decoded}.expiresAt) : (try(tostring(${decoded}.expiresAt), null) == null ? ${JSON.stringify(EXPIRY_NOT_RECORDED)} : ${JSON.stringify(EXPIRY_NOT_A_DATE)}))}`,
      conditions: scimValueConditions(decoded, props.name, props.region),
    };
  }
}

/**
 * A top-level `check` block (cdktf 0.21 has none): a false assertion is a warning in the plan, never an error, so the
 * deploy goes on and says what it waits for.
 */
class WaitingCheck extends TerraformElement {
  constructor(
    scope: ConstructType,
    id: string,
    private readonly condition: string,
    private readonly message: string,
  ) {
    super(scope, id);
  }

  override toTerraform(): Record<string, unknown> {
    return { check: { [this.friendlyUniqueId]: { assert: [{ condition: this.condition, error_message: this.message }] } } };
  }

  override toHclTerraform(): Record<string, unknown> {
    return this.toTerraform();
  }
}

/**
 * The checks of a SCIM secret value, one condition per problem: each one passes when an earlier check already fails,
 * so a broken value yields one clear message, not a cascade. `value` is a Terraform expression of the decoded value.
 */
export function scimValueConditions(value: string, name: string, region: string): Precondition[] {
  const secret = `SCIM secret ${JSON.stringify(name)}`;
  const shape = `{"endpoint": "https://scim.${region}.amazonaws.com/<tenant id>/scim/v2", "token": "<access token>", "expiresAt": "YYYY-MM-DD"}`;
  const isObject = `can(keys(${value}))`;
  const endpointPattern = `"^https://scim\\\\.[a-z0-9-]+\\\\.amazonaws\\\\.com/[A-Za-z0-9_-]+/scim/v2/?$"`;
  const hasEndpointShape = `can(regex(${endpointPattern}, ${value}.endpoint))`;
  const expiry = `${value}.expiresAt`;
  const midnight = `format("%sT00:00:00Z", ${expiry})`;
  return [
    {
      condition: `\${${isObject}}`,
      errorMessage: `${secret}: the current value is not a JSON object. Store ${shape} as shown in the README (Deploy runbook).`,
    },
    {
      condition: `\${!${isObject} || ${hasEndpointShape}}`,
      errorMessage:
        `${secret}: "endpoint" is missing or is not an IAM Identity Center SCIM endpoint ` +
        `(https://scim.<region>.amazonaws.com/<tenant id>/scim/v2). Copy it from IAM Identity Center > Settings > Automatic provisioning.`,
    },
    {
      condition: `\${!${hasEndpointShape} || try(regex("^https://scim\\\\.([a-z0-9-]+)\\\\.", ${value}.endpoint)[0] == ${JSON.stringify(region)}, false)}`,
      errorMessage:
        `${secret}: the SCIM endpoint belongs to another region than identityCenter.region (${region}). ` +
        `Store the endpoint of the IAM Identity Center instance in ${region}.`,
    },
    {
      condition: `\${!${isObject} || try(length(trimspace(${value}.token)) > 0, false)}`,
      errorMessage:
        `${secret}: "token" is missing or empty. Generate an access token in IAM Identity Center > Settings > ` +
        `Automatic provisioning and store it with the endpoint.`,
    },
    {
      condition: `\${try(${expiry}, null) == null || (can(regex("^[0-9]{4}-[0-9]{2}-[0-9]{2}$", ${expiry})) && can(formatdate("YYYY", ${midnight})))}`,
      errorMessage: `${secret}: "expiresAt" must be a date YYYY-MM-DD (the token expiry IAM Identity Center shows), or be left out.`,
    },
    {
      condition: `\${try(timecmp(${midnight}, plantimestamp()) > 0, true)}`,
      errorMessage:
        `${secret}: the SCIM access token has expired ("expiresAt" is today or earlier). Generate a new token in IAM ` +
        `Identity Center, store it and deploy again (README: Deploy runbook, token rotation).`,
    },
  ];
}
