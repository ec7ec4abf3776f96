/** The IAM Identity Center service-provider values have the documented shapes and belong to `identityCenter.region`. */
import { messages } from "../messages";
import { finding, type Finding, type Rule } from "./rule";

const ACS = /^https:\/\/([a-z0-9-]+)\.signin\.aws(?:\.amazon\.com)?\/platform\/saml\/acs\/[0-9a-fA-F-]{36}$/;
const ISSUER = /^https:\/\/([a-z0-9-]+)\.signin\.aws(?:\.amazon\.com)?\/platform\/saml\/(d-[0-9a-f]{10}|[0-9a-f-]{36})$/;
const PORTAL = /^https:\/\/(?:(d-[0-9a-f]{10}|[a-z0-9][a-z0-9-]{0,62})\.awsapps\.com\/start|ssoins-[0-9a-f]{16}\.portal\.[a-z0-9-]+\.app\.aws)\/?(?:#.*)?$/;

export const serviceProviderUrls: Rule = {
  name: "service-provider-urls",
  check: ({ model }) => {
    const ic = model.spec.identityCenter;
    const sp = ic.serviceProvider;
    const base = ["identityCenter", "serviceProvider"];
    const out: Finding[] = [];
    const regional = (key: "acsUrl" | "issuerUrl", re: RegExp, shape: string) => {
      const m = re.exec(sp[key]);
      if (!m) out.push(finding([...base, key], messages.urlShape(sp[key], shape)));
      else if (m[1] !== ic.region) out.push(finding([...base, key], messages.urlRegionMismatch(sp[key], m[1], ic.region)));
      return m;
    };
    regional("acsUrl", ACS, "https://<region>.signin.aws.amazon.com/platform/saml/acs/<tenant-id>");
    const issuer = regional("issuerUrl", ISSUER, "https://<region>.signin.aws.amazon.com/platform/saml/d-xxxxxxxxxx");
    if (!PORTAL.test(sp.accessPortalUrl)) {
      out.push(finding([...base, "accessPortalUrl"], messages.urlShape(sp.accessPortalUrl, "https://d-xxxxxxxxxx.awsapps.com/start")));
    }
    if (issuer && ic.identityStoreId && issuer[2].startsWith("d-") && issuer[2] !== ic.identityStoreId) {
      out.push(finding(["identityCenter", "identityStoreId"], messages.identityStoreMismatch(sp.issuerUrl, ic.identityStoreId)));
    }
    return out;
  },
};
