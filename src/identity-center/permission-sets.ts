/**
 * Permission sets and everything attached to them, one resource block per kind with `for_each` over maps keyed by
 * permission-set name (attachments: `<set>/<policy>`), so a set added, removed or reordered touches only its own
 * instances and a thousand sets synthesize as fast as one:
 * - `aws_ssoadmin_permission_set` keyed `<set>`: name, description, session duration, relay state, tags;
 * - `aws_ssoadmin_managed_policy_attachment` keyed `<set>/<policy ARN>`;
 * - `aws_ssoadmin_customer_managed_policy_attachment` keyed `<set>/<path><name>` (the policy must exist in every
 *   target account under that name and path);
 * - `aws_ssoadmin_permission_set_inline_policy` keyed `<set>`: canonical JSON, so reformatting the file is no diff;
 * - `aws_ssoadmin_permissions_boundary_attachment` keyed `<set>`: an AWS-managed ARN or a customer-managed reference
 *   (one resource for both kinds, so switching kinds replaces in order instead of racing a create against a delete).
 */
import { TerraformIterator, TerraformLocal } from "cdktf";
import { SsoadminCustomerManagedPolicyAttachment } from "@cdktf/provider-aws/lib/ssoadmin-customer-managed-policy-attachment";
import { SsoadminManagedPolicyAttachment } from "@cdktf/provider-aws/lib/ssoadmin-managed-policy-attachment";
import { SsoadminPermissionSet } from "@cdktf/provider-aws/lib/ssoadmin-permission-set";
import { SsoadminPermissionSetInlinePolicy } from "@cdktf/provider-aws/lib/ssoadmin-permission-set-inline-policy";
import { SsoadminPermissionsBoundaryAttachment } from "@cdktf/provider-aws/lib/ssoadmin-permissions-boundary-attachment";
import { Construct } from "constructs";

/** A customer-managed policy by name and path. */
export interface CustomerManagedPolicyRef {
  readonly name: string;
  /** @default "/" */
  readonly path?: string;
}

/** One permission set, as the federation file describes it. */
export interface PermissionSetDefinition {
  /** Permission-set name (1–32 of `[\w+=,.@-]`): the key of every resource of this set. */
  readonly name: string;
  /** @default - none */
  readonly description?: string;
  /** ISO-8601, PT1H–PT12H. @default PT1H */
  readonly sessionDuration?: string;
  /** URL the console opens after sign-in. @default - the console home */
  readonly relayState?: string;
  /** @default - no tags */
  readonly tags?: Readonly<Record<string, string>>;
  /** AWS-managed policy ARNs. @default - none */
  readonly managedPolicies?: readonly string[];
  /** Customer-managed policies (by name and path in each target account). @default - none */
  readonly customerManagedPolicies?: readonly CustomerManagedPolicyRef[];
  /** The inline policy as canonical JSON text. @default - no inline policy */
  readonly inlinePolicy?: string;
  /** Permissions boundary: an AWS-managed policy ARN or a customer-managed policy. @default - no boundary */
  readonly permissionsBoundary?: { readonly managedPolicyArn: string } | { readonly customerManagedPolicy: CustomerManagedPolicyRef };
}

export interface PermissionSetsProps {
  /** IAM Identity Center instance ARN. */
  readonly instanceArn: string;
  /** The permission sets; names must be unique. */
  readonly permissionSets: readonly PermissionSetDefinition[];
}

export class PermissionSets extends Construct {
  /** Reference to a Terraform map permission-set name → ARN (`local.…`), for account assignments. */
  readonly arns: string;

