/** At most 50 ABAC attributes per instance. */
import { messages } from "../messages";
import { finding, type Rule } from "./rule";

export const accessControlAttributes: Rule = {
  name: "access-control-attributes",
  check: ({ model }) => {
    const count = Object.keys(model.spec.identityCenter.accessControlAttributes ?? {}).length;
    return count > 50 ? [finding(["identityCenter", "accessControlAttributes"], messages.tooManyAbacAttributes(count))] : [];
  },
};
