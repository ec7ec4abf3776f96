/**
 * An inline policy file exists and is JSON; every inline policy looks like an IAM policy document and fits the
 * limits (32,768 bytes, 10,240 non-whitespace characters).
 */
import { messages } from "../messages";
import { finding, type Finding, type Rule } from "./rule";

export const inlinePolicy: Rule = {
  name: "inline-policy",
  check: ({ model }) => {
    const out: Finding[] = [];
    for (const [name, policy] of Object.entries(model.inlinePolicies)) {
      const path = ["permissionSets", name, "inlinePolicy"];
      if (policy.error?.kind === "missing") {
        out.push(finding(path, messages.inlinePolicyFileMissing(policy.file ?? "")));
        continue;
      }
      if (policy.error?.kind === "json") {
        out.push(finding(path, messages.inlinePolicyNotJson(policy.file ?? "", policy.error.reason)));
        continue;
      }
      const shape = shapeProblem(policy.document);
      if (shape) {
        out.push(finding(path, messages.inlinePolicyShape(shape)));
        continue;
      }
      const text = policy.canonical ?? "";
      const bytes = Buffer.byteLength(text, "utf8");
      const nonWhitespace = text.replace(/\s/g, "").length;
      if (bytes > 32768 || nonWhitespace > 10240) out.push(finding(path, messages.inlinePolicyTooLarge(bytes, nonWhitespace)));
    }
    return out;
  },
};

function shapeProblem(doc: unknown): string | undefined {
  if (!doc || typeof doc !== "object" || Array.isArray(doc)) return "it must be a JSON object";
  const d = doc as Record<string, unknown>;
  if (d.Version !== undefined && d.Version !== "2012-10-17" && d.Version !== "2008-10-17") return `Version must be "2012-10-17"`;
  const statements = Array.isArray(d.Statement) ? d.Statement : d.Statement !== undefined ? [d.Statement] : [];
  if (statements.length === 0) return "it has no Statement";
  for (const [i, s] of statements.entries()) {
    if (!s || typeof s !== "object") return `Statement[${i}] must be an object`;
    const st = s as Record<string, unknown>;
    if (st.Effect !== "Allow" && st.Effect !== "Deny") return `Statement[${i}].Effect must be "Allow" or "Deny"`;
    if (st.Action === undefined && st.NotAction === undefined) return `Statement[${i}] needs Action or NotAction`;
  }
  return undefined;
}
