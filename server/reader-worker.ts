// The reading thread: it reads the case queue for the server, on its own connection, and writes
// its rows, while the server's event loop serves other requests
// (docs/decisions/021-the-queue-read-in-its-own-thread.md).
import { answerCalls } from "../app/lib/async-thread.server";
import { queueView, type QueueRead } from "../app/lib/case-queue.server";
import { db } from "../app/modules/db.server";

answerCalls((request: QueueRead) => queueView(db(), request));
