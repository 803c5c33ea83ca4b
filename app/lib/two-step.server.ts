// The cookie that carries a person from the password to the second step of signing in.
import { getConfig } from "~/modules/config/env.server";
import { challengeValue, readChallenge } from "~/modules/auth/mfa.server";

const COOKIE = "upstream_two_step";

export function challengeCookie(userId: number) {
  const secure = getConfig().secureCookies ? "; Secure" : "";
  return `${COOKIE}=${challengeValue(getConfig().appSecret, userId)}; Path=/login; HttpOnly; SameSite=Lax; Max-Age=300${secure}`;
}

export function clearChallengeCookie() {
  return `${COOKIE}=; Path=/login; HttpOnly; SameSite=Lax; Max-Age=0`;
}

export function challengedUser(request: Request): number | null {
  const raw = (request.headers.get("Cookie") ?? "").match(new RegExp(`(?:^|;\\s*)${COOKIE}=([^;]*)`))?.[1];
  return readChallenge(getConfig().appSecret, raw);
}
