// The yardstick for the /bug ack budget: a bare Bolt app (default HTTPReceiver) that acknowledges /bug
// and opens a fixed modal, nothing else. Plain JavaScript run by plain node, as Shortlist's bundle is.
// Environment: PORT, SLACK_API_URL, SLACK_SIGNING_SECRET, BASELINE_VIEW (the modal, JSON).
import bolt from '@slack/bolt';

const { App, LogLevel } = bolt;
const view = JSON.parse(process.env.BASELINE_VIEW ?? '{}');
const app = new App({
  token: 'xoxb-baseline',
  signingSecret: process.env.SLACK_SIGNING_SECRET,
  logLevel: LogLevel.ERROR,
  clientOptions: { slackApiUrl: process.env.SLACK_API_URL, retryConfig: { retries: 0 } },
  // Answered like Shortlist's /healthz, so both are started and timed the same way.
  customRoutes: [{ path: '/healthz', method: ['GET'], handler: (_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}') }],
});
app.command('/bug', async ({ ack, client, command }) => {
  await ack();
  await client.views.open({ trigger_id: command.trigger_id, view });
});
await app.start({ port: Number(process.env.PORT), host: '127.0.0.1' });
process.on('SIGTERM', () => app.stop().then(() => process.exit(0)));
