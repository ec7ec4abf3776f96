/**
 * A change of `identityProvider` between base and head: IAM Identity Center's identity source must be switched (a
 * console step that removes or re-creates the users and groups of the old source) and every principal is resolved
 * again, by what the new IdP provisions and how it is matched (src/idp/providers.ts). The diff shows it as an
 * identity-source change with those consequences, never as silence: one change (area `sso`, subject
 * `identityProvider`) with a note naming every principal, and one warning.
 */
import { identityProviderOf, matchingText } from "../idp/providers";
import { principalKey } from "../model/expand";
import { messages } from "../model/messages";
import type { FederationModel } from "../model/model";
import { expansionOf } from "../model/shard-count";
import type { Change, DiffWarning } from "./diff-types";

/** Principals named in the note before `+N more`. */
const LISTED = 20;

export function identitySourceChange(base: FederationModel, head: FederationModel): { changes: Change[]; warnings: DiffWarning[] } {
  const before = identityProviderOf(base.spec);
  const after = identityProviderOf(head.spec);
  if (before.kind === after.kind) return { changes: [], warnings: [] };
  const principals = [...new Set([...expansionOf(base).principals, ...expansionOf(head).principals].map(principalKey))].sort();
  const listed = principals.length <= LISTED ? principals.join(", ") : `${principals.slice(0, LISTED).join(", ")}, +${principals.length - LISTED} more`;
  const groupsLost = before.provisionsGroups && !after.provisionsGroups ? ` ${after.title} provisions users only: every group grant stays pending until its group exists in IAM Identity Center by other means.` : "";
  const m = messages.identitySourceChanged(before.title, after.title, principals.length);
  return {
    changes: [
      {
        area: "sso",
        subject: "identityProvider",
        field: "provider",
        before: before.kind,
        after: after.kind,
        note:
          `Identity source ${before.title} → ${after.title}: switch it in IAM Identity Center (Settings → Identity source; cdktf.out/identity-center-handoff.md) and provision from the new IdP before deploying the assignment stacks. ` +
          `Every principal is resolved again (${listed}); after the change they are matched ${matchingText(after)}.` +
          groupsLost,
      },
    ],
    warnings: [{ id: m.id, message: m.message, subject: "identityProvider" }],
  };
}
