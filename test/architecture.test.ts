import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { cruise, type ICruiseOptions } from 'dependency-cruiser';
import { describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);
const config = require('../.dependency-cruiser.cjs') as { forbidden: NonNullable<ICruiseOptions['ruleSet']>['forbidden']; options: ICruiseOptions };
const root = fileURLToPath(new URL('..', import.meta.url));

/** The rule violations dependency-cruiser finds under `baseDir`/src with the project's own rules, as "rule: from → to". */
async function violations(baseDir: string): Promise<string[]> {
  const result = await cruise(['src'], { ...config.options, baseDir, ruleSet: { forbidden: config.forbidden }, validate: true });
  if (typeof result.output === 'string') throw new Error(`dependency-cruiser answered text: ${result.output}`);
  return result.output.summary.violations.map((v) => `${v.rule.name}: ${v.from} → ${v.to}`).sort();
}

describe('which way dependencies point (.dependency-cruiser.cjs)', () => {
  it('when src/ is cruised, then no module breaks a rule: slack/ → domain → db/, builders pure, no cycles', async () => {
    expect(await violations(root)).toEqual([]);
  });

  it('when a domain module imports slack/ and blocks/, then the rule names both imports', async () => {
    expect(await violations(fileURLToPath(new URL('./fixtures/architecture', import.meta.url)))).toEqual([
      'domain-speaks-no-slack: src/bugs/speaks-slack.ts → src/blocks/card.ts',
      'domain-speaks-no-slack: src/bugs/speaks-slack.ts → src/slack/client.ts',
    ]);
  });

  it('when a listener starts the Slack stand-in and the stand-in reads domain code, then both rules fire and main.ts may start it', async () => {
    expect(await violations(fileURLToPath(new URL('./fixtures/architecture-sandbox', import.meta.url)))).toEqual([
      'only-main-starts-the-sandbox: src/slack/listener.ts → src/sandbox/standin.ts',
      'sandbox-stands-in-for-slack-only: src/sandbox/standin.ts → src/bugs/file.ts',
    ]);
  });
});
