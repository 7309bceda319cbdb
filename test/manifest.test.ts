import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { parse } from 'yaml';
import { botScopes } from '../src/slack/scopes.ts';
import { commands, events, shortcuts } from '../src/slack/surfaces.ts';
import { describe, it, expect } from 'vitest';

const manifestUrl = new URL('../manifest.yml', import.meta.url);

/**
 * Slack's app-manifest JSON schema is not part of this repository. It is read from
 * SLACK_MANIFEST_SCHEMA (a file path) when set, else from the workplace's copy beside the
 * repository (../shared/slack/manifest.schema.1.0.0.json) when that exists. Without it the
 * schema-validation tests skip with a one-line hint, except under CI, where a missing schema
 * fails the file.
 */
const SCHEMA_HINT =
  "Slack's app-manifest schema not found: get Slack's published schema, version 1.0.0 " +
  '(schemas/manifest.schema.1.0.0.json in https://github.com/slackapi/manifest-schema), ' +
  'and set SLACK_MANIFEST_SCHEMA to its path';

function isCi(): boolean {
  return /^(true|1)$/i.test(process.env.CI ?? '');
}

function findSchemaPath(): string | undefined {
  const fromEnv = process.env.SLACK_MANIFEST_SCHEMA;
  if (fromEnv) {
    if (!existsSync(fromEnv)) throw new Error(`SLACK_MANIFEST_SCHEMA=${fromEnv}: no such file. ${SCHEMA_HINT}.`);
    return fromEnv;
  }
  const workplace = fileURLToPath(new URL('../../shared/slack/manifest.schema.1.0.0.json', import.meta.url));
  if (existsSync(workplace)) return workplace;
  if (isCi()) throw new Error(`${SCHEMA_HINT} (CI is set, so the schema tests may not skip).`);
  return undefined;
}

interface Manifest {
  display_information?: { name?: unknown; background_color?: unknown };
  features?: { slash_commands?: Array<{ command?: unknown; url?: unknown }> };
  settings?: { interactivity?: { is_enabled?: unknown; request_url?: unknown } };
  [key: string]: unknown;
}

function loadManifest(): Manifest {
  return parse(readFileSync(manifestUrl, 'utf8')) as Manifest;
}

function compileSchema(schemaPath: string): ValidateFunction {
  const schema = JSON.parse(readFileSync(schemaPath, 'utf8')) as Record<string, unknown>;
  // Slack's schema uses non-standard keywords ("_note", "regex") and puts
  // "minItems" on string schemas, which Ajv's strict mode rejects; it also uses
  // `format: uri` and ajv-formats is not installed.
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
  // Enforce Slack's non-standard "regex" keyword (used for background_color)
  // instead of silently ignoring it.
  ajv.addKeyword({
    keyword: 'regex',
    type: 'string',
    schemaType: 'string',
    validate: (pattern: string, data: string) => new RegExp(pattern).test(data),
  });
  return ajv.compile(schema);
}

function describeErrors(errors: ErrorObject[] | null | undefined): string {
  return JSON.stringify(errors ?? [], null, 2);
}

const schemaPath = findSchemaPath();
if (schemaPath === undefined) console.warn(`test/manifest.test.ts: ${SCHEMA_HINT}; skipping the schema-validation tests.`);
/** The schema-validation tests run only with the schema (outside CI they skip without it). */
const itWithSchema = it.skipIf(schemaPath === undefined);

describe('Slack app manifest (manifest.yml)', () => {
  const compiled = schemaPath === undefined ? undefined : compileSchema(schemaPath);
  function validate(data: unknown): boolean {
    if (!compiled) throw new Error(SCHEMA_HINT);
    return compiled(data);
  }
  const validationErrors = (): ErrorObject[] | null | undefined => compiled?.errors;

  describe('when the manifest is read', () => {
    const manifest = loadManifest();

    itWithSchema("then it validates against Slack's schema", () => {
      const valid = validate(manifest);
      expect(valid, `manifest.yml failed schema validation:\n${describeErrors(validationErrors())}`).toBe(true);
    });

    it('then it declares /bug with interactivity on the /slack/events endpoint', () => {
      const commands = manifest.features?.slash_commands ?? [];
      const bug = commands.find((c) => c.command === '/bug');
      expect(bug, 'features.slash_commands should contain /bug').toBeDefined();
      expect(String(bug?.url)).toMatch(/^https:\/\/[^/]+\/slack\/events$/);

      const interactivity = manifest.settings?.interactivity;
      expect(interactivity?.is_enabled).toBe(true);
      expect(String(interactivity?.request_url)).toMatch(/^https:\/\/[^/]+\/slack\/events$/);
    });
  });

  describe('when compared with the listeners the app registers', () => {
    const manifest = loadManifest() as { features?: { shortcuts?: { callback_id: string; type: string }[] } };

    it('then every shortcut the app handles is declared with its type, name and description', () => {
      const declared = (manifest.features?.shortcuts ?? []).map((s) => [s.callback_id, s.type]).sort();
      expect(declared).toEqual(Object.values(shortcuts).map((s) => [s.callbackId, s.type]).sort());
      expect(manifest.features?.shortcuts).toEqual(
        expect.arrayContaining(Object.values(shortcuts).map((s) => ({ name: s.name, type: s.type, callback_id: s.callbackId, description: s.description }))),
      );
    });

    it('then it asks for exactly the bot scopes the OAuth install requests', () => {
      const full = loadManifest() as { oauth_config?: { scopes?: { bot?: string[] }; redirect_urls?: string[] } };
      expect(full.oauth_config?.scopes?.bot).toEqual(botScopes);
      expect(full.oauth_config?.redirect_urls?.[0]).toMatch(/\/slack\/oauth_redirect$/);
    });

    it('then it declares every slash command and the events the app handles', () => {
      const full = loadManifest() as { features?: { slash_commands?: { command: string; description?: string; usage_hint?: string }[]; app_home?: { home_tab_enabled?: boolean } }; settings?: { event_subscriptions?: { bot_events?: string[] } } };
      const declared = full.features?.slash_commands ?? [];
      expect(declared.map((c) => c.command).sort()).toEqual(Object.values(commands).map((c) => c.name).sort());
      expect(declared.map(({ command, description, usage_hint }) => ({ command, description, usage_hint }))).toEqual(
        expect.arrayContaining(Object.values(commands).map((c) => ({ command: c.name, description: c.description, usage_hint: c.usageHint }))),
      );
      expect(full.features?.app_home?.home_tab_enabled).toBe(true);
      expect(full.settings?.event_subscriptions?.bot_events?.sort()).toEqual([...events].sort());
    });
  });

  describe('when the manifest is broken on purpose (negative control)', () => {
    itWithSchema('then a manifest without display_information.name fails validation', () => {
      const broken = structuredClone(loadManifest());
      delete broken.display_information?.name;
      expect(validate(broken)).toBe(false);
      expect(validationErrors() ?? []).toContainEqual(
        expect.objectContaining({
          instancePath: '/display_information',
          keyword: 'required',
          params: { missingProperty: 'name' },
        }),
      );
    });

    itWithSchema('then a manifest with a non-hex background_color fails validation', () => {
      const broken = structuredClone(loadManifest());
      broken.display_information = { ...broken.display_information, background_color: 'blue!!' };
      expect(validate(broken)).toBe(false);
      expect(validationErrors() ?? []).toContainEqual(
        expect.objectContaining({ instancePath: '/display_information/background_color', keyword: 'regex' }),
      );
    });
  });
});
