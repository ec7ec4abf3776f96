/**
 * The IAM Identity Center instance: the ARN and identity store id from the federation file, or, for whichever is
 * omitted, the region's instance looked up at plan time (`data aws_ssoadmin_instances`; a region has at most one).
 */
import { DataAwsSsoadminInstances } from "@cdktf/provider-aws/lib/data-aws-ssoadmin-instances";
import { Construct } from "constructs";

export interface IdentityCenterInstanceProps {
  /** Instance ARN (`arn:aws:sso:::instance/ssoins-…`). @default - looked up in the provider's region */
  readonly instanceArn?: string;
  /** Identity store id (`d-…`). @default - looked up in the provider's region */
  readonly identityStoreId?: string;
}

export class IdentityCenterInstance extends Construct {
  /** The instance ARN: the literal from the file, or a reference to the lookup. */
  readonly instanceArn: string;
  /** The identity store id: the literal from the file, or a reference to the lookup. */
  readonly identityStoreId: string;

  constructor(scope: Construct, id: string, props: IdentityCenterInstanceProps = {}) {
    super(scope, id);
    if (props.instanceArn !== undefined && props.identityStoreId !== undefined) {
      this.instanceArn = props.instanceArn;
      this.identityStoreId = props.identityStoreId;
      return;
    }
    const instances = new DataAwsSsoadminInstances(this, "lookup", {
      lifecycle: {
        postcondition: [
          {
            condition: "${length(self.arns) == 1}",
            errorMessage:
              "No IAM Identity Center instance was found in this region (identityCenter.region). Enable IAM Identity Center, " +
              "or set identityCenter.instanceArn and identityCenter.identityStoreId in the federation file.",
          },
        ],
      },
    });
    this.instanceArn = props.instanceArn ?? `\${tolist(${instances.fqn}.arns)[0]}`;
    this.identityStoreId = props.identityStoreId ?? `\${tolist(${instances.fqn}.identity_store_ids)[0]}`;
  }
}
