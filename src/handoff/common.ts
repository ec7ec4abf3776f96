/**
 * Pieces every identity provider's hand-off sheet shares (src/handoff/<idp>.ts): the values from the federation file,
 * the service-provider table, storing the SCIM endpoint and token in the Secrets Manager secret and reading them back
 * to paste into the IdP, and what follows on the AWS side. Pure text rendering from the model (no cdktf import).
 *
 * Every value from the file reaches Markdown through `cell` / `code` (src/review/markdown.ts) and every shell line
 * through `shellWord` / `shellCommand` (src/shell.ts), so the sheet shows the value exactly and a command copied from
 * it runs in bash and zsh (`read` without bash-only flags; `stty -echo` hides the token).
 */
import { principalKey } from "../model/expand";
import type { FederationModel } from "../model/model";
import { expansionOf } from "../model/shard-count";
import { identityProviderOf, type IdentityProviderProfile, matchingText } from "../idp/providers";
import { cell, code, table } from "../review/markdown";
import { shellCommand } from "../shell";

const IDENTITY_CENTER_STACK_NAME = "identity-center";
const SCIM_STACK_NAME = "scim-provisioning";

/** A group of the file as the IdP side sees it. */
export interface SheetGroup {
  readonly name: string;
  readonly description?: string;
  readonly members: readonly string[];
  /** Some assignment gives it a permission set. */
  readonly assigned: boolean;
}

export interface SheetValues {
  readonly file: string;
  readonly idp: IdentityProviderProfile;
  readonly region: string;
  readonly identityStoreId?: string;
  readonly acsUrl: string;
  readonly issuerUrl: string;
  readonly accessPortalUrl: string;
  readonly secretName: string;
  /** Every group of the file, sorted by name. */
  readonly groups: readonly SheetGroup[];
  /** Users named directly in assignments (lower-case userNames), sorted. */
  readonly users: readonly string[];
}

export function sheetValues(model: FederationModel): SheetValues {
  const spec = model.spec;
  const ic = spec.identityCenter;
  const assigned = new Set(expansionOf(model).principals.map(principalKey));
  return {
    file: model.file,
    idp: identityProviderOf(spec),
    region: ic.region,
    identityStoreId: ic.identityStoreId,
    acsUrl: ic.serviceProvider.acsUrl,
    issuerUrl: ic.serviceProvider.issuerUrl,
    accessPortalUrl: ic.serviceProvider.accessPortalUrl,
    secretName: model.scimSecret.name,
    groups: Object.keys(spec.groups)
      .sort()
      .map((name) => ({
        name,
        description: spec.groups[name].description,
        members: spec.groups[name].members ?? [],
        assigned: assigned.has(principalKey({ kind: "group", name })),
      })),
    users: expansionOf(model)
      .principals.filter((p) => p.kind === "user")
      .map((p) => p.name),
  };
}

/** Title, provenance and the context lines every sheet starts with. */
export function header(v: SheetValues, what: string): string[] {
  return [
    `# Hand-off: ${what}`,
    "",
    `Generated from ${code(v.file)} on every synthesis: do not edit, re-run \`npm start\` (or \`cdktf synth\`).`,
    "IAM Identity Center has no API for its identity source, automatic provisioning or SCIM tokens, so an administrator",
    "does these steps once, in this order. Every value below is this file's own.",
    "",
    `- Identity provider: ${cell(v.idp.title)} (\`identityProvider: ${v.idp.kind}\`)`,
    `- IAM Identity Center region: ${code(v.region)}${v.identityStoreId ? `, identity store ${code(v.identityStoreId)}` : ""}`,
    `- IAM Identity Center console: https://${v.region}.console.aws.amazon.com/singlesignon/home?region=${v.region}`,
    `- SCIM secret (Secrets Manager, ${code(v.region)}): ${code(v.secretName)}`,
    "",
  ];
}

/** The service-provider values from `identityCenter.serviceProvider`, as the IdP asks for them. */
export function serviceProviderTable(v: SheetValues, labels: { acs: string; entityId: string; startUrl: string }): string[] {
  return table(
    ["The IdP asks for", "Value (identityCenter.serviceProvider)"],
    [
      [cell(labels.acs), code(v.acsUrl)],
      [cell(labels.entityId), code(v.issuerUrl)],
      [cell(labels.startUrl), code(v.accessPortalUrl)],
    ],
  );
}

/** The steps that switch IAM Identity Center to the IdP (upload its metadata). */
function switchIdentitySource(metadataFile: string): string[] {
  return [
    "IAM Identity Center → Settings → Identity source → Actions → Change identity source → External identity provider.",
    `Under *Identity provider metadata* upload ${code(metadataFile)}. Compare the service provider values the page shows`,
    "with the table above: if one differs, stop, correct `identityCenter.serviceProvider` in the file and start again.",
    "Read AWS's notes on what changing the identity source does to existing users, groups and sessions, then accept and",
    "change the identity source.",
  ];
}

