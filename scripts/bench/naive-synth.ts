/**
 * The straightforward CDKTF program the benchmark compares against: the same federation file, the same grants
 * (from the model's expansion), but one construct per permission set, per policy attachment and per account
 * assignment, in one stack, run as a user runs a TypeScript cdktf app (`npx tsx`); the benchmark times the whole
 * process. Usage: npx tsx scripts/bench/naive-synth.ts <federation.yaml> <outdir>
 */
import { App, TerraformStack } from "cdktf";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { SsoadminAccountAssignment } from "@cdktf/provider-aws/lib/ssoadmin-account-assignment";
import { SsoadminManagedPolicyAttachment } from "@cdktf/provider-aws/lib/ssoadmin-managed-policy-attachment";
import { SsoadminPermissionSet } from "@cdktf/provider-aws/lib/ssoadmin-permission-set";
import { DataAwsIdentitystoreGroup } from "@cdktf/provider-aws/lib/data-aws-identitystore-group";
import { expand } from "../../src/model/expand";
import { loadFederationFile } from "../../src/model/load";

const [file, outdir] = process.argv.slice(2);
const model = loadFederationFile(file).model;
if (!model) throw new Error("invalid benchmark file");
const app = new App({ outdir });
const stack = new TerraformStack(app, "naive");
const ic = model.spec.identityCenter;
new AwsProvider(stack, "aws", { region: ic.region });
const instanceArn = ic.instanceArn as string;
const sets = new Map<string, SsoadminPermissionSet>();
for (const [name, ps] of Object.entries(model.spec.permissionSets)) {
  const set = new SsoadminPermissionSet(stack, `ps-${name}`, { name, instanceArn, description: ps.description, sessionDuration: ps.sessionDuration });
  sets.set(name, set);
  for (const arn of ps.managedPolicies) {
    new SsoadminManagedPolicyAttachment(stack, `mp-${name}-${arn}`, { instanceArn, permissionSetArn: set.arn, managedPolicyArn: arn });
  }
}
const groups = new Map<string, DataAwsIdentitystoreGroup>();
for (const name of Object.keys(model.spec.groups)) {
  groups.set(
    name,
    new DataAwsIdentitystoreGroup(stack, `group-${name}`, {
      identityStoreId: ic.identityStoreId as string,
      alternateIdentifier: { uniqueAttribute: { attributePath: "DisplayName", attributeValue: name } },
    }),
  );
}
for (const grant of expand(model).grants) {
  new SsoadminAccountAssignment(stack, grant.key, {
    instanceArn,
    permissionSetArn: (sets.get(grant.permissionSet) as SsoadminPermissionSet).arn,
    principalType: "GROUP",
    principalId: (groups.get(grant.principal.name) as DataAwsIdentitystoreGroup).groupId,
    targetType: "AWS_ACCOUNT",
    targetId: grant.accountId,
  });
}
app.synth();
