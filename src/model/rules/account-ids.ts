/** Every account in the inventory has its own id, and no name is a 12-digit id (a reference to it would mean that id). */
import { messages } from "../messages";
import { isAccountId } from "../patterns";
import { finding, type Finding, type Rule } from "./rule";

export const accountIds: Rule = {
  name: "account-ids",
  check: ({ model }) => {
    const out: Finding[] = [];
    const byId = new Map<string, string>();
    for (const [name, account] of Object.entries(model.spec.accounts)) {
      if (isAccountId(name) && name !== account.id) out.push(finding(["accounts", name], messages.accountNameIsId(name, account.id), true));
      const other = byId.get(account.id);
      if (other !== undefined) out.push(finding(["accounts", name, "id"], messages.duplicateAccountId(account.id, other)));
      else byId.set(account.id, name);
    }
    return out;
  },
};
