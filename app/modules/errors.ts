// Typed domain errors: modules throw these, and one function (app/lib/http.server.ts) maps
// them to HTTP responses, so a user never sees an internal message or a stack trace.

export class DomainError extends Error {
  constructor(
    message: string,
    /** Safe to show to the person who asked. */
    readonly publicMessage: string = message,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class NotFoundError extends DomainError {
  constructor(what = "That page") {
    super(`${what} was not found.`);
  }
}

export class ForbiddenError extends DomainError {
  constructor(message = "You do not have access to this page.") {
    super(message);
  }
}

export class ConflictError extends DomainError {}

export class ValidationError extends DomainError {
  constructor(
    readonly fieldErrors: Record<string, string>,
    message = "Some answers need correcting.",
  ) {
    super(message);
  }
}

export class RateLimitError extends DomainError {
  constructor(readonly retryAfterSeconds: number) {
    const minutes = Math.max(1, Math.ceil(retryAfterSeconds / 60));
    super(`Too many attempts. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`);
  }
}
