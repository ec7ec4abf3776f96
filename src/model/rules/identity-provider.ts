/**
 * Settings belong to one identity provider (src/idp/providers.ts): the section named by `identityProvider` is
 * required, every other provider's section is refused, Entra-only group settings (PIM for groups, existing groups by
 * object id, app roles, owners) are refused under another IdP, and so are Entra object ids as principals. Under an IdP
 * whose SCIM provisions users only (Google Workspace), every group an assignment uses gets a warning: its grants wait
 * for a group created by other means.
 */
import { ENTRA_ONLY_GROUP_SETTINGS, IDENTITY_PROVIDERS, identityProviderOf } from "../../idp/providers";
import type { PathSegment } from "../diagnostics";
import { messages } from "../messages";
import { GUID } from "../patterns";
import { DEFAULT_APP_ROLE } from "../../entra/groups-keys";
import { finding, type Finding, type Rule } from "./rule";

export const identityProvider: Rule = {
  name: "identity-provider",
  check: ({ model }) => {
    const spec = model.spec;
    const idp = identityProviderOf(spec);
    const out: Finding[] = [];
    // At the section's own path: when the section is there but broken (pruned by partial.ts), this finding is dropped.
    if (spec[idp.section] === undefined) out.push(finding([idp.section], messages.identityProviderSectionMissing(idp.kind)));
    for (const section of IDENTITY_PROVIDERS) {
      if (section !== idp.section && spec[section] !== undefined) out.push(finding([section], messages.identityProviderSectionMismatch(section, idp.kind), true));
    }
    if (idp.kind === "entra") return out;

    const principal = (value: string | undefined, path: readonly PathSegment[]) => {
      if (value !== undefined && GUID.test(value)) out.push(finding(path, messages.entraObjectIdPrincipal(value, idp.kind)));
    };
    const used = new Set(spec.assignments.flatMap((a) => (a.group !== undefined ? [a.group] : [])));
    for (const [name, group] of Object.entries(spec.groups)) {
      for (const key of ENTRA_ONLY_GROUP_SETTINGS) {
        const set = key === "appRole" ? group.appRole !== DEFAULT_APP_ROLE : group[key] !== undefined;
        if (set) out.push(finding(["groups", name, key], messages.entraOnlySetting(key, idp.kind, idp.title), true));
      }
      (group.members ?? []).forEach((m, i) => principal(m, ["groups", name, "members", i]));
      if (!idp.provisionsGroups && used.has(name)) out.push(finding(["groups", name], messages.groupsNotProvisioned(name, idp.title), true));
    }
    spec.assignments.forEach((a, i) => principal(a.user, ["assignments", i, "user"]));
    return out;
  },
};
