#!/usr/bin/env bash
# `npm run scan:security`: dynamic security scan of the portal.
#
# Builds the portal if needed, seeds a fresh demo database in a temporary directory, starts the
# production server on 127.0.0.1, then
#   1. checks that cross-origin form posts are refused (csrf-check.json),
#   2. runs wapiti once per role (anonymous, researcher, analyst, officer, admin) with that
#      role's session cookie (wapiti-<role>.json),
#   3. runs sqlmap against a representative set of forms and the JSON API, on a second server
#      with its own copy of the fresh database (sqlmap.json, sqlmap.txt),
# and writes findings.md. See docs/security/README.md for what is scanned and why.
#
# Exit status: 0 when no finding of medium severity or above remains that is not accepted in
# docs/security/allowlist.json; 1 when one remains; 2 when a scan did not complete; other
# values when the set-up failed (build, seed, server start, sign-in).
#
# Knobs (environment): SCAN_BUILD=auto|always|never, SCAN_ROLES, SCAN_TOOLS="csrf wapiti sqlmap",
# SQLMAP_TARGETS, WAPITI_CRAWL_SECONDS, WAPITI_ATTACK_SECONDS, WAPITI_BUDGET_SECONDS,
# WAPITI_MODULES, SCAN_OUT, and
# SCAN_KEEP_LOGS=<dir> to keep the raw tool and server logs (they are removed otherwise).
set -Eeuo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
HELPERS=$ROOT/scripts/security
OUT=${SCAN_OUT:-$ROOT/docs/security}
PY=/usr/bin/python3 # the interpreter Debian's wapiti is installed for
PASSWORD=upstream-demo-password

SCAN_BUILD=${SCAN_BUILD:-auto}
SCAN_TOOLS=${SCAN_TOOLS:-"csrf wapiti sqlmap"}
# Anonymous last: its attacks on the sign-in form use up the per-address sign-in limit.
# Admin after the other roles: its attacks on the people pages disable other accounts.
SCAN_ROLES=${SCAN_ROLES:-"researcher analyst officer admin anonymous"}
SQLMAP_TARGETS=${SQLMAP_TARGETS:-"login library case-queue case-note project-new api-flags"}
WAPITI_CRAWL_SECONDS=${WAPITI_CRAWL_SECONDS:-90}
WAPITI_ATTACK_SECONDS=${WAPITI_ATTACK_SECONDS:-120}  # per attack module
WAPITI_BUDGET_SECONDS=${WAPITI_BUDGET_SECONDS:-450}  # per run: no payload is sent after this
# Left out: blindsql (its payloads are time-based for MySQL, PostgreSQL and SQL Server only) and
# methods (OPTIONS to every page, minutes per role; csrf-check covers the other methods).
WAPITI_MODULES=${WAPITI_MODULES:-"xss,permanentxss,sql,exec,file,crlf,redirect,csrf,http_headers,cookieflags,csp"}
# A safety net only: scripts/security/wapiti.py keeps each run within its budget.
WAPITI_HARD_LIMIT=${WAPITI_HARD_LIMIT:-$((WAPITI_BUDGET_SECONDS + 90))}
SQLMAP_HARD_LIMIT=${SQLMAP_HARD_LIMIT:-420}

log() { printf '[scan %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() {
  log "error: $*"
  if [[ -s ${TMP:-}/server.log ]]; then log "last lines of the server log:"; tail -20 "$TMP/server.log" >&2; fi
  exit 3
}

for tool in wapiti sqlmap curl node npx; do command -v "$tool" >/dev/null || die "$tool is not installed"; done
[[ -x $PY ]] && $PY -c 'import wapitiCore' 2>/dev/null || die "$PY cannot import wapitiCore (install Debian's wapiti package)"

TMP=$(mktemp -d "${TMPDIR:-/tmp}/upstream-security-scan.XXXXXX")
SERVER_PID=""
TOOL_PID=""
STARTED=$(date +%s)

