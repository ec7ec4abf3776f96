/** The hand-off sheet of a file whose identity provider is not Entra (Entra's is src/identity-center/handoff-document.ts). */
import type { FederationModel } from "../model/model";
import { sheetValues } from "./common";
import { renderEntrustHandoff } from "./entrust";
import { renderGoogleHandoff } from "./google";
import { renderOktaHandoff } from "./okta";
import { renderSamlHandoff } from "./saml";

export function renderIdpHandoff(model: FederationModel): string {
  const spec = model.spec;
  const v = sheetValues(model);
  const missing = (section: string): never => {
    throw new Error(`internal: identityProvider ${spec.identityProvider} without its ${section}: section (validation requires it)`);
  };
  switch (spec.identityProvider) {
    case "okta":
      return renderOktaHandoff(v, spec.okta ?? missing("okta"));
    case "entrust":
      return renderEntrustHandoff(v, spec.entrust ?? missing("entrust"));
    case "google":
      return renderGoogleHandoff(v, spec.google ?? missing("google"));
    case "saml":
      return renderSamlHandoff(v, spec.saml ?? missing("saml"));
    case "entra":
      throw new Error("internal: Entra's hand-off sheet is rendered by src/identity-center/handoff-document.ts");
  }
}
