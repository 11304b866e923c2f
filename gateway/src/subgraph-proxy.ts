import type { ClientRequest, IncomingMessage, ServerResponse } from 'node:http';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { pipeline } from 'node:stream/promises';
import { CALLER_HEADER, type Caller, type CallerSigner, type Logger, requestError } from '@ccp/kit';

/** One request forwarded to the subgraph: where, and what of the client's request travels with it. */
export interface ForwardedRequest {
  method: string;
  /** A URL on the proxy's `origin`: the subgraph's route with its query. */
  target: URL;
  /** The client's request headers carried on, where the client sent them. */
  forwardedHeaders: readonly string[];
  /** Sets what the answer needs beyond the passed headers, before its body is streamed back. */
  onAnswer?(answer: IncomingMessage): void;
  /** Streams the request body into the subgraph request (which it must end); without it, there is none. */
  sendBody?(upstream: ClientRequest): void;
  /** Answers a request that failed before the subgraph answered; returns false to answer 502 instead. */
  onFailure?(): boolean;
}

export interface SubgraphProxy {
  /** The subgraph's origin, for building targets. */
  origin: string;
  /** Forwards the request in the caller's token and streams the subgraph's answer back (502 when it fails). */
  forward(
    req: IncomingMessage,
    res: ServerResponse,
    caller: Caller,
    request: ForwardedRequest,
  ): Promise<void>;
}

/**
 * Proxies gateway HTTP routes to one subgraph: the caller travels in a caller token like on every subgraph
 * call; status, the `passedHeaders` and the body come back as the subgraph sent them, streamed.
 */
export function createSubgraphProxy({
  url,
  name,
  what,
  passedHeaders,
  signer,
  logger,
  timeoutMs,
}: {
  /** The subgraph's URL; only its origin counts. */
  url: string;
  /** The subgraph as messages name it ("economies", "the registry"). */
  name: string;
  /** What is proxied, as logs name it ("public document", "logo"). */
  what: string;
  /** What the answer carries on to the client (security headers are the gateway's own). */
  passedHeaders: readonly string[];
  signer: CallerSigner;
  logger: Logger;
  timeoutMs: number;
}): SubgraphProxy {
  const origin = new URL(url).origin;
  const send = origin.startsWith('https:') ? httpsRequest : httpRequest;

  async function forward(
    req: IncomingMessage,
    res: ServerResponse,
    caller: Caller,
    { method, target, forwardedHeaders, onAnswer, sendBody, onFailure }: ForwardedRequest,
  ): Promise<void> {
    const headers: Record<string, string> = { [CALLER_HEADER]: await signer.sign(caller) };
    for (const header of forwardedHeaders) {
      const value = req.headers[header];
      if (typeof value === 'string') headers[header] = value;
    }
    const path = target.pathname;

    let answered = false;
    await new Promise<void>((resolve) => {
      const upstream = send(target, { method, headers, timeout: timeoutMs }, (answer) => {
        answered = true;
        res.statusCode = answer.statusCode ?? 502;
        for (const header of passedHeaders) {
          const value = answer.headers[header];
          if (value !== undefined) res.setHeader(header, value);
        }
        onAnswer?.(answer);
        pipeline(answer, res).then(resolve, (err) => {
          logger.warn({ err, path }, `${what} from ${name} was cut off`);
          res.destroy();
          resolve();
        });
      });
      upstream.on('timeout', () =>
        upstream.destroy(new Error(`${name} did not answer within ${timeoutMs} ms`)),
      );
      upstream.on('error', (err) => {
        // Once an answer came, the rest of the request no longer matters (the subgraph may close early).
        if (answered) return;
        if (!onFailure?.()) {
          logger.warn({ err, path }, `${what} request to ${name} failed`);
          requestError(res, 502, 'SUBGRAPH_UNAVAILABLE', `${name} is unavailable; try again shortly`);
        }
        resolve();
      });
      if (sendBody) sendBody(upstream);
      else upstream.end();
    });
  }

  return { origin, forward };
}
