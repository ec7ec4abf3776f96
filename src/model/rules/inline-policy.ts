/**
 * An inline policy file exists and is JSON; every inline policy looks like an IAM policy document and fits the
 * limits (32,768 bytes, 10,240 non-whitespace characters).
 */
import type { PathSegment } from "../diagnostics";
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
      if (policy.error) {
        out.push(finding(path, messages.inlinePolicyFileRefused(policy.file ?? "", policy.error.kind, policy.error.reason)));
        continue;
      }
      const shape = shapeProblem(policy.document);
      if (shape) {
        // Written in the federation file: point at the element itself; in a policy file, at the file's line.
        out.push(finding(policy.source === "inline" ? [...path, ...shape.at] : path, messages.inlinePolicyShape(shape.detail)));
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

/** What is wrong with a policy document, and where in it. */
function shapeProblem(doc: unknown): { detail: string; at: PathSegment[] } | undefined {
  if (!doc || typeof doc !== "object" || Array.isArray(doc)) return { detail: "it must be a JSON object", at: [] };
  const d = doc as Record<string, unknown>;
  if (d.Version !== undefined && d.Version !== "2012-10-17" && d.Version !== "2008-10-17") return { detail: `Version must be "2012-10-17"`, at: ["Version"] };
  const list = Array.isArray(d.Statement);
  const statements = list ? (d.Statement as unknown[]) : d.Statement !== undefined ? [d.Statement] : [];
  if (statements.length === 0) return { detail: "it has no Statement", at: [] };
  for (const [i, s] of statements.entries()) {
    const at: PathSegment[] = list ? ["Statement", i] : ["Statement"];
    if (!s || typeof s !== "object") return { detail: `Statement[${i}] must be an object`, at };
    const st = s as Record<string, unknown>;
    if (st.Effect !== "Allow" && st.Effect !== "Deny") return { detail: `Statement[${i}].Effect must be "Allow" or "Deny"`, at: [...at, ...(st.Effect === undefined ? [] : ["Effect"])] };
    if (st.Action === undefined && st.NotAction === undefined) return { detail: `Statement[${i}] needs Action or NotAction`, at };
  }
  return undefined;
}
