/**
 * `identityCenter.managementAccount` names an account: a 12-digit id or a name under `accounts:`. The lockout guard of
 * `federation diff` / `validate --base` protects privileged access to it.
 */
import { messages } from "../messages";
import { resolveAccountRef } from "../model";
import { nearest } from "../suggest";
import { finding, type Rule } from "./rule";

export const managementAccount: Rule = {
  name: "management-account",
  check: ({ model }) => {
    const ref = model.spec.identityCenter.managementAccount;
    if (ref === undefined || resolveAccountRef(model.spec, ref) !== undefined) return [];
    const names = Object.keys(model.spec.accounts);
    return [finding(["identityCenter", "managementAccount"], messages.unknownAccount(ref, names, nearest(ref, names)))];
  },
};
