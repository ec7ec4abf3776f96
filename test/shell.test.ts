/**
 * The shell quoting helper, checked by the real shells: bash and zsh (when installed; CI installs it) read every
 * generated word back as exactly the text it was made from.
 */
import { spawnSync } from "node:child_process";
import fc from "fast-check";
import { hasControlCharacter, shellCommand, shellComment, shellWord } from "../src/shell";

const shells = ["bash", "zsh"].filter((s) => spawnSync(s, ["-c", "true"]).status === 0);

/** Runs `printf '%s\0' <words>` in a shell and returns the words it received. */
function echoed(shell: string, words: string): string[] {
  const r = spawnSync(shell, ["-c", `printf '%s\\0' ${words}`], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`${shell} failed: ${r.stderr}`);
  return r.stdout.split("\0").slice(0, -1);
}

/** Printable text with every character a shell treats specially, and non-ASCII. */
const shellText = fc.string({
  unit: fc.oneof(fc.constantFrom(..."'\"\\$`!*?[]{}()<>|&;~#=% \t^,@:+-./".replace("\t", "")), fc.string({ unit: "grapheme-ascii", minLength: 1, maxLength: 1 }), fc.constantFrom("é", "Ω", "😀", "\u00a0")),
  maxLength: 30,
});

describe("shellWord", () => {
  test("bash is available (the tests below need it)", () => expect(shells).toContain("bash"));

  test.each(shells)("GIVEN any printable text WHEN quoted THEN %s reads exactly that text back as one word", (shell) => {
    fc.assert(
      fc.property(fc.array(shellText, { minLength: 1, maxLength: 5 }), (texts) => {
        expect(echoed(shell, shellCommand(...texts))).toEqual(texts);
      }),
      { numRuns: 60 },
    );
  });

  test.each(shells)("GIVEN any printable text WHEN written as the value of an assignment THEN %s assigns exactly that text", (shell) => {
    fc.assert(
      fc.property(shellText, (text) => {
        const r = spawnSync(shell, ["-c", `v=${shellWord(text)}; printf '%s' "$v"`], { encoding: "utf8" });
        expect(r.stdout).toBe(text);
      }),
      { numRuns: 60 },
    );
  });

  test.each(shells)("GIVEN words with = after their first character WHEN passed unquoted THEN %s reads them back as they are", (shell) => {
    const plain = fc.string({ unit: fc.constantFrom(..."ab9_@%+,./:=-"), minLength: 1, maxLength: 12 }).filter((w) => !w.startsWith("="));
    fc.assert(
      fc.property(fc.array(plain, { minLength: 1, maxLength: 5 }), (words) => {
        for (const w of words) expect(shellWord(w)).toBe(w);
        expect(echoed(shell, shellCommand(...words))).toEqual(words);
      }),
      { numRuns: 60 },
    );
  });

  test("GIVEN a plain word THEN it stays unquoted; GIVEN anything else THEN single quotes", () => {
    expect(shellWord("identity-center-assignments-3")).toBe("identity-center-assignments-3");
    expect(shellWord("")).toBe("''");
    expect(shellWord("it's")).toBe(`'it'\\''s'`);
    expect(shellWord("=ls")).toBe("'=ls'"); // zsh would expand =word to a path
    expect(shellWord("-state=terraform.identity-center-assignments-0.tfstate")).toBe("-state=terraform.identity-center-assignments-0.tfstate");
    expect(shellWord("a==b")).toBe("a==b");
    expect(shellWord("~root")).toBe("'~root'");
    expect(shellWord("a b")).toBe("'a b'");
  });

  test("GIVEN a control character WHEN quoted THEN it refuses (names refuse them before we get here)", () => {
    for (const c of ["\n", "\r", "\u0000", "\u001b", "\u007f", "\u0085", "\u2028"]) {
      expect(hasControlCharacter(`a${c}b`)).toBe(true);
      expect(() => shellWord(`a${c}b`)).toThrow(/control character/);
    }
    expect(hasControlCharacter("tab\tless")).toBe(true);
    expect(hasControlCharacter("é Ω 😀")).toBe(false);
  });
});

describe("shellComment", () => {
  test.each(shells)("GIVEN text with a newline and a command WHEN written as a comment THEN %s runs nothing", (shell) => {
    fc.assert(
      fc.property(fc.string({ unit: fc.oneof(fc.constantFrom("\n", "\r", "\u2028", ";", "`", "$("), fc.string({ unit: "binary", minLength: 1, maxLength: 1 })) }), (text) => {
        const r = spawnSync(shell, ["-c", `# ${shellComment(text)}\necho done`], { encoding: "utf8" });
        expect(r.stdout).toBe("done\n");
      }),
      { numRuns: 40 },
    );
  });

  test("GIVEN a newline THEN it is shown as \\u{a}", () => expect(shellComment("a\nb")).toBe("a\\u{a}b"));
});
