/**
 * Whether a navigation link to `to` stands for the page at `pathname`, by React Router's NavLink
 * rule: the same path (letter case aside, a trailing slash allowed) or, unless `end`, a path
 * below it.
 */
export function isCurrent(pathname: string, to: string, end = false): boolean {
  const path = pathname.toLowerCase();
  const target = to.toLowerCase();
  return path === target || path === `${target}/` || (!end && path.startsWith(`${target}/`));
}
