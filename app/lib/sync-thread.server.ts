// Synchronous calls into a worker thread, for work whose callers cannot wait asynchronously
// (screening runs inside database transactions) but whose data should not live in the
// server's own heap. The caller posts a request on a private channel and sleeps on a shared
// flag until the thread has posted its answer and raised the flag; the answer is then taken
// off the channel without going through the event loop.
import { MessageChannel, parentPort, receiveMessageOnPort, type MessagePort, type Worker } from "node:worker_threads";
import { replyTo, watchThread, type Envelope, type Reply } from "./thread-calls.server";

type Handshake = { syncPort: MessagePort; flag: Int32Array };

export type SyncCaller<Request, Response> = {
  /** The thread's answer; undefined when it failed, took longer than the timeout, or is gone. */
  call(request: Request): Response | undefined;
  /** How many calls the thread has answered. */
  readonly answered: number;
};

/**
 * Opens a channel to `worker` (which must call `answerSyncCalls`). After a timeout, or once the
 * worker has exited, every call returns undefined at once: the caller does the work itself.
 */
export function syncCaller<Request, Response>(worker: Worker, options: { timeoutMs: number; onFailure: (reason: string) => void }): SyncCaller<Request, Response> {
  const { port1, port2 } = new MessageChannel();
  port1.unref();
  const flag = new Int32Array(new SharedArrayBuffer(4));
  worker.postMessage({ syncPort: port2, flag } satisfies Handshake, [port2]);
  let lastId = 0;
  let answered = 0;
  const { fail, usable } = watchThread(worker, options.onFailure);

  return {
    get answered() {
      return answered;
    },
    call(request) {
      if (!usable()) return undefined;
      const id = ++lastId;
      Atomics.store(flag, 0, 0);
      port1.postMessage({ id, request } satisfies Envelope<Request>);
      const deadline = Date.now() + options.timeoutMs;
      for (;;) {
        const left = deadline - Date.now();
        if (left <= 0 || Atomics.wait(flag, 0, 0, left) === "timed-out") {
          fail(`no answer within ${options.timeoutMs} ms`);
          return undefined;
        }
        // Answers to earlier calls that timed out are dropped; the flag is lowered again
        // before looking, so a raise for this call is never missed.
        Atomics.store(flag, 0, 0);
        for (let received = receiveMessageOnPort(port1); received; received = receiveMessageOnPort(port1)) {
          const reply = received.message as Reply<Response>;
          if (reply.id !== id) continue;
          if ("error" in reply) {
            options.onFailure(reply.error);
            return undefined;
          }
          answered++;
          return reply.response;
        }
      }
    },
  };
}

/** In the worker: answers the server's synchronous calls with `handle`. */
export function answerSyncCalls<Request, Response>(handle: (request: Request) => Response) {
  if (!parentPort) throw new Error("answerSyncCalls runs in a worker thread.");
  parentPort.once("message", ({ syncPort, flag }: Handshake) => {
    syncPort.on("message", (envelope: Envelope<Request>) => {
      syncPort.postMessage(replyTo(handle, envelope));
      Atomics.store(flag, 0, 1);
      Atomics.notify(flag, 0);
    });
  });
}
