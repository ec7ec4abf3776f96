/** At most 20 managed + customer-managed policies per permission set (warn above 10: the IAM per-role default); no duplicates. */
import { messages } from "../messages";
import { finding, type Finding, type Rule } from "./rule";

export const policyCount: Rule = {
  name: "policy-count",
  check: ({ model }) => {
    const out: Finding[] = [];
    for (const [name, ps] of Object.entries(model.spec.permissionSets)) {
      const count = ps.managedPolicies.length + ps.customerManagedPolicies.length;
      if (count > 20) out.push(finding(["permissionSets", name, "managedPolicies"], messages.tooManyPolicies(count)));
      else if (count > 10) out.push(finding(["permissionSets", name, "managedPolicies"], messages.manyPolicies(count)));
      ps.managedPolicies.forEach((arn, i) => {
        if (ps.managedPolicies.indexOf(arn) !== i) out.push(finding(["permissionSets", name, "managedPolicies", i], messages.duplicatePolicy(arn)));
      });
      const seen = new Set<string>();
      ps.customerManagedPolicies.forEach((p, i) => {
        const key = `${p.path}${p.name}`;
        if (seen.has(key)) out.push(finding(["permissionSets", name, "customerManagedPolicies", i], messages.duplicatePolicy(key)));
        seen.add(key);
      });
    }
    return out;
  },
};
