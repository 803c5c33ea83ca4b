// What the server's calls into its threads share, whether the caller waits for the answer
// (sync-thread.server.ts) or goes on serving requests (async-thread.server.ts): the messages
// each way, how a thread answers one, and how the caller notices once that a thread is gone.
import type { Worker } from "node:worker_threads";

export type Envelope<T> = { id: number; request: T };
export type Reply<T> = { id: number; response: T } | { id: number; error: string };

/** In a thread: the reply to one call, with the error's message if `handle` threw. */
export function replyTo<Request, Response>(handle: (request: Request) => Response, { id, request }: Envelope<Request>): Reply<Response> {
  try {
    return { id, response: handle(request) };
  } catch (error) {
    return { id, error: error instanceof Error ? error.message : String(error) };
  }
}

/**
 * Watches `worker` for the caller: `fail` marks the thread unusable for good and tells
 * `onFailure` why, once (then runs `onBroken`, if given); the thread's exit does the same.
 * `usable` says whether calls may still go to the thread.
 */
export function watchThread(worker: Worker, onFailure: (reason: string) => void, onBroken?: () => void) {
  let broken = false;
  const fail = (reason: string) => {
    if (broken) return;
    broken = true;
    onBroken?.();
    onFailure(reason);
  };
  worker.once("exit", (code) => fail(`the thread exited with code ${code}`));
  return {
    fail,
    usable() {
      // A thread that has ended has no handle left (its id reads -1), even before its exit event.
      if (worker.threadId === -1) fail("the thread has ended");
      return !broken;
    },
  };
}
