// Regenerates the README's screenshots: runs the sandbox's browser test (Chromium required; Debian's
// fonts-noto-color-emoji draws the emoji), which writes them into test-artifacts/, and copies two into docs/images/.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
execFileSync(join(root, 'node_modules', '.bin', 'vitest'), ['run', 'test/sandbox/browser.test.ts'], { cwd: root, stdio: 'inherit', env: { ...process.env, SANDBOX_BROWSER_REQUIRED: '1' } });
mkdirSync(join(root, 'docs', 'images'), { recursive: true });
for (const [from, to] of [['sandbox.png', 'sandbox-channel.png'], ['sandbox-modal.png', 'sandbox-modal.png']]) {
  const target = join(root, 'docs', 'images', to);
  copyFileSync(join(root, 'test-artifacts', from), target);
  console.log(`docs/images/${to}: ${Math.round(statSync(target).size / 1024)} KB`);
}
