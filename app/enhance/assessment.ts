// The self-assessment pages are served as plain HTML and work without JavaScript (forms post
// normally). This standalone script, with no framework, adds what JavaScript can do better:
// - a part's answers are saved as they are given (choices at once, typing after a pause) and
//   a status line says so to screen-reader users;
// - follow-up questions that an answer opens (or closes) appear or go at once, taken from the
//   server-rendered page, without touching the fields the person is using;
// - a form is not sent twice by a double click.
// It is compiled on its own (see vite.config.ts) and loaded only by pages whose route says
// `hydrate: false`; see docs/decisions/011-assessment-pages-without-hydration.md.
export {};

/** Choices save at once; typing waits for a pause. */
const TYPING_PAUSE_MS = 800;

const form = document.querySelector<HTMLFormElement>("form[data-autosave]");
if (form) enhanceAutosave(form);
preventDoubleSubmission();

function enhanceAutosave(form: HTMLFormElement) {
  const endpoint = form.dataset.autosave!;
  // (Read from the attribute: a field named "action" would hide the form's own property.)
  const pageUrl = new URL(form.getAttribute("action") ?? location.href, location.href);
  const status = form.querySelector<HTMLElement>("[data-autosave-status]");
  const sequenceField = form.querySelector<HTMLInputElement>('input[name="seq"]');
  let timer: ReturnType<typeof setTimeout> | undefined;
  let sequence = 0;
  // What the status line says once a save is over: nothing yet, saved, or not saved.
  let outcome: "" | "saved" | "failed" | "offline" = "";
  let refreshing = false;
  let refreshAgain = false;

  /** Increasing numbers for this page's saves, so the server can drop one that arrives late. */
  function nextSequence() {
    sequence = Math.max(sequence + 1, Date.now());
    return String(sequence);
  }

  function showStatus(saving: boolean) {
    if (!status) return;
    status.textContent = saving
      ? "Saving…"
      : outcome === "saved"
        ? "All changes saved."
        : outcome === "failed"
          ? "Your latest changes could not be saved automatically. Use “Save and continue” to keep them."
          : outcome === "offline"
            ? "Not saved: the connection was lost. Your changes will be saved when you change something again or use “Save and continue”."
            : "";
  }

  const shownQuestions = () => [...form.querySelectorAll<HTMLElement>("[data-question]")].map((field) => field.dataset.question).join(",");

  async function save() {
    const body = new FormData(form);
    body.set("seq", nextSequence());
    showStatus(true);
    try {
      const response = await fetch(endpoint, { method: "POST", body, headers: { Accept: "application/json" } });
      if (!response.ok) {
        outcome = "failed";
        return;
      }
      const result = (await response.json()) as { saved: string; visible: string[] };
      outcome = "saved";
      // Only a change in which questions apply needs the page again.
      if (result.visible.join(",") !== shownQuestions()) void refreshQuestions();
    } catch {
      // Offline for a moment: the next change, or "Save and continue", saves again.
      outcome = "offline";
    } finally {
      showStatus(false);
    }
  }

  /**
   * Brings the questions in line with the server-rendered page: adds the ones now shown, removes
   * the ones no longer asked, and updates the progress line. Fields already on the page stay as
   * they are (with focus and whatever was typed since); only their "not sure" guidance follows
   * the saved answer.
   */
  async function refreshQuestions() {
    if (refreshing) {
      refreshAgain = true;
      return;
    }
    refreshing = true;
    try {
      const response = await fetch(pageUrl, { headers: { Accept: "text/html" } });
      // A redirect (to sign in, or to another part) is not this page: leave it as it is.
      if (!response.ok || new URL(response.url).pathname !== pageUrl.pathname) return;
      const page = new DOMParser().parseFromString(await response.text(), "text/html");
      const fresh = page.querySelector<HTMLFormElement>("form[data-autosave]");
      if (!fresh) return;
      const current = new Map([...form.querySelectorAll<HTMLElement>("[data-question]")].map((field) => [field.dataset.question, field]));
      let previous: Element | null = sequenceField;
      for (const field of fresh.querySelectorAll<HTMLElement>("[data-question]")) {
        const kept = current.get(field.dataset.question);
        if (kept) {
          current.delete(field.dataset.question);
          kept.querySelector(":scope > .unsure-guidance")?.remove();
          const guidance = field.querySelector(":scope > .unsure-guidance");
          if (guidance) kept.append(document.importNode(guidance, true));
          previous = kept;
        } else {
          const added = document.importNode(field, true);
          if (previous) previous.after(added);
          else form.prepend(added);
          previous = added;
        }
      }
      for (const gone of current.values()) gone.remove();
      const progress = document.querySelector(".progress");
      const freshProgress = page.querySelector(".progress");
      if (progress && freshProgress) progress.replaceWith(document.importNode(freshProgress, true));
    } catch {
      // The page could not be fetched: "Save and continue" shows the new questions instead.
    } finally {
      refreshing = false;
      if (refreshAgain) {
        refreshAgain = false;
        void refreshQuestions();
      }
    }
  }

  function isChoice(target: EventTarget | null) {
    if (target instanceof HTMLSelectElement) return true;
    return target instanceof HTMLInputElement && (target.type === "radio" || target.type === "checkbox");
  }

  // `input` fires for typing, choices and selects alike.
  form.addEventListener("input", (event) => {
    clearTimeout(timer);
    timer = setTimeout(() => void save(), isChoice(event.target) ? 0 : TYPING_PAUSE_MS);
  });
  form.addEventListener("submit", () => {
    // The form's own post saves everything: a pending autosave must not follow it.
    clearTimeout(timer);
    if (sequenceField) sequenceField.value = nextSequence();
  });
}

function preventDoubleSubmission() {
  const sent = new WeakSet<HTMLFormElement>();
  document.addEventListener("submit", (event) => {
    const target = event.target;
    if (!(target instanceof HTMLFormElement) || event.defaultPrevented) return;
    if (sent.has(target)) event.preventDefault();
    else sent.add(target);
  });
  // Coming back to the page from the history: its forms can be sent again.
  window.addEventListener("pageshow", (event) => {
    if (event.persisted) for (const target of document.forms) sent.delete(target);
  });
}