stop_server() {
  [[ -n $SERVER_PID ]] || return 0
  if kill -0 "$SERVER_PID" 2>/dev/null; then
    kill -TERM "$SERVER_PID" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$SERVER_PID" 2>/dev/null || true
  fi
  wait "$SERVER_PID" 2>/dev/null || true
  SERVER_PID=""
}

# Tools run in the background and are waited for, so that a signal reaches this script at once.
run_bounded() { # seconds command...
  local limit=$1 status=0
  shift
  timeout -k 15 "$limit" "$@" </dev/null &
  TOOL_PID=$!
  wait "$TOOL_PID" || status=$?
  TOOL_PID=""
  return "$status"
}

cleanup() {
  local status=$?
  trap - EXIT INT TERM
  if [[ -n $TOOL_PID ]]; then kill -TERM "$TOOL_PID" 2>/dev/null || true; wait "$TOOL_PID" 2>/dev/null || true; fi
  stop_server
  if [[ -n ${SCAN_KEEP_LOGS:-} ]]; then mkdir -p "$SCAN_KEEP_LOGS" && cp "$TMP"/*.log "$SCAN_KEEP_LOGS"/ 2>/dev/null || true; fi
  rm -rf "$TMP"
  log "stopped the server and removed $TMP (exit status $status)"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

free_port() { $PY -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }

# --- build and database -----------------------------------------------------------------------

needs_build() {
  [[ -f $ROOT/build/server/index.js && -d $ROOT/build/client ]] || return 0
  local newer
  newer=$(find "$ROOT/app" "$ROOT/server" "$ROOT/content" "$ROOT/db" "$ROOT/public" "$ROOT/package.json" "$ROOT/vite.config.ts" "$ROOT/react-router.config.ts" \
    -newer "$ROOT/build/server/index.js" -type f -print -quit 2>/dev/null)
  [[ -n $newer ]]
}

case $SCAN_BUILD in
  always) build=yes ;;
  never) build=no; [[ -f $ROOT/build/server/index.js ]] || die "no build in $ROOT/build and SCAN_BUILD=never" ;;
  *) if needs_build; then build=yes; else build=no; fi ;;
esac
if [[ $build == yes ]]; then
  log "building the portal (npm run build)"
  (cd "$ROOT" && npm run build) >"$TMP/build.log" 2>&1 || { tail -40 "$TMP/build.log" >&2; die "the build failed"; }
fi

# The server runs from a copy of the build (with the content and migrations it reads), so that
# a rebuild in the working tree during the scan cannot change or break the server under test.
snapshot_build() {
  local app=$TMP/app before after
  for _ in 1 2 3 4 5 6; do
    before=$(find "$ROOT/build" -type f -printf '%T@ %s %p\n' 2>/dev/null | sort | md5sum)
    rm -rf "$app"
    mkdir -p "$app/db"
    cp -R "$ROOT/build" "$ROOT/content" "$ROOT/server.js" "$ROOT/package.json" "$app/"
    cp -R "$ROOT/db/migrations" "$app/db/"
    ln -s "$ROOT/node_modules" "$app/node_modules"
    after=$(find "$ROOT/build" -type f -printf '%T@ %s %p\n' 2>/dev/null | sort | md5sum)
    [[ $before == "$after" && -f $app/build/server/index.js ]] && return 0
    log "the build changed while it was being copied; trying again in 15 s"
    sleep 15
  done
  die "could not take a stable copy of the build"
}
snapshot_build

log "seeding a fresh demo database in $TMP"
(cd "$ROOT" && APP_ENV=demo DATABASE_PATH="$TMP/u.db" npx tsx db/seed.ts) >"$TMP/seed.log" 2>&1 || { tail -40 "$TMP/seed.log" >&2; die "seeding failed"; }
# sqlmap gets its own copy of the fresh database: the wapiti runs change a lot (the admin run
# disables accounts), and sqlmap's requests should meet the seeded data.
cp "$TMP/u.db" "$TMP/sqlmap.db"

BASE=""
start_server() { # database-path [extra environment assignments...]
  local database=$1 port
  shift
  port=$(free_port)
  BASE=http://127.0.0.1:$port
  (cd "$TMP/app" && exec env NODE_ENV=production APP_ENV=demo PORT="$port" APP_URL="$BASE" DATABASE_PATH="$database" "$@" node server.js) >>"$TMP/server.log" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 1 120); do
    if curl -fsS -o /dev/null "$BASE/healthz" 2>/dev/null; then log "server up at $BASE (pid $SERVER_PID)"; return 0; fi
    kill -0 "$SERVER_PID" 2>/dev/null || break
    sleep 0.5
  done
  tail -40 "$TMP/server.log" >&2
  die "the server did not start"
}

# Sign-ins come from 127.0.0.2 when the system allows it, so they never share the per-address
# sign-in limit with the scanners' attacks on the sign-in form (which come from 127.0.0.1).
SIGNIN_FROM=()
sign_in() { # e-mail -> prints the session token
  local jar=$TMP/jar.$$.$RANDOM code token
  code=$(curl -s -o /dev/null -w '%{http_code}' "${SIGNIN_FROM[@]}" -c "$jar" -H "Origin: $BASE" \
    --data-urlencode "email=$1" --data-urlencode "password=$PASSWORD" "$BASE/login") || true
  token=$(awk '$6 == "upstream_session" { print $7 }' "$jar" 2>/dev/null || true)
  rm -f "$jar"
  [[ $code == 302 && -n $token ]] || die "signing in as $1 failed (HTTP $code)"
  printf '%s' "$token"
}

session_valid() { # token home-path -> yes|no
  local code
  code=$(curl -s -o /dev/null -w '%{http_code}' -b "upstream_session=$1" "$BASE$2") || true
  [[ $code == 200 ]] && echo yes || echo no
}

email_of() {
  case $1 in
    researcher) echo researcher@demo-university.example ;;
    officer) echo officer@demo-university.example ;;
    analyst) echo agency@export-agency.example ;;
    admin) echo admin@upstream.example ;;
  esac
}
home_of() {
  case $1 in researcher) echo /researcher ;; officer) echo /office ;; analyst) echo /agency ;; admin) echo /admin ;; *) echo / ;; esac
}
# Wapiti 3.0.4 does not follow a redirect whose body is empty ("/" answers 302 to the home page
# of the role), so each role's crawl starts from its own pages. The officer starts with case 1,
# so that it is one of the two case pages the crawl keeps (with all of its forms).
starts_of() {
  case $1 in
    researcher) echo "/researcher /projects /projects/new /library /account/notifications /account/two-step" ;;
    officer) echo "/office/cases/1 /office /office/cases /office/triage /office/screening /office/people /office/api-tokens /library /account/notifications" ;;
    analyst) echo "/agency /agency/warnings /agency/trends /agency/api-tokens /account/notifications" ;;
    admin) echo "/admin /admin/people /admin/institutions /admin/agencies /admin/lists /admin/audit /admin/outbox" ;;
    anonymous) echo "/ /login /signup /forgot-password /reset-password /verify-email /invitations/accept /library /dev/outbox" ;;
  esac
}

mkdir -p "$OUT"

# --- main server: CSRF probe and wapiti ------------------------------------------------------

start_server "$TMP/u.db"
if curl -s -o /dev/null --interface 127.0.0.2 "$BASE/healthz" 2>/dev/null; then SIGNIN_FROM=(--interface 127.0.0.2); fi

if [[ " $SCAN_TOOLS " == *" csrf "* ]]; then
  log "csrf-check: cross-origin posts to a form handler must be refused"
  officer_token=$(sign_in "$(email_of officer)")
  probe() { # name expected-status curl-args...
    local name=$1 expected=$2 status ok
    shift 2
    status=$(curl -s -o /dev/null -w '%{http_code}' -b "upstream_session=$officer_token" "$@" \
      --data-urlencode intent=note --data-urlencode "note=Cross-origin probe ($name)." "$BASE/office/cases/1") || true
    if [[ $expected == 403 ]]; then [[ $status == 403 ]] && ok=true || ok=false; else [[ $status =~ ^(2|3) ]] && ok=true || ok=false; fi
    printf '{"case": "%s", "path": "/office/cases/1", "status": %s, "expected": "%s", "ok": %s}' "$name" "${status:-0}" "$expected" "$ok"
  }
  {
    echo "["
    probe "no Origin, no Sec-Fetch-Site" 403; echo ","
    probe "Origin: https://attacker.example" 403 -H "Origin: https://attacker.example"; echo ","
    probe "Origin: null" 403 -H "Origin: null"; echo ","
    probe "Sec-Fetch-Site: cross-site" 403 -H "Sec-Fetch-Site: cross-site"; echo ","
    probe "Origin: http://127.0.0.1.attacker.example" 403 -H "Origin: http://127.0.0.1.attacker.example"; echo ","
    probe "PUT, Origin: https://attacker.example" 403 -X PUT -H "Origin: https://attacker.example"; echo ","
    probe "DELETE, no Origin" 403 -X DELETE; echo ","
    probe "Origin: the portal (control)" "2xx/3xx" -H "Origin: $BASE"
    echo "]"
  } >"$TMP/csrf-check.json"
  $PY -m json.tool "$TMP/csrf-check.json" >"$OUT/csrf-check.json"
fi

if [[ " $SCAN_TOOLS " == *" wapiti "* ]]; then
  rm -f "$OUT"/wapiti-*.json
  for role in $SCAN_ROLES; do
    log "wapiti as $role"
    args=(-u "$BASE/" --scope folder
      -H "Origin: $BASE"                    # let form handlers past the CSRF check (see README)
      -H "Accept-Encoding: gzip, deflate"   # wapiti asks for brotli but cannot decode it here
      -x "$BASE/logout*" -x "$BASE/account/sessions*" -x "$BASE/account/data" -x "$BASE/account/data?*" -x "$BASE/assets/*"
      -x "http://template-limit.invalid/2"  # at most 2 addresses per route template (scripts/security/wapiti.py)
      # The case queue's one-filter links repeat the queue's bulk and export forms; the filter
      # form itself (?q=&overdue=&…) still carries every filter parameter.
      -x "$BASE/office/cases?assignee=*" -x "$BASE/office/cases?status=*" -x "$BASE/office/cases?severity=*"
      -x "$BASE/office/cases?overdue=*" -x "$BASE/office/cases/export?*"
      -m "$WAPITI_MODULES" --max-scan-time "$WAPITI_CRAWL_SECONDS" --max-attack-time "$WAPITI_ATTACK_SECONDS"
      --skip technologyAreas --skip caseId  # long checkbox lists of known values (see README)
      --max-files-per-dir 30 --flush-session --store-session "$TMP/wapiti-session" --store-config "$TMP/wapiti-config"
      -f json -o "$TMP/wapiti-$role.json" -v 1 --no-bugreport)
    for start in $(starts_of "$role"); do args+=(-s "$BASE$start"); done
    token=""
    if [[ $role != anonymous ]]; then
      token=$(sign_in "$(email_of "$role")")
      printf '{"127.0.0.1": {"/": {"upstream_session": {"value": "%s", "expires": null, "secure": false, "port": null, "version": 0}}}}\n' "$token" >"$TMP/cookie-$role.json"
      args+=(-c "$TMP/cookie-$role.json")
    fi
    began=$(date +%s)
    status=0
    WAPITI_DEADLINE_SECONDS=$WAPITI_BUDGET_SECONDS run_bounded "$WAPITI_HARD_LIMIT" "$PY" "$HELPERS/wapiti.py" "${args[@]}" >"$TMP/wapiti-$role.log" 2>&1 || status=$?
    seconds=$(($(date +%s) - began))
    session=n/a
    [[ -n $token ]] && session=$(session_valid "$token" "$(home_of "$role")")
    $PY "$HELPERS/report.py" wapiti --role "$role" --report "$TMP/wapiti-$role.json" --log "$TMP/wapiti-$role.log" \
      --exit-code "$status" --session "$session" --seconds "$seconds" >"$OUT/wapiti-$role.json"
    kill -0 "$SERVER_PID" 2>/dev/null || { tail -40 "$TMP/server.log" >&2; die "the server stopped during the wapiti run as $role"; }
    log "wapiti as $role: exit $status after ${seconds}s, $($PY -c 'import json,sys; d=json.load(open(sys.argv[1])); print(len(d["findings"]), "finding(s),", d["resources_crawled"], "resources crawled")' "$OUT/wapiti-$role.json")"
  done
fi
stop_server

# --- second server: sqlmap ---------------------------------------------------------------------

if [[ " $SCAN_TOOLS " == *" sqlmap "* ]]; then
  # TRUST_PROXY=true (the setting for running behind a reverse proxy) lets sqlmap's xforwardedfor
  # tamper give every sign-in attempt its own address; otherwise the per-address sign-in limit
  # answers 429 after 30 attempts and the sign-in form would not really be tested.
  start_server "$TMP/sqlmap.db" TRUST_PROXY=true
  researcher_token=$(sign_in "$(email_of researcher)")
  officer_token=$(sign_in "$(email_of officer)")
  api_token=$(curl -s -b "upstream_session=$officer_token" -H "Origin: $BASE" --data-urlencode name=scan "$BASE/office/api-tokens" \
    | grep -o 'upst_[a-z0-9]*' | head -1) || true
  [[ -n $api_token ]] || die "could not create an API token as the officer"

  common=(--batch --level 2 --risk 1 --dbms=SQLite --disable-coloring -v 1 --timeout 20 --retries 1 --drop-set-cookie --output-dir "$TMP/sqlmap-output")
  : >"$TMP/sqlmap.ndjson"
  {
    echo "sqlmap $(sqlmap --version 2>/dev/null | head -1) — conclusion lines per target (see README.md for options and analysis)"
    echo "Common options: ${common[*]/$TMP/<tmp>}"
  } >"$TMP/sqlmap.txt"

  run_sqlmap() { # name role method target parameters sqlmap-args...
    local name=$1 role=$2 method=$3 target=$4 params=$5 status=0 began seconds
    shift 5
    log "sqlmap $name ($role): $method $target [$params]"
    began=$(date +%s)
    run_bounded "$SQLMAP_HARD_LIMIT" sqlmap "${common[@]}" -u "$BASE$target" -p "$params" "$@" >"$TMP/sqlmap-$name.log" 2>&1 || status=$?
    seconds=$(($(date +%s) - began))
    $PY "$HELPERS/report.py" sqlmap --name "$name" --role "$role" --method "$method" --target "$target" --params "$params" \
      --log "$TMP/sqlmap-$name.log" --exit-code "$status" --seconds "$seconds" >"$TMP/sqlmap-$name.json"
    $PY -c 'import json,sys; print(json.dumps(json.load(open(sys.argv[1]))))' "$TMP/sqlmap-$name.json" >>"$TMP/sqlmap.ndjson"
    $PY - "$TMP/sqlmap-$name.json" >>"$TMP/sqlmap.txt" <<'EOF'
import json, sys
r = json.load(open(sys.argv[1]))
print(f"\n== {r['name']} ({r['role']}): {r['method']} {r['target']}  parameters: {r['parameters']}")
print(f"   verdict: {r['verdict'].upper()}  ({r['seconds']} s, exit {r['exit_code']}{', HTTP codes: ' + r['http_error_codes'] if r['http_error_codes'] else ''})")
for line in r["conclusion"]:
    print("   " + line)
EOF
    log "sqlmap $name: $($PY -c 'import json,sys; print(json.load(open(sys.argv[1]))["verdict"])' "$TMP/sqlmap-$name.json") after ${seconds}s"
    kill -0 "$SERVER_PID" 2>/dev/null || { tail -40 "$TMP/server.log" >&2; die "the server stopped during sqlmap $name"; }
  }

  origin=(--headers "Origin: $BASE")
  for target in $SQLMAP_TARGETS; do
    case $target in
      login)
        # Each attempt gets a fresh address (xforwardedfor) and a fresh e-mail prefix (--eval),
        # so neither sign-in limit (30 per address, 5 per account in 15 minutes) answers instead
        # of the code under test. The prefix keeps the injected payload intact.
        run_sqlmap login anonymous POST /login "email,password" "${origin[@]}" \
          --data "email=nobody%40scan.example&password=not-the-password&redirectTo=%2F" \
          --tamper xforwardedfor --ignore-code 401 \
          --eval 'import random; email = "r%d-" % random.randint(0, 10**9) + email' ;;
      library)
        run_sqlmap library researcher GET "/library?q=export" "q,upstream_session" --cookie "upstream_session=$researcher_token" ;;
      case-queue)
        run_sqlmap case-queue officer GET "/office/cases?q=partner&severity=high" "q,severity" --cookie "upstream_session=$officer_token" ;;
      case-note)
        run_sqlmap case-note officer POST /office/cases/1 "intent,note" "${origin[@]}" --cookie "upstream_session=$officer_token" \
          --data "intent=note&note=Checked+by+the+security+scan." ;;
      project-new)
        run_sqlmap project-new researcher POST /projects/new "title,summary,field,technologyAreas,trl,startDate,endDate" "${origin[@]}" \
          --cookie "upstream_session=$researcher_token" \
          --data "title=Scan+project&summary=A+project+registered+by+the+security+scan.&field=computational+linguistics&technologyAreas=other-benign&trl=3&startDate=2026-01-01&endDate=2027-12-31" ;;
      api-flags)
        run_sqlmap api-flags officer-token GET "/api/v1/flags?status=open&severity=high" "status,severity" \
          --headers "Authorization: Bearer $api_token" --ignore-code 401 ;;
      *) die "unknown sqlmap target $target" ;;
    esac
  done
  $PY -c 'import json,sys; print(json.dumps([json.loads(l) for l in open(sys.argv[1]) if l.strip()], indent=2, ensure_ascii=False))' "$TMP/sqlmap.ndjson" >"$OUT/sqlmap.json"
  cp "$TMP/sqlmap.txt" "$OUT/sqlmap.txt"
  stop_server
fi

# --- verdict -------------------------------------------------------------------------------------

commit=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)
dirty=false
[[ -n $(GIT_OPTIONAL_LOCKS=0 git -C "$ROOT" status --porcelain 2>/dev/null | head -1) ]] && dirty=true
$PY - "$OUT/run.json" <<EOF
import json, sys
json.dump({
    "date": "$(date -u +%Y-%m-%dT%H:%M:%SZ)",
    "duration_seconds": $(($(date +%s) - STARTED)),
    "wapiti": "$(wapiti --version 2>/dev/null | grep -o 'Wapiti-[0-9.]*' | head -1)",
    "sqlmap": "$(sqlmap --version 2>/dev/null | head -1)",
    "node": "$(node --version)",
    "commit": "$commit",
    "dirty": $([[ $dirty == true ]] && echo True || echo False),
    "tools": "$SCAN_TOOLS",
    "roles": "$SCAN_ROLES",
    "sqlmap_targets": "$SQLMAP_TARGETS",
    "wapiti_modules": "$WAPITI_MODULES",
    "wapiti_crawl_seconds": $WAPITI_CRAWL_SECONDS,
    "wapiti_attack_seconds": $WAPITI_ATTACK_SECONDS,
    "wapiti_budget_seconds": $WAPITI_BUDGET_SECONDS,
}, open(sys.argv[1], "w"), indent=2)
EOF
status=0
$PY "$HELPERS/report.py" evaluate --dir "$OUT" || status=$?
log "reports in ${OUT#"$ROOT"/}; verdict exit status $status"
exit "$status"