/** Steps `n` and `n + 1` of every sheet: switch IAM Identity Center to the IdP, then put endpoint and token into the secret. */
export function switchAndStoreSteps(v: SheetValues, n: number, idpName: string, metadataFile: string): string[] {
  return [
    `## ${n}. Switch IAM Identity Center to ${cell(idpName)}`,
    "",
    ...switchIdentitySource(metadataFile),
    "",
    `## ${n + 1}. Automatic provisioning: the SCIM endpoint and token into the secret`,
    "",
    ...storeScimToken(v),
    "",
  ];
}

/** The last step of every sheet. */
export function afterwardsStep(v: SheetValues, n: number): string[] {
  return [`## ${n}. Afterwards`, "", ...afterwards(v), ""];
}

/** Enable automatic provisioning, then store endpoint and token in the secret (bash and zsh). */
function storeScimToken(v: SheetValues): string[] {
  const put = shellCommand("aws", "secretsmanager", "put-secret-value", "--region", v.region, "--secret-id", v.secretName, "--secret-string", "file:///dev/stdin");
  return [
    `1. Create the secret container if it does not exist yet: \`npx cdktf deploy ${SCIM_STACK_NAME}\` (it creates ${code(v.secretName)} empty).`,
    "2. IAM Identity Center → Settings → Identity source → Automatic provisioning → Enable. Copy the **SCIM endpoint** and",
    "   the **access token** (shown only this once) and note the token's expiry date (Manage access tokens).",
    "3. Store both in the secret at once; the token is typed at a hidden prompt and never lands in shell history (bash or zsh):",
    "",
    "```sh",
    "printf 'SCIM endpoint: '; read -r EP",
    "printf 'Access token: '; stty -echo; read -r TK; stty echo; echo",
    "printf 'Token expires (YYYY-MM-DD): '; read -r EX",
    `printf '{"endpoint":"%s","token":"%s","expiresAt":"%s"}' "$EP" "$TK" "$EX" | ${put}`,
    "unset EP TK EX",
    "```",
  ];
}

/** The command that prints one field of the secret's value (`endpoint` or `token`); needs the AWS CLI and jq. */
export function readSecretField(v: SheetValues, field: "endpoint" | "token"): string {
  return `${shellCommand("aws", "secretsmanager", "get-secret-value", "--region", v.region, "--secret-id", v.secretName, "--query", "SecretString", "--output", "text")} | ${shellCommand("jq", "-r", `.${field}`)}`;
}

/** Both read-back commands in a block, with the warning that the token is on the screen. */
export function readScimValues(v: SheetValues): string[] {
  return [
    "The secret is the source of both values (so a rotated token is read from the same place). With the AWS CLI and jq:",
    "",
    "```sh",
    `${readSecretField(v, "endpoint")}   # SCIM endpoint`,
    `${readSecretField(v, "token")}      # access token: clear the terminal afterwards`,
    "```",
  ];
}

/** Groups (and their listed members) the IdP must provision, as a table. */
export function groupsTable(v: SheetValues, membersHeader = "Members (from the file)"): string[] {
  if (v.groups.length === 0) return ["The file defines no groups."];
  return table(
    ["Group (exact name: the SCIM join key)", membersHeader, "Used by an assignment"],
    v.groups.map((g) => [code(g.name), g.members.length ? g.members.map(code).join(", ") : "—", g.assigned ? "yes" : "no"]),
    { maxRows: Number.MAX_SAFE_INTEGER },
  );
}

/** Users assigned directly (they must be provisioned too). */
export function usersLine(v: SheetValues): string[] {
  return v.users.length ? [`Users assigned directly (provision them too): ${v.users.map(code).join(", ")}.`] : [];
}

/** What happens on the AWS side once provisioning runs; how principals are matched. */
function afterwards(v: SheetValues): string[] {
  const groupsNote = v.idp.provisionsGroups
    ? []
    : [
        `- **${cell(v.idp.title)} provisions users only.** No group of this file reaches IAM Identity Center from the IdP: every`,
        "  group grant stays pending until a group of exactly that name exists in the identity store (created in IAM",
        "  Identity Center by hand or by a sync tool); its members there, not the IdP's, get the access.",
      ];
  return [
    `- Deploy the AWS side: \`npx cdktf deploy ${IDENTITY_CENTER_STACK_NAME} '${IDENTITY_CENTER_STACK_NAME}-assignments-*'\`.`,
    `- \`npx cdktf output ${IDENTITY_CENTER_STACK_NAME}\`: \`pending_principals\` lists groups and users not provisioned yet; deploy the`,
    `  assignment stacks again after a provisioning cycle. Principals are matched ${cell(matchingText(v.idp))}.`,
    ...groupsNote,
    `- Token rotation (about yearly): generate a new token in IAM Identity Center, store it with the command of the`,
    "  provisioning step, enter it in the IdP again (read it from the secret), then delete the old token.",
    "- Test one sign-in from the access portal URL above.",
  ];
}
