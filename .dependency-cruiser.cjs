// Which way dependencies may point (checked by `npm run lint:deps`, part of `npm test`, and by
// test/architecture.test.ts): slack/ → domain → db/. The domain decides what happens and speaks no Slack;
// blocks/ are pure builders of what Slack is sent; slack/ is the only place that talks to Slack.
// backlog/ (parsing and answering /backlog) and outbox/ (rendering and sending notices) sit between:
// they may use builders and the domain, and slack/ uses them. sandbox/ stands in for Slack: only main.ts may use it.
const domain = '^src/(bugs|stories|items|comments|digest|settings|teams|rollouts)/';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'domain-speaks-no-slack',
      comment: 'Domain code composes no Slack messages and calls no Slack API: it returns or queues data (notices), and asks Slack through interfaces slack/ implements.',
      severity: 'error',
      from: { path: domain },
      to: { path: ['^src/slack/', '^src/blocks/', '^node_modules/@slack/'] },
    },
    {
      name: 'flags-are-pure',
      comment: 'src/flags/ reads provider webhooks and decides what a flag event means, as pure functions: no database, no Slack, no outbox. Storing events and telling stories is wired in by the modules that call it.',
      severity: 'error',
      from: { path: '^src/flags/' },
      to: { path: ['^src/(db|slack|blocks|outbox|sandbox)/', '^node_modules/(@slack|drizzle-orm|postgres|@electric-sql)/'] },
    },
    {
      name: 'db-knows-no-domain',
      comment: 'db/ holds the schema and the connection; it depends on nothing above it.',
      severity: 'error',
      from: { path: '^src/db/' },
      to: { path: ['^src/(bugs|stories|items|comments|digest|settings|teams|rollouts|flags|backlog|outbox|slack|blocks|http|oauth)/'] },
    },
    {
      name: 'blocks-are-pure',
      comment: 'Builders turn data into Block Kit: no database, no Slack client, no outbox. The surfaces registry and the outbox payload schemas (what a notice says) are declarations only, so builders may read them.',
      severity: 'error',
      from: { path: '^src/blocks/' },
      to: {
        path: ['^src/db/client\\.ts$', '^src/slack/', '^src/outbox/', '^node_modules/@slack/bolt', '^node_modules/@slack/web-api', '^node_modules/(drizzle-orm|postgres|@electric-sql)/'],
        pathNot: ['^src/slack/surfaces\\.ts$', '^src/outbox/messages\\.ts$'],
      },
    },
    {
      name: 'listeners-do-not-import-the-composition-root',
      comment: 'app.ts wires listeners together; a listener that imports it goes round in a circle.',
      severity: 'error',
      from: { path: '^src/slack/' },
      to: { path: ['^src/(app|main|runtime)\\.ts$'] },
    },
    {
      name: 'only-main-starts-the-sandbox',
      comment: 'The Slack stand-in (src/sandbox/) is for tests, the bench and sandbox mode: only the entry point may start it, so the app never talks to it by accident.',
      severity: 'error',
      from: { path: '^src/', pathNot: ['^src/main\\.ts$', '^src/sandbox/'] },
      to: { path: '^src/sandbox/' },
    },
    {
      name: 'sandbox-stands-in-for-slack-only',
      comment: 'The stand-in answers as Slack does, from what it is sent: it knows no domain, database or listener code (Block Kit builders only, if it needs their types), and no package but @slack/*.',
      severity: 'error',
      from: { path: '^src/sandbox/' },
      to: { path: ['^src/', '^node_modules/'], pathNot: ['^src/sandbox/', '^src/blocks/', '^node_modules/@slack/'] },
    },
    {
      name: 'no-circular',
      comment: 'A cycle means two modules are one; split what they share into a third.',
      severity: 'error',
      from: { path: '^src/' },
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    // TypeScript 7 (the native compiler) has no JavaScript API for dependency-cruiser to parse with; swc parses .ts instead.
    parser: 'swc',
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'] },
  },
};
