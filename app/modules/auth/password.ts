// The password policy (NIST SP 800-63B style): length 12 to 128, no composition rules, and
// never one of the commonly used passwords from a maintained dictionary.
import { dictionary } from "@zxcvbn-ts/language-common";

export const PASSWORD_MIN = 12;
export const PASSWORD_MAX = 128;

let common: Set<string> | undefined;

function commonPasswords(): Set<string> {
  common ??= new Set(
    [...(dictionary["passwords-common"] as string[])].map((word) => word.toLowerCase()),
  );
  return common;
}

/** Returns a message for the person choosing the password, or null when it is acceptable. */
export function checkPassword(password: string, context: { email?: string } = {}): string | null {
  const length = [...password].length;
  if (length < PASSWORD_MIN) return `Use at least ${PASSWORD_MIN} characters. A few unrelated words make a good password.`;
  if (length > PASSWORD_MAX) return `Use at most ${PASSWORD_MAX} characters.`;
  const lowered = password.toLowerCase();
  if (commonPasswords().has(lowered)) return "This password is one of the most commonly used ones. Choose another.";
  if (context.email && lowered.includes(context.email.toLowerCase().split("@")[0]!) && lowered.length < 20) {
    return "Do not build your password from your e-mail address.";
  }
  if (/^(.)\1+$/.test(password)) return "Do not repeat a single character.";
  return null;
}

export function commonPasswordCount(): number {
  return commonPasswords().size;
}
