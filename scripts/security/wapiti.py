#!/usr/bin/python3
"""Runs Debian's wapiti (3.0.4) with the same arguments as `wapiti`, plus five adjustments.

1. Wapiti 3.0.4 turns each `-x/--exclude` pattern into a regular expression that ends in
   `(?ms)`; Python 3.11 refuses global flags anywhere but at the start, so any `-x` makes the
   crawler crash. The patterns are compiled with the flags first instead (same meaning: a full
   match, `*` as a wildcard).
2. `--max-attack-time` is only checked between two crawled resources, and a single form with
   many fields can take a module several minutes. Here a module also stops sending payloads
   once its time is up, and every module stops once WAPITI_DEADLINE_SECONDS (environment)
   have passed since the start, so that a run keeps to its time budget.
3. Output is line-buffered, so the log is complete up to the last line even if the run is
   stopped from outside.
4. `-x http://template-limit.invalid/N` limits the crawl to N addresses per route template
   (see TemplateLimit), so that forms on case and project pages are reached within the crawl
   time instead of a hundred copies of the same page.
5. The xss, sql, exec and file modules attack the forms before the links, so that a time
   limit leaves out links with query strings rather than form handlers; and sql and xss run
   before exec and file.
"""
import importlib
import itertools
import os
import re
import sys
import time

from wapitiCore.attack import attack as attack_base
from wapitiCore.main import wapiti as wapiti_main_module
from wapitiCore.net import crawler


TEMPLATE_LIMIT = "http://template-limit.invalid/"


class TemplateLimit:
    """An exclusion that keeps at most `limit` addresses per route template.

    `-x http://template-limit.invalid/N` stands for it: numeric path segments count as one
    template (/office/cases/1 and /office/cases/2 are both /office/cases/{n}), so the crawl
    takes a few instances of each page and of its forms instead of every case and project.
    """

    def __init__(self, limit):
        self.limit = limit
        self.seen = {}

    def match(self, url):
        path, _, query = url.partition("?")
        template = re.sub(r"/\d+(?=/|$)", "/{n}", path) + "?" + ",".join(sorted({p.split("=")[0] for p in query.split("&") if p}))
        urls = self.seen.setdefault(template, set())
        if url in urls:
            return None
        if len(urls) >= self.limit:
            return True
        urls.add(url)
        return None


def wildcard_translate(pattern):
    if pattern.startswith(TEMPLATE_LIMIT):
        return TemplateLimit(int(pattern[len(TEMPLATE_LIMIT):]))
    return re.compile("(?ms)" + "".join(".*" if c == "*" else re.escape(c) for c in pattern) + r"\Z")


crawler.wildcard_translate = wildcard_translate


def _attack_time_limit(argv):
    for index, arg in enumerate(argv):
        if arg == "--max-attack-time" and index + 1 < len(argv):
            return float(argv[index + 1])
        if arg.startswith("--max-attack-time="):
            return float(arg.split("=", 1)[1])
    return 0.0


LIMIT = _attack_time_limit(sys.argv[1:])
# The whole run (crawl and all modules) ends its attacks after this many seconds, if set.
DEADLINE = float(os.environ.get("WAPITI_DEADLINE_SECONDS") or 0)
PROCESS_STARTED = time.monotonic()
MODULE_STARTED = {"at": None}

_original_init_attacks = wapiti_main_module.Wapiti._init_attacks


def _init_attacks(self):
    _original_init_attacks(self)
    for module in self.attacks:
        original = module.attack

        def started(original=original, name=module.name):
            MODULE_STARTED["at"] = time.monotonic()
            print(f"[timing] module {name} starts at {MODULE_STARTED['at'] - PROCESS_STARTED:.0f} s")
            return original()

        module.attack = started


_original_mutate = attack_base.Mutator.mutate


def _mutate(self, request):
    for item in _original_mutate(self, request):
        started = MODULE_STARTED["at"]
        now = time.monotonic()
        if LIMIT >= 1 and started is not None and now - started > LIMIT:
            return
        if DEADLINE >= 1 and now - PROCESS_STARTED > DEADLINE:
            return
        yield item


if LIMIT >= 1 or DEADLINE >= 1:
    wapiti_main_module.Wapiti._init_attacks = _init_attacks
    attack_base.Mutator.mutate = _mutate

def _forms_first(links, forms):
    return itertools.chain(forms, links)


# The injection modules attack the crawled links first and the forms after them; with a time
# limit, the forms (where the portal's handlers are) would be the part left out.
for _name in ("mod_xss", "mod_sql", "mod_exec", "mod_file"):
    importlib.import_module(f"wapitiCore.attack.{_name}").chain = _forms_first

# sql and xss run before exec and file (default order: exec, file, sql, xss): if the run's
# budget ends early, it is the command-execution and file-inclusion payloads that are cut, the
# least likely to matter for a Node.js application that neither runs shell commands nor opens
# files named by a request.
for _name in ("mod_sql", "mod_xss"):
    _module = importlib.import_module(f"wapitiCore.attack.{_name}")
    getattr(_module, _name).PRIORITY = 4

if __name__ == "__main__":
    sys.stdout.reconfigure(line_buffering=True)
    sys.argv[0] = "wapiti"
    sys.exit(wapiti_main_module.wapiti_main())
