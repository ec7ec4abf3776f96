/**
 * ABAC: the identity-store attributes IAM Identity Center passes into sessions as principal tags
 * (`aws:PrincipalTag/<key>`), one `aws_ssoadmin_instance_access_control_attributes` per instance. Removing every
 * attribute from the file destroys the resource, which turns ABAC off for the instance.
 */
import { SsoadminInstanceAccessControlAttributes } from "@cdktf/provider-aws/lib/ssoadmin-instance-access-control-attributes";
import { Construct } from "constructs";

export interface AccessControlAttributesProps {
  /** IAM Identity Center instance ARN. */
  readonly instanceArn: string;
  /** Attribute key → source in the identity store, e.g. `Department` → `${path:enterprise.department}` (at most 50). */
  readonly attributes: Readonly<Record<string, string>>;
}

export class AccessControlAttributes extends Construct {
  constructor(scope: Construct, id: string, props: AccessControlAttributesProps) {
    super(scope, id);
    const keys = Object.keys(props.attributes).sort();
    new SsoadminInstanceAccessControlAttributes(this, "attributes", {
      instanceArn: props.instanceArn,
      // Sources look like Terraform interpolations (`${path:…}`): they arrive escaped (terraformView), so Terraform
      // passes them through verbatim.
      attribute: keys.map((key) => ({ key, value: [{ source: [props.attributes[key]] }] })),
    });
  }
}
