import { describe, expect, it } from 'vitest';
import { parseBacklogCommand } from '../../src/backlog/parse-command.ts';
import { buildBacklogHelp } from '../../src/blocks/backlog-help.ts';
import { backlogSubcommands, commands, shortcutRoute, shortcuts } from '../../src/slack/surfaces.ts';

describe('the registry of surfaces', () => {
  const help = JSON.stringify(buildBacklogHelp().blocks);

  it('when /backlog help is built, then it names every command and every /backlog subcommand', () => {
    for (const command of Object.values(commands)) expect(help).toContain(command.name);
    for (const [name, sub] of Object.entries(backlogSubcommands)) expect(help, name).toContain(`\`/backlog ${sub.example ?? sub.usage}\` — ${sub.help}`);
  });

  it('when each declared subcommand is typed as help shows it, then the parser reads it as that subcommand, not as help', () => {
    for (const [kind, sub] of Object.entries(backlogSubcommands)) expect(parseBacklogCommand(sub.example ?? kind).kind).toBe(kind);
  });

  it("when /backlog's usage hint is read, then it lists help and every subcommand", () => {
    expect(commands.backlog.usageHint).toBe('help | list [bugs|stories] [status] | show KEY | search TEXT | triage | mine | digest | settings | teams | flags [setup]');
  });

  it('when shortcuts are routed, then message and global shortcuts get distinct routes', () => {
    expect(Object.values(shortcuts).map(shortcutRoute)).toEqual(['message_action:report_as_bug', 'shortcut:report_bug', 'shortcut:write_story']);
  });
});
