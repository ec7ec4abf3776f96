/**
 * The federation files every stack-wide check synthesizes (the sensitive-output check, the version pins, the provider
 * schema lists that `npm run provider-schemas` regenerates): the two full files, and variants that switch on what
 * they do not synthesize (assignment shards, an existing secret, provisioning off, a retired certificate), and every
 * example under config/examples/ (other identity providers, common setups).
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parseDocument } from "yaml";
import { parseFederation } from "../src/model/load";
import type { FederationModel } from "../src/model/model";
import { CONTOSO_CONFIG, DEFAULT_CONFIG, modelOf, NOW, ROOT } from "./helpers";

const EXAMPLES = join(ROOT, "config", "examples");

function variant(file: string, change: (doc: ReturnType<typeof parseDocument>) => void): FederationModel {
  const doc = parseDocument(readFileSync(file, "utf8"));
  change(doc);
  return modelOf(parseFederation(doc.toString(), file, { now: NOW }));
}

export function checkedConfigurations(): Array<[string, FederationModel]> {
  return [
    ["the default file", modelOf(DEFAULT_CONFIG)],
    ["contoso", modelOf(CONTOSO_CONFIG)],
    ["contoso in three assignment stacks", variant(CONTOSO_CONFIG, (d) => d.setIn(["identityCenter", "assignmentShards"], 3))],
    ["the default file with an existing secret", variant(DEFAULT_CONFIG, (d) => d.setIn(["identityCenter", "scimSecret"], { name: "shared/scim", existing: true }))],
    ["the default file with provisioning off", variant(DEFAULT_CONFIG, (d) => d.setIn(["entra", "provisioning", "enabled"], false))],
    [
      "the default file retiring a certificate",
      variant(DEFAULT_CONFIG, (d) => {
        d.deleteIn(["entra", "application", "signingCertificate"]);
        d.setIn(["entra", "application", "signingCertificates"], { default: { retired: true }, next: { active: true } });
      }),
    ],
    ...readdirSync(EXAMPLES)
      .filter((f) => f.endsWith(".yaml"))
      .sort()
      .map((f): [string, FederationModel] => [`config/examples/${f}`, modelOf(join(EXAMPLES, f))]),
  ];
}
