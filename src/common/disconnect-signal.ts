import type { ServerResponse } from 'node:http';

/**
 * A signal aborted when the client goes away before its response is sent, so a call it
 * abandoned is cancelled upstream instead of holding one of the server's slots until its
 * timeout. 'close' also follows a normal response; `writableFinished` tells them apart.
 */
export function disconnectSignal(res: ServerResponse): AbortSignal {
  const controller = new AbortController();
  res.once('close', () => {
    if (!res.writableFinished) controller.abort(new Error('The client closed the connection.'));
  });
  return controller.signal;
}
