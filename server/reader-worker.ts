// The reading thread: it reads the case queue for the server, on its own connection, while the
// server's event loop serves other requests (docs/decisions/021-the-queue-read-in-its-own-thread.md).
import { answerCalls } from "../app/lib/async-thread.server";
import { db } from "../app/modules/db.server";
import { answerQueueRead, type QueueRead } from "../app/modules/cases/cases.server";

answerCalls((request: QueueRead) => answerQueueRead(db(), request));
