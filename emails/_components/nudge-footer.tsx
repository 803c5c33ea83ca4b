// What every nudge e-mail shares: a footer that says why the reader gets it and links to the
// notification settings and the one-click unsubscribe, and the short project title for subjects.
import { KINDS, type NudgeKind } from "../../app/modules/nudges/kinds";
import { InlineLink } from "./layout";

type NudgeFooterProps = {
  kind: NudgeKind;
  /** Finishes "You receive this because …" (or, for messages that cannot be switched off, says why the reader needs them), without a full stop. */
  because: string;
  preferencesUrl: string;
  unsubscribeUrl: string;
};

export function NudgeFooter({ kind, because, preferencesUrl, unsubscribeUrl }: NudgeFooterProps) {
  const canTurnOff = kind === "digest" || KINDS[kind].canTurnOff;
  if (canTurnOff) {
    return (
      <>
        You receive this because {because}. Choose what Upstream e-mails you about in your{" "}
        <InlineLink href={preferencesUrl}>notification settings</InlineLink>, or{" "}
        <InlineLink href={unsubscribeUrl}>stop these e-mails with one click</InlineLink>.
      </>
    );
  }
  return (
    <>
      This message is about your own project, so it cannot be switched off: {because}. You can still choose which other e-mails
      Upstream sends you in your <InlineLink href={preferencesUrl}>notification settings</InlineLink>, or{" "}
      <InlineLink href={unsubscribeUrl}>stop all optional e-mails with one click</InlineLink>.
    </>
  );
}

/** Subjects stay short: long titles are cut at a word near `max` characters and end with an ellipsis. */
export function shortTitle(title: string, max = 40) {
  const flat = title.replace(/\s+/g, " ").trim();
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max - 1);
  const lastSpace = cut.lastIndexOf(" ");
  return `${(lastSpace > max / 2 ? cut.slice(0, lastSpace) : cut).replace(/[\s,;:.–-]+$/, "")}…`;
}

export function plural(count: number, one: string, many = `${one}s`) {
  return `${count} ${count === 1 ? one : many}`;
}
