/**
 * The operator's hand-off sheet for switching IAM Identity Center's identity source to Entra ID, which has no API:
 * every value the console asks for, where it comes from, and the order of the clicks. Pure text rendering (no cdktf
 * import); values not known before `entra-sso` is deployed come with the command that prints them.
 *
 * Every command in the sheet is written with src/shell.ts and runs as written in bash and zsh from the project folder
 * (test/runbook-cdktf.test.ts runs them with the real cdktf CLI and Terraform). Values from the file are inline code
 * made with `code()` (src/review/markdown.ts: no backtick in them can close the span).
 */
import { code } from "../review/markdown";
import { shellCommand, shellWord } from "../shell";

export interface HandoffValues {
  /** The federation file the sheet was generated from (as shown to the user). */
  readonly federationFile: string;
  readonly region: string;
  readonly tenantId: string;
  /** Identity store id from the file. @default - looked up at plan time */
  readonly identityStoreId?: string;
  /** Service-provider values from `identityCenter.serviceProvider`. */
  readonly acsUrl: string;
  readonly issuerUrl: string;
  readonly accessPortalUrl: string;
  /** IdP values; undefined when known only after deploying `entra-sso`. */
  readonly idpEntityId?: string;
  readonly idpSignInUrl?: string;
  readonly idpMetadataUrl?: string;
  /** Signing-certificate end date from the file. @default - the provider default (3 years from creation) */
  readonly certificateEndDate?: string;
  /** Name of the stack holding the Entra outputs. */
  readonly entraStack: string;
  /** Name of the stack holding the Identity Center outputs. */
  readonly identityCenterStack: string;
}

export const HANDOFF_FILE = "identity-center-handoff.md";

/** The stack that holds the SCIM secret and Entra's provisioning (stacks/scim-provisioning.ts). */
const SCIM_STACK = "scim-provisioning";

/**
 * `npx cdktf deploy …` for a runbook step. cdktf refuses a stack whose dependencies are not in the same command
 * ("The following dependencies are not included in the stacks to run"), so a step either names them (cdktf then
 * orders the stacks) or, for a single stack whose dependencies an earlier step deployed,
 * `--ignore-missing-stack-dependencies`. Never that flag with several dependent stacks: cdktf then starts them all
 * at once (@cdktf/cli-core 0.21.0 `cdktf-project.js` deploy: `next` is the first pending stack).
 */
export function cdktfDeploy(stacks: readonly string[], options: { readonly dependenciesDeployed?: boolean } = {}): string {
  if (options.dependenciesDeployed && stacks.length !== 1) throw new Error("internal: --ignore-missing-stack-dependencies is for one stack at a time");
  return shellCommand("npx", "cdktf", "deploy", ...stacks, ...(options.dependenciesDeployed ? ["--ignore-missing-stack-dependencies"] : []));
}

/** `npx cdktf output <stack>`. */
export function cdktfOutput(stack: string): string {
  return shellCommand("npx", "cdktf", "output", stack);
}

