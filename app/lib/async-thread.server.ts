// Asynchronous calls into a worker thread, for reads that would otherwise hold up the server's
// event loop (docs/decisions/021-the-queue-read-in-its-own-thread.md). The caller posts a
// request and goes on serving other requests; the thread's answer settles the call. Unlike
// `syncCaller` (sync-thread.server.ts), nothing waits: the event loop stays free meanwhile.
import { parentPort, type Worker } from "node:worker_threads";
import { replyTo, watchThread, type Envelope, type Reply } from "./thread-calls.server";

export type AsyncCaller<Request, Response> = {
  /** The thread's answer; undefined when the thread failed this call, took longer than the timeout, or is gone. */
  call(request: Request): Promise<Response | undefined>;
  /** How many calls the thread has answered. */
  readonly answered: number;
};

type Pending<Response> = { resolve: (response: Response | undefined) => void; sentAt: number };

/**
 * Calls into `worker` (which must call `answerCalls`). A call the thread answers with an error
 * settles with undefined, and `onError` hears why; the caller does the work itself. After a
 * timeout, or once the worker has exited, every pending and later call settles with undefined at
 * once, and `onFailure` hears why, once.
 */
export function asyncCaller<Request, Response>(
  worker: Worker,
  options: { timeoutMs: number; onFailure: (reason: string) => void; onError: (message: string) => void },
): AsyncCaller<Request, Response> {
  const pending = new Map<number, Pending<Response>>();
  let lastId = 0;
  let answered = 0;
  // One timer watches the oldest call, instead of one timer per call.
  let watchdog: NodeJS.Timeout | undefined;

  const { fail, usable } = watchThread(worker, options.onFailure, () => {
    clearTimeout(watchdog);
    for (const { resolve } of pending.values()) resolve(undefined);
    pending.clear();
  });
  const watch = () => {
    watchdog = undefined;
    const oldest = pending.values().next().value;
    if (!oldest) return;
    const left = oldest.sentAt + options.timeoutMs - Date.now();
    if (left <= 0) return fail(`no answer within ${options.timeoutMs} ms`);
    watchdog = setTimeout(watch, left);
    watchdog.unref();
  };

  worker.on("message", (reply: Reply<Response>) => {
    const call = pending.get(reply.id);
    if (!call) return;
    pending.delete(reply.id);
    if ("error" in reply) {
      options.onError(reply.error);
      call.resolve(undefined);
      return;
    }
    answered++;
    call.resolve(reply.response);
  });

  return {
    get answered() {
      return answered;
    },
    call(request) {
      if (!usable()) return Promise.resolve(undefined);
      const id = ++lastId;
      return new Promise((resolve) => {
        pending.set(id, { resolve, sentAt: Date.now() });
        worker.postMessage({ id, request } satisfies Envelope<Request>);
        if (!watchdog) watch();
      });
    },
  };
}

/** In the worker: answers the server's calls with `handle`, one at a time, in the order they came. */
export function answerCalls<Request, Response>(handle: (request: Request) => Response) {
  const port = parentPort;
  if (!port) throw new Error("answerCalls runs in a worker thread.");
  port.on("message", (envelope: Envelope<Request>) => port.postMessage(replyTo(handle, envelope)));
}
