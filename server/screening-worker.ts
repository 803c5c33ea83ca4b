// The screening thread: it holds the index over the screening lists and screens names for the
// server, which waits for each answer (docs/decisions/014-screening-in-its-own-thread.md).
// It opens its own connection to the database, reads the lists' entries from it when they
// change, and builds the index as soon as it starts.
import { answerSyncCalls } from "../app/lib/sync-thread.server";
import { db } from "../app/modules/db.server";
import { answerScreening, currentIndex, type ScreeningRequest } from "../app/modules/screening/screening.server";

answerSyncCalls((request: ScreeningRequest) => answerScreening(db(), request));
currentIndex(db());
