import type { ServerResponse } from 'node:http';
import { type App, HTTPModuleFunctions, HTTPResponseAck } from '@slack/bolt';
import type { Logger as BoltLogger } from '@slack/logger';
import type { Admitted } from './slack-gate.ts';

/** Bolt answers "unhandled" after this long without an ack (its HTTPReceiver's default). */
const UNHANDLED_AFTER_MS = 3001;

export type SlackEvents = (admitted: Admitted, res: ServerResponse) => void;

/**
 * Hands a request the gate admitted (read, verified, parsed: slack-gate.ts) to Bolt, as Bolt's HTTPReceiver
 * would after reading, verifying and parsing it again: the SSL check and the URL verification answered,
 * anything else to App.processEvent with an ack that writes the response, and a failure answered by Bolt's own
 * handler (401 for a workspace without an installation, 500 before an ack). The HTTPReceiver itself is
 * only Bolt's required receiver (app.ts) and never reads a request.
 */
export function boltEvents(app: App, logger: BoltLogger): SlackEvents {
  return ({ request, body }, res) => {
    if (body.ssl_check === '1') return HTTPModuleFunctions.buildSSLCheckResponse(res);
    if (body.type === 'url_verification') return HTTPModuleFunctions.buildUrlVerificationResponse(res, body);
    const ack = new HTTPResponseAck({
      logger,
      processBeforeResponse: false,
      unhandledRequestHandler: HTTPModuleFunctions.defaultUnhandledRequestHandler,
      unhandledRequestTimeoutMillis: UNHANDLED_AFTER_MS,
      httpRequest: request,
      httpRequestBody: body,
      httpResponse: res,
    });
    const event = {
      body,
      ack: ack.bind(),
      retryNum: HTTPModuleFunctions.extractRetryNumFromHTTPRequest(request),
      retryReason: HTTPModuleFunctions.extractRetryReasonFromHTTPRequest(request),
      customProperties: {},
    };
    app.processEvent(event).then(
      () => {
        if (ack.storedResponse !== undefined) HTTPModuleFunctions.buildContentResponse(res, ack.storedResponse);
      },
      async (error: unknown) => {
        const acknowledged = await HTTPModuleFunctions.defaultProcessEventErrorHandler({ error: error as Error, logger, request, response: res, storedResponse: ack.storedResponse });
        if (acknowledged) ack.ack();
      },
    );
  };
}