export function renderHandoff(v: HandoffValues): string {
  // `-chdir=` is our fixed text; the folder after it is one shell word.
  const out = (name: string) => `terraform -chdir=${shellWord(`cdktf.out/stacks/${v.entraStack}`)} ${shellCommand("output", "-raw", name)}`;
  const assignments = `${v.identityCenterStack}-assignments-*`;
  const known = (value: string | undefined, output: string) => (value !== undefined ? code(value).source : `after deploy: \`${out(output)}\``);
  return [
    "# Hand-off: Entra ID as the identity source of IAM Identity Center",
    "",
    `Generated from ${code(v.federationFile)} on every synthesis: do not edit, re-run \`npm start\` (or \`cdktf synth\`).`,
    "IAM Identity Center has no API for its identity source, so an administrator enters these values once in the",
    "console, and again after every change of the Entra signing certificate.",
    "",
    `- IAM Identity Center region: ${code(v.region)}${v.identityStoreId ? `, identity store ${code(v.identityStoreId)}` : ""}`,
    `- Entra tenant: ${code(v.tenantId)}`,
    `- Console: https://${v.region}.console.aws.amazon.com/singlesignon/home?region=${v.region}`,
    "",
    "## 1. Before you start",
    "",
    `- \`${v.entraStack}\` is deployed (\`${cdktfDeploy([v.entraStack])}\`): the enterprise application and its active`,
    "  signing certificate exist.",
    "- Fetch what Terraform knows only after that deploy, from the project folder in bash or zsh (the certificate output is marked sensitive because the provider",
    "  marks the certificate's value so, although the certificate is public: `cdktf output` shows `<sensitive>`,",
    "  `terraform output -raw` prints it):",
    "",
    "```sh",
    `${cdktfOutput(v.entraStack)}                     # every value below`,
    `curl -fsS "$(${out("idp_metadata_url")})" -o entra-idp-metadata.xml`,
    `${out("signing_certificate_pem")} > entra-signing-certificate.pem`,
    "```",
    "",
    "## 2. Check the service-provider values",
    "",
    "IAM Identity Center → Settings → Identity source → Actions → Change identity source → External identity provider.",
    "The page shows the service provider metadata. Entra's SAML application was configured with the values below",
    "(`identityCenter.serviceProvider`); each must equal what the console shows:",
    "",
    "| Service provider value | In the federation file |",
    "|---|---|",
    `| Assertion Consumer Service (ACS) URL | ${code(v.acsUrl)} |`,
    `| Issuer URL | ${code(v.issuerUrl)} |`,
    `| AWS access portal sign-in URL | ${code(v.accessPortalUrl)} |`,
    "",
    `If one differs, stop: correct the file, \`${cdktfDeploy([v.entraStack])}\`, and start again.`,
    "",
    "## 3. Enter the identity-provider values",
    "",
    "Upload `entra-idp-metadata.xml` as the IdP SAML metadata, or enter the values by hand:",
    "",
    "| Identity provider value | Value | Output of `" + v.entraStack + "` |",
    "|---|---|---|",
    `| IdP sign-in URL | ${known(v.idpSignInUrl, "idp_sign_in_url")} | \`idp_sign_in_url\` |`,
    `| IdP issuer URL | ${known(v.idpEntityId, "idp_entity_id")} | \`idp_entity_id\` |`,
    `| IdP certificate | \`entra-signing-certificate.pem\` | \`signing_certificate_pem\` |`,
    `| IdP metadata URL | ${known(v.idpMetadataUrl, "idp_metadata_url")} | \`idp_metadata_url\` |`,
    "",
    `Certificate: ${v.certificateEndDate ? `expires ${v.certificateEndDate}` : "the provider default (3 years from creation)"}; compare its thumbprint with the`,
    `output \`signing_certificate_thumbprint\` (the certificate Entra actually signs with).`,
    "",
    "## 4. Confirm",
    "",
    "Read AWS's notes on what changing the identity source does to existing users, groups and sessions, then accept",
    "and change the identity source. Test one sign-in from the access portal URL above.",
    "",
    "## 5. Afterwards",
    "",
    "- Enable automatic provisioning and store the SCIM endpoint and token (README, deploy runbook), then",
    `  \`${cdktfDeploy([SCIM_STACK], { dependenciesDeployed: true })}\` and`,
    `  \`${cdktfDeploy([v.entraStack, v.identityCenterStack, assignments])}\` (cdktf deploys them in this order).`,
    `- \`${cdktfOutput(v.identityCenterStack)}\`: \`pending_principals\` lists groups and users SCIM has not provisioned yet;`,
    `  their grants follow on the next \`${cdktfDeploy([v.entraStack, v.identityCenterStack, assignments])}\` after a provisioning cycle.`,
    "- Signing-certificate rollover: when `signing_certificate_thumbprint` changes, repeat step 3 with the new certificate",
    "  before the old one expires, or sign-in fails.",
    "",
  ].join("\n");
}
