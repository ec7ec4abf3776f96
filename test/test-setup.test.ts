/** `npm test` without a usable Terraform, bash or zsh stops up front with one message and no stack trace (test/global-setup.ts). */
import { spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { ROOT } from "./helpers";

function globalSetup(env: NodeJS.ProcessEnv) {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== "TERRAFORM_BIN" && k !== "PATH"));
  return spawnSync(process.execPath, ["--import", "tsx", "-e", 'require("./test/global-setup.ts").default()'], {
    cwd: ROOT,
    encoding: "utf8",
    env: { ...clean, PATH: dirname(process.execPath), ...env },
  });
}

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "setup-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test("GIVEN no terraform on the PATH WHEN the suite starts THEN it stops with one message saying how to provide it", () => {
  const r = globalSetup({});
  expect(r.status).toBe(1);
  expect(r.stderr).toBe(
    "\nnpm test cannot start: terraform is not on the PATH; these tests run Terraform >= 1.10 (offline; providers only from a local mirror): install it on the PATH or set TERRAFORM_BIN=/path/to/terraform\n(README: Quick start)\n\n",
  );
});

test("GIVEN a Terraform older than 1.10 WHEN the suite starts THEN it stops saying which version it found and which it needs", () => {
  const old = join(dir, "terraform");
  writeFileSync(old, '#!/bin/sh\necho \'{"terraform_version":"1.9.8"}\'\n');
  chmodSync(old, 0o755);
  const r = globalSetup({ TERRAFORM_BIN: old });
  expect(r.status).toBe(1);
  expect(r.stderr).toContain(`npm test cannot start: Terraform 1.9.x at ${old} is too old: the suite needs Terraform >= 1.10`);
  expect(r.stderr).not.toMatch(/\n\s+at /);
});

test("GIVEN the suite's terraform, bash and zsh WHEN the suite starts THEN it starts", () => {
  const r = globalSetup({ TERRAFORM_BIN: process.env.TERRAFORM_BIN, PATH: process.env.PATH });
  expect([r.status, r.stderr]).toEqual([0, ""]);
});

test("GIVEN no zsh on the PATH (bash there) WHEN the suite starts THEN it stops with one message naming zsh and how to install it", () => {
  const bin = join(dir, "bash-only");
  mkdirSync(bin);
  const bash = spawnSync("bash", ["-c", "command -v bash"], { encoding: "utf8" }).stdout.trim();
  symlinkSync(bash, join(bin, "bash"));
  const r = globalSetup({ TERRAFORM_BIN: process.env.TERRAFORM_BIN, PATH: bin });
  expect(r.status).toBe(1);
  expect(r.stderr).toBe(
    "\nnpm test cannot start: zsh is not on the PATH; the shell text these tests check runs in bash and zsh: install it (Debian or Ubuntu: apt-get install zsh)\n(README: Quick start)\n\n",
  );
});
