// A small HTTP client with a cookie jar, that submits forms the way a browser does
// (with an Origin header) and does not follow redirects, so tests can look at them.
export class Client {
  readonly cookies = new Map<string, string>();

  constructor(readonly base: string) {}

  private cookieHeader() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }

  private remember(response: Response) {
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(";");
      const index = pair!.indexOf("=");
      const name = pair!.slice(0, index).trim();
      const value = pair!.slice(index + 1).trim();
      if (/max-age=0/i.test(line) || value === "") this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  async get(path: string, headers: Record<string, string> = {}) {
    const response = await fetch(this.base + path, { redirect: "manual", headers: { Cookie: this.cookieHeader(), ...headers } });
    this.remember(response);
    return response;
  }

  /** Posts a form; pass pairs instead of an object for repeated fields (checkboxes). */
  async post(path: string, form: Record<string, string> | [string, string][] = {}, headers: Record<string, string> = {}) {
    const response = await fetch(this.base + path, {
      method: "POST",
      redirect: "manual",
      headers: { Cookie: this.cookieHeader(), Origin: this.base, "Content-Type": "application/x-www-form-urlencoded", ...headers },
      body: new URLSearchParams(form).toString(),
    });
    this.remember(response);
    return response;
  }

  async login(email: string, password: string) {
    const response = await this.post("/login", { email, password });
    if (response.status !== 302) throw new Error(`login of ${email} failed with ${response.status}: ${await response.text()}`);
    return response;
  }

  sessionToken() {
    return this.cookies.get("upstream_session");
  }
}

/** The text a person would read in an HTML page: no scripts, tags or React's text separators. */
export function visibleText(html: string): string {
  return html
    .replace(/<script[\s\S]*?<\/script>/g, " ")
    .replace(/<!--[\s\S]*?-->/g, "")
    .replace(/<[^>]+>/g, " ")
    .replace(/&quot;/g, '"')
    .replace(/&#x27;/g, "'")
    .replace(/&amp;/g, "&")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/\s+/g, " ");
}
