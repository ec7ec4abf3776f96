/**
 * Every opt-in under `protection.allowDestroy` is a loud warning that names what Terraform may now destroy, so the
 * reviewer of the change sees it in `validate`, `synth` and CI output (and `federation diff` lists the new ones); an
 * opt-in that protects nothing says so.
 */
import type { PathSegment } from "../diagnostics";
import { type Message, messages } from "../messages";
import type { FederationModel } from "../model";
import { destroyProtection } from "../protection";
import { finding, type Rule } from "./rule";

export interface DestroyOptIn {
  /** Stable subject: `protection.allowDestroy.enterpriseApplication`, `….scimSecret`, `….permissionSets:<name>`. */
  readonly subject: string;
  readonly path: readonly PathSegment[];
  readonly message: Message;
}

/** The opt-ins of a file, each with its warning. */
export function destroyOptIns(model: FederationModel): DestroyOptIn[] {
  const allow = model.spec.protection?.allowDestroy;
  if (!allow) return [];
  const base = ["protection", "allowDestroy"];
  const out: DestroyOptIn[] = [];
  const add = (field: string, path: readonly PathSegment[], message: Message) => out.push({ subject: `${base.join(".")}.${field}`, path, message });
  if (allow.enterpriseApplication) add("enterpriseApplication", [...base, "enterpriseApplication"], messages.destroyAllowedApplication());
  if (allow.scimSecret) {
    const name = model.scimSecret.name;
    add(
      "scimSecret",
      [...base, "scimSecret"],
      model.scimSecret.existing
        ? messages.destroyOptInWithoutEffect(`the SCIM secret ${JSON.stringify(name)}`, "it is `existing: true`: this file never creates or destroys it")
        : messages.destroyAllowedScimSecret(name),
    );
  }
  if (allow.permissionSets.length === 0) return out;
  const { holdings } = destroyProtection(model);
  allow.permissionSets.forEach((name, i) => {
    const inFile = Object.hasOwn(model.spec.permissionSets, name);
    const held = holdings.get(name) ?? 0;
    add(
      `permissionSets:${name}`,
      [...base, "permissionSets", i],
      inFile && held === 0
        ? messages.destroyOptInWithoutEffect(`permission set ${JSON.stringify(name)}`, "it holds no grants, and a set without grants is not protected")
        : messages.destroyAllowedPermissionSet(name, held, inFile),
    );
  });
  return out;
}

export const destroyOptIn: Rule = {
  name: "destroy-opt-in",
  check: ({ model }) => destroyOptIns(model).map((o) => finding(o.path, o.message)),
};
