#!/usr/bin/python3
"""Summaries and verdict for `npm run scan:security` (standard library only).

  report.py wapiti  --role R --report FULL.json --log WAPITI.log --exit-code N --session S --seconds N
      prints the trimmed findings of one wapiti run (JSON) on stdout
  report.py sqlmap  --name N --log SQLMAP.log --exit-code N --seconds N --target T --params P --role R
      prints one target's verdict and conclusion lines (JSON) on stdout
  report.py evaluate --dir docs/security
      reads the trimmed reports and allowlist.json, writes findings.md, and exits
      0 when nothing of medium severity or above remains unaccepted,
      1 when such a finding remains, 2 when a scan did not complete (and nothing else failed).
"""
import argparse
import fnmatch
import json
import re
import sys
from pathlib import Path

LEVELS = {0: "info", 1: "low", 2: "medium", 3: "high", 4: "critical"}
RANK = {name: level for level, name in LEVELS.items()}
MEDIUM = 2


def _level(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


def _request_summary(http_request: str) -> str:
    """The request line and body of wapiti's raw request, without headers (no cookies, no host)."""
    text = (http_request or "").replace("\r\n", "\n")
    if not text.strip():
        return ""
    head, _, body = text.partition("\n\n")
    first = re.sub(r"https?://[^/\s]+", "", head.splitlines()[0].strip())
    body = " ".join(line.strip() for line in body.splitlines() if line.strip())
    summary = first + ("  " + body if body else "")
    return summary[:400] + ("…" if len(summary) > 400 else "")


def wapiti_summary(args) -> int:
    log = Path(args.log).read_text(errors="replace") if Path(args.log).exists() else ""
    report = None
    if Path(args.report).exists():
        try:
            report = json.loads(Path(args.report).read_text())
        except ValueError:
            report = None
    crawled = re.findall(r"Wapiti found (\d+) URLs and forms", log)
    crawl_log = re.split(r"\[\*\] Saving scan state", log)[0]
    crawled_paths = sorted(set(f"{m} {re.sub(r'https?://[^/]+', '', u).split('?')[0]}" for m, u in re.findall(r"^\[\+\] (GET|POST) (\S+)", crawl_log, re.M)))
    capped = sorted(set(re.findall(r"Max attack time was reached for module (\w+)", log)))
    launched = re.findall(r"Launching module (\w+)", log)
    timing = {name: int(at) for name, at in re.findall(r"^\[timing\] module (\w+) starts at (\d+) s", log, re.M)}
    attacked = {}
    for segment in re.split(r"\[\*\] Launching module ", log)[1:]:
        name = segment.split(None, 1)[0]
        attacked[name] = len(re.findall(r"^\[\+\] (GET|POST) ", segment, re.M))
    errors = sorted(set(line.strip() for line in log.splitlines() if re.match(r"^\s*(Traceback|\w+Error\b|\[!\])", line)))[:20]
    findings = {}
    if report:
        for kind, section in (("vulnerability", "vulnerabilities"), ("anomaly", "anomalies"), ("additional", "additionals")):
            for category, entries in (report.get(section) or {}).items():
                for entry in entries or []:
                    key = (kind, category, entry.get("method"), entry.get("path"), entry.get("parameter") or "")
                    level = _level(entry.get("level"))
                    if key in findings:
                        findings[key]["count"] += 1
                        continue
                    findings[key] = {
                        "kind": kind,
                        "category": category,
                        "severity": LEVELS.get(level, str(level)),
                        "level": level,
                        "method": entry.get("method"),
                        "path": entry.get("path"),
                        "parameter": entry.get("parameter") or "",
                        "info": (entry.get("info") or "")[:300],
                        "request": _request_summary(entry.get("http_request", "")),
                        "count": 1,
                    }
    complete = report is not None and args.exit_code == 0
    out = {
        "tool": "wapiti",
        "version": (report or {}).get("infos", {}).get("version"),
        "role": args.role,
        "date": (report or {}).get("infos", {}).get("date"),
        "complete": complete,
        "exit_code": args.exit_code,
        "seconds": args.seconds,
        "resources_crawled": int(crawled[-1]) if crawled else None,
        "modules_run": launched,
        "modules_stopped_by_time_limit": capped,
        "resources_attacked_per_module": attacked,
        "module_start_seconds": timing,
        "crawled": crawled_paths,
        "session_still_valid_after_scan": {"yes": True, "no": False}.get(args.session),
        "errors": errors,
        "findings": sorted(findings.values(), key=lambda f: (-f["level"], f["category"], f["path"] or "", f["parameter"])),
    }
    json.dump(out, sys.stdout, indent=2, ensure_ascii=False)
    sys.stdout.write("\n")
    return 0


CONCLUSION = re.compile(
    r"(\[CRITICAL\]|\[ERROR\]|injectable|appears to be|is vulnerable|identified the following|heuristic|"
    r"HTTP error codes detected|back-end DBMS|^Parameter: |^\s+(Type|Title|Payload): |tamper|unexpected|connection)",
    re.I,
)
NOISE = re.compile(r"testing '|testing if|checking if the target is protected|fetched data logged|ending @|starting @|legal disclaimer|^\s*$", re.I)


def sqlmap_summary(args) -> int:
    log = Path(args.log).read_text(errors="replace") if Path(args.log).exists() else ""
    lines = []
    for raw in log.splitlines():
        line = re.sub(r"^\[\d\d:\d\d:\d\d\] ", "", raw.rstrip())
        line = re.sub(r"https?://127\.0\.0\.1:\d+", "", line)
        line = re.sub(r"upst_[a-z0-9]+", "upst_…", line)
        line = re.sub(r"upstream_session=[a-z0-9]+", "upstream_session=…", line)
        if line.rstrip().endswith("during run:"):
            continue
        if CONCLUSION.search(line) and not NOISE.search(line) and line not in lines:
            lines.append(line)
    injectable = "identified the following injection point" in log or re.search(r"parameter '[^']+' is vulnerable", log) is not None
    clean = "all tested parameters do not appear to be injectable" in log
    if injectable:
        verdict = "injectable"
    elif clean and args.exit_code == 0:
        verdict = "not injectable"
    else:
        verdict = "incomplete"
    codes = re.findall(r"HTTP error codes detected during run:\s*(.*)", log)
    out = {
        "tool": "sqlmap",
        "name": args.name,
        "role": args.role,
        "method": args.method,
        "target": args.target,
        "parameters": args.params,
        "verdict": verdict,
        "severity": "high" if injectable else "none",
        "exit_code": args.exit_code,
        "seconds": args.seconds,
        "http_error_codes": codes[-1] if codes else "",
        "conclusion": lines[-40:],
    }
    json.dump(out, sys.stdout, indent=2, ensure_ascii=False)
    sys.stdout.write("\n")
    return 0


def _accepted(finding: dict, allowlist: list, csrf_check_passed: bool) -> dict | None:
    for entry in allowlist:
        if entry.get("tool") != finding["tool"]:
            continue
        if entry.get("category") and entry["category"] != finding.get("category"):
            continue
        if entry.get("method") and entry["method"] != finding.get("method"):
            continue
        if entry.get("path") and not fnmatch.fnmatchcase(finding.get("path") or "", entry["path"]):
            continue
        if entry.get("parameter") is not None and "parameter" in entry and not fnmatch.fnmatchcase(finding.get("parameter") or "", entry["parameter"]):
            continue
        if entry.get("roles") and finding.get("role") not in entry["roles"]:
            continue
        if entry.get("requires_csrf_check") and not csrf_check_passed:
            continue
        return entry
    return None


def _cell(text) -> str:
    return str(text if text is not None else "").replace("|", "\\|").replace("\n", " ")


def evaluate(args) -> int:
    folder = Path(args.dir)
    allowlist = json.loads((folder / "allowlist.json").read_text()) if (folder / "allowlist.json").exists() else []
    for entry in allowlist:
        if not entry.get("reason"):
            print(f"allowlist entry without a reason: {entry}", file=sys.stderr)
            return 1
    meta = json.loads((folder / "run.json").read_text()) if (folder / "run.json").exists() else {}
    rows, incomplete, notes = [], [], []
    for path in sorted(folder.glob("wapiti-*.json")):
        run = json.loads(path.read_text())
        if not run.get("complete"):
            incomplete.append(f"wapiti as {run.get('role')}: exit code {run.get('exit_code')}, report {'missing' if run.get('version') is None else 'present'}")
        if run.get("session_still_valid_after_scan") is False:
            notes.append(f"wapiti as {run.get('role')}: the session was no longer valid at the end of the scan (coverage may be partial).")
        for f in run.get("findings", []):
            rows.append({**f, "tool": "wapiti", "role": run.get("role")})
    sqlmap_file = folder / "sqlmap.json"
    sqlmap_runs = json.loads(sqlmap_file.read_text()) if sqlmap_file.exists() else []
    for run in sqlmap_runs:
        if run["verdict"] == "incomplete":
            incomplete.append(f"sqlmap {run['name']}: no conclusion (exit code {run['exit_code']})")
        if run["verdict"] == "injectable":
            rows.append({"tool": "sqlmap", "role": run["role"], "kind": "vulnerability", "category": "SQL Injection", "severity": "high", "level": 3,
                         "method": run.get("method"), "path": run["target"], "parameter": run["parameters"], "info": " / ".join(run["conclusion"][-6:]), "count": 1})
    probe_file = folder / "csrf-check.json"
    probes = json.loads(probe_file.read_text()) if probe_file.exists() else []
    for probe in probes:
        if not probe.get("ok"):
            rows.append({"tool": "csrf-check", "role": "officer", "kind": "vulnerability", "category": "Cross-origin POST accepted", "severity": "high", "level": 3,
                         "method": "POST", "path": probe.get("path"), "parameter": "", "info": f"{probe.get('case')}: HTTP {probe.get('status')}, expected {probe.get('expected')}", "count": 1})
    blocking = []
    for row in rows:
        entry = _accepted(row, allowlist, bool(probes) and all(p.get("ok") for p in probes))
        row["accepted"] = entry is not None
        row["reason"] = entry.get("reason") if entry else ""
        if row["level"] >= MEDIUM and not row["accepted"]:
            blocking.append(row)

    out = ["# Security scan: latest run", "", "Generated by `npm run scan:security`; the analysis of each finding is in [README.md](README.md).", ""]
    if meta:
        out += [f"- Date: {meta.get('date')}", f"- Duration: {meta.get('duration_seconds')} s",
                f"- Tools: {meta.get('wapiti')}, sqlmap {meta.get('sqlmap')}, Node.js {meta.get('node')}",
                f"- Commit scanned: {meta.get('commit')}{' (with uncommitted changes)' if meta.get('dirty') else ''}", ""]
    out += ["## Runs", "", "| Tool | Role / target | Complete | Seconds | Crawled | Modules stopped by time limit | Session valid after |", "|---|---|---|---|---|---|---|"]
    for path in sorted(folder.glob("wapiti-*.json")):
        run = json.loads(path.read_text())
        out.append(f"| wapiti | {run.get('role')} | {'yes' if run.get('complete') else 'NO'} | {run.get('seconds')} | {run.get('resources_crawled')} | {', '.join(run.get('modules_stopped_by_time_limit') or []) or '–'} | {run.get('session_still_valid_after_scan')} |")
    for run in sqlmap_runs:
        out.append(f"| sqlmap | {_cell(run['name'])} ({run['role']}): `{_cell(run['target'])}` {_cell(run['parameters'])} | {run['verdict']} | {run['seconds']} | – | – | – |")
    if probes:
        out.append(f"| csrf-check | {len(probes)} cross-origin probes | {'all refused' if all(p.get('ok') for p in probes) else 'SOME ACCEPTED'} | – | – | – | – |")
    out += ["", "## Findings", "", "| Severity | Tool | Role | Category | Method | Path | Parameter | Count | Status |", "|---|---|---|---|---|---|---|---|---|"]
    for row in sorted(rows, key=lambda r: (-r["level"], r["category"], r["path"] or "", r["role"] or "")):
        status = "accepted false positive" if row["accepted"] else ("**BLOCKING**" if row["level"] >= MEDIUM else "below threshold")
        out.append(f"| {row['severity']} | {row['tool']} | {row['role']} | {_cell(row['category'])} | {row.get('method') or ''} | `{_cell(row['path'])}` | {_cell(row['parameter'])} | {row.get('count', 1)} | {status} |")
    if not rows:
        out.append("| – | – | – | no findings | | | | | |")
    if notes or incomplete:
        out += ["", "## Notes", ""] + [f"- {n}" for n in notes] + [f"- Incomplete: {n}" for n in incomplete]
    verdict = "FAIL: unaccepted finding(s) of medium severity or above" if blocking else ("FAIL: incomplete scan(s)" if incomplete else "PASS")
    out += ["", f"**Verdict: {verdict}**", ""]
    (folder / "findings.md").write_text("\n".join(out))

    for row in blocking:
        print(f"BLOCKING {row['severity']}: {row['tool']} ({row['role']}) {row['category']} {row.get('method') or ''} {row['path']} {row['parameter']}: {row['info'][:200]}", file=sys.stderr)
    for item in incomplete:
        print(f"INCOMPLETE: {item}", file=sys.stderr)
    print(f"{len(rows)} finding(s), {sum(1 for r in rows if r['accepted'])} accepted as false positives, {len(blocking)} blocking; {len(incomplete)} incomplete scan(s). {verdict}")
    if blocking:
        return 1
    return 2 if incomplete else 0


def main() -> int:
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="command", required=True)
    w = sub.add_parser("wapiti")
    w.add_argument("--role", required=True)
    w.add_argument("--report", required=True)
    w.add_argument("--log", required=True)
    w.add_argument("--exit-code", type=int, default=0)
    w.add_argument("--session", default="n/a")
    w.add_argument("--seconds", type=int, default=0)
    s = sub.add_parser("sqlmap")
    s.add_argument("--name", required=True)
    s.add_argument("--role", required=True)
    s.add_argument("--target", required=True)
    s.add_argument("--params", required=True)
    s.add_argument("--method", default="GET")
    s.add_argument("--log", required=True)
    s.add_argument("--exit-code", type=int, default=0)
    s.add_argument("--seconds", type=int, default=0)
    e = sub.add_parser("evaluate")
    e.add_argument("--dir", required=True)
    args = parser.parse_args()
    return {"wapiti": wapiti_summary, "sqlmap": sqlmap_summary, "evaluate": evaluate}[args.command](args)


if __name__ == "__main__":
    sys.exit(main())
