/** Every account in the inventory has its own id. */
import { messages } from "../messages";
import { finding, type Finding, type Rule } from "./rule";

export const accountIds: Rule = {
  name: "account-ids",
  check: ({ model }) => {
    const out: Finding[] = [];
    const byId = new Map<string, string>();
    for (const [name, account] of Object.entries(model.spec.accounts)) {
      const other = byId.get(account.id);
      if (other !== undefined) out.push(finding(["accounts", name, "id"], messages.duplicateAccountId(account.id, other)));
      else byId.set(account.id, name);
    }
    return out;
  },
};
