/** Someone in the workspace, as Slack's user directory describes them. */
export interface DirectoryUser {
  id: string;
  /** How Slack shows them (display name, else real name, else handle), when it says. */
  name: string | undefined;
  /** A workspace admin or owner. */
  isAdmin: boolean;
  /** The primary owner (an owner too, in Slack; asked for apart from the listing's filter). */
  isPrimaryOwner: boolean;
  /** Neither deactivated nor a bot: someone who can be asked. */
  isPerson: boolean;
  timeZone: string | undefined;
}

/** Whether the bot is in a channel; `unknown` when Slack could not say (slow, down, a missing scope). */
export type Membership = { kind: 'member' } | { kind: 'not_member' } | { kind: 'unknown'; reason: string };

/** What settings and Home ask Slack, so they need no Slack client (slack/slack-directory.ts answers it). */
export interface SlackDirectory {
  /** One person (users.info); undefined when Slack does not describe them. Throws when Slack cannot be asked. */
  user(userId: string): Promise<DirectoryUser | undefined>;
  /** The first page of the workspace's people (users.list); empty when it cannot be had. */
  members(): Promise<DirectoryUser[]>;
  /** Whether the bot is in a channel (conversations.info); never throws, answers `unknown` instead. */
  membership(channelId: string): Promise<Membership>;
  /**
   * The public and private channels a person is in, archived ones left out (users.conversations, page by page,
   * up to a bound: someone in thousands of channels is answered from the first few thousand). Throws when Slack
   * cannot be asked.
   */
  channelsOf(userId: string): Promise<string[]>;
}