  constructor(scope: Construct, id: string, props: PermissionSetsProps) {
    super(scope, id);
    const sets = [...props.permissionSets].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const instanceArn = props.instanceArn;

    const definitions = Object.fromEntries(
      sets.map((s) => [
        s.name,
        {
          description: s.description ?? null,
          session_duration: s.sessionDuration ?? "PT1H",
          relay_state: s.relayState ?? null,
          tags: s.tags && Object.keys(s.tags).length > 0 ? s.tags : null,
        },
      ]),
    );
    const each = TerraformIterator.fromMap(definitions);
    const permissionSet = new SsoadminPermissionSet(this, "permission-set", {
      forEach: each,
      instanceArn,
      name: each.key,
      description: each.getString("description"),
      sessionDuration: each.getString("session_duration"),
      relayState: each.getString("relay_state"),
      tags: each.getStringMap("tags"),
    });
    const arnOf = (setNameExpr: string) => `\${${permissionSet.fqn}[${setNameExpr}].arn}`;
    this.arns = new TerraformLocal(this, "arns", `\${{ for name, set in ${permissionSet.fqn} : name => set.arn }}`).fqn;

    const managed = Object.fromEntries(
      sets.flatMap((s) => (s.managedPolicies ?? []).map((arn) => [`${s.name}/${arn}`, { permission_set: s.name, policy_arn: arn }])),
    );
    if (Object.keys(managed).length > 0) {
      const it = TerraformIterator.fromMap(managed);
      new SsoadminManagedPolicyAttachment(this, "managed-policy", {
          forEach: it,
          instanceArn,
          permissionSetArn: arnOf("each.value.permission_set"),
          managedPolicyArn: it.getString("policy_arn"),
        });
    }

    const customer = Object.fromEntries(
      sets.flatMap((s) =>
        (s.customerManagedPolicies ?? []).map((p) => {
          const path = p.path ?? "/";
          return [`${s.name}/${path}${p.name}`, { permission_set: s.name, name: p.name, path }];
        }),
      ),
    );
    if (Object.keys(customer).length > 0) {
      const it = TerraformIterator.fromMap(customer);
      new SsoadminCustomerManagedPolicyAttachment(this, "customer-managed-policy", {
          forEach: it,
          instanceArn,
          permissionSetArn: arnOf("each.value.permission_set"),
          customerManagedPolicyReference: { name: it.getString("name"), path: it.getString("path") },
        });
    }

    const inline = Object.fromEntries(sets.filter((s) => s.inlinePolicy !== undefined).map((s) => [s.name, s.inlinePolicy as string]));
    if (Object.keys(inline).length > 0) {
      const it = TerraformIterator.fromMap(inline);
      new SsoadminPermissionSetInlinePolicy(this, "inline-policy", {
          forEach: it,
          instanceArn,
          permissionSetArn: arnOf("each.key"),
          inlinePolicy: it.value,
        });
    }

    const boundaries = Object.fromEntries(
      sets.flatMap((s) => {
        const b = s.permissionsBoundary;
        if (!b) return [];
        const value =
          "managedPolicyArn" in b
            ? { managed_policy_arn: b.managedPolicyArn, customer_managed_policy: [] }
            : { managed_policy_arn: null, customer_managed_policy: [{ name: b.customerManagedPolicy.name, path: b.customerManagedPolicy.path ?? "/" }] };
        return [[s.name, value]];
      }),
    );
    if (Object.keys(boundaries).length > 0) {
      const it = TerraformIterator.fromMap(boundaries);
      const boundary = new SsoadminPermissionsBoundaryAttachment(this, "permissions-boundary", {
        forEach: it,
        instanceArn,
        permissionSetArn: arnOf("each.key"),
        permissionsBoundary: { managedPolicyArn: it.getString("managed_policy_arn") },
      });
      // Either kind per set from one map: the customer-managed reference is a dynamic block (zero or one).
      boundary.addOverride("permissions_boundary.dynamic", {
        customer_managed_policy_reference: {
          for_each: "${each.value.customer_managed_policy}",
          content: { name: "${customer_managed_policy_reference.value.name}", path: "${customer_managed_policy_reference.value.path}" },
        },
      });
    }
  }
}
