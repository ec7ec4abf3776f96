/**
 * The escaping boundary, checked in the sources (src/terraform/view.ts): constructs and stacks never escape text
 * themselves, and stacks read the federation file only through `terraformView` (the backend, whose block Terraform
 * reads without templates, is the one exception). A construct or stack added later that forgets this fails here;
 * one whose output Terraform would misread fails test/terraform-readback.test.ts.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { ROOT } from "./helpers";

const sources = (dir: string): string[] =>
  readdirSync(join(ROOT, dir), { recursive: true, encoding: "utf8" })
    .filter((f) => f.endsWith(".ts"))
    .map((f) => join(ROOT, dir, f));

/**
 * Constructs and stacks; not shard-moves.ts, which writes no Terraform JSON: it quotes the raw grant keys into the
 * addresses of a shell script's `terraform state mv` (Terraform's address syntax, from the raw names).
 */
const CONSTRUCTS = [...sources("src/entra"), ...sources("src/identity-center"), ...sources("src/msgraph"), ...sources("src/okta"), ...sources("src/handoff"), ...sources("stacks")].filter(
  (f) => !f.endsWith("shard-moves.ts"),
);

test("GIVEN every construct and stack WHEN read THEN none escapes text itself (literal/optionalLiteral/quoted): the view did it once", () => {
  const offenders = CONSTRUCTS.flatMap((file) =>
    readFileSync(file, "utf8")
      .split("\n")
      .map((line, i) => ({ line, at: `${relative(ROOT, file)}:${i + 1}` }))
      .filter(({ line }) => /\b(literal|optionalLiteral|quoted)\s*\(/.test(line) && !/^\s*(\*|\/\/)/.test(line))
      .map(({ at, line }) => `${at}: ${line.trim()}`),
  );
  expect(offenders).toEqual([]);
});

test("GIVEN every stack WHEN read THEN it reads the file only through terraformView (raw model fields only in the backend)", () => {
  const offenders = sources("stacks")
    .filter((f) => !f.endsWith("backend.ts"))
    .flatMap((file) =>
      readFileSync(file, "utf8")
        .split("\n")
        .map((line, i) => ({ line, at: `${relative(ROOT, file)}:${i + 1}` }))
        .filter(({ line }) => /\bmodel\.(spec|scimSecret|inlinePolicies|file)\b/.test(line) && !/^\s*(\*|\/\/)/.test(line))
        .map(({ at, line }) => `${at}: ${line.trim()}`),
    );
  expect(offenders).toEqual([]);
});
