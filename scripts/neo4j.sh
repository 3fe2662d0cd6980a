#!/usr/bin/env bash
# Development/test Neo4j 5.26 Community server (with Neo4j Browser), assembled from
# Maven Central by pom.xml and run on Java 17. No Docker, no other downloads.
#
#   scripts/neo4j.sh start|stop|status|restart|kill|reset|home|admin ARGS...|finish-swap
#
#   start    resolve the jars once, write neo4j.conf, set the initial password (first
#            start only), start the server in the background, wait until Bolt answers
#   stop     stop it cleanly (SIGTERM, bounded wait)
#   status   say whether it runs and whether Bolt and HTTP answer (exit 0 only if running)
#   restart  stop then start
#   kill     SIGKILL, no shutdown (for fault tests)
#   reset    stop and delete the data (the next start sets the password again)
#   home     print the server home (where `kg load --bulk` works)
#   admin    run neo4j-admin from the same jars: `scripts/neo4j.sh admin database info neo4j`
#   finish-swap  finish a database swap of `kg load --bulk` (start and admin do it first)
#
# Environment (defaults for development and tests):
#   NEO4J_PASSWORD        initial password of user neo4j        (kgpassword)
#   KG_NEO4J_HOME         server home                            (<repo>/.neo4j, git-ignored)
#   KG_NEO4J_BOLT_PORT    Bolt port on 127.0.0.1                 (7687)
#   KG_NEO4J_HTTP_PORT    HTTP port on 127.0.0.1 (Browser)       (7474)
#   KG_NEO4J_HEAP         JVM heap                               (1g)
#   KG_NEO4J_PAGECACHE    page cache                             (512m)
#   KG_NEO4J_START_TIMEOUT seconds to wait for Bolt              (180)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
HOME_DIR="${KG_NEO4J_HOME:-$ROOT/.neo4j}"
PASSWORD="${NEO4J_PASSWORD:-kgpassword}"
BOLT_PORT="${KG_NEO4J_BOLT_PORT:-7687}"
HTTP_PORT="${KG_NEO4J_HTTP_PORT:-7474}"
HEAP="${KG_NEO4J_HEAP:-1g}"
PAGECACHE="${KG_NEO4J_PAGECACHE:-512m}"
START_TIMEOUT="${KG_NEO4J_START_TIMEOUT:-180}"
STOP_TIMEOUT="${KG_NEO4J_STOP_TIMEOUT:-60}"

LIB="$HOME_DIR/lib"
WEB="$HOME_DIR/web"
CONF_DIR="$HOME_DIR/conf"
PID_FILE="$HOME_DIR/run/neo4j.pid"
# `kg load --bulk` (loaders/neo4j_bulk.py) imports into a fresh directory, then swaps it in
# by the moves this journal lists, one "from<TAB>to" a line; see finish_swap.
SWAP_JOURNAL="$HOME_DIR/bulk.swap"
CONSOLE_LOG="$HOME_DIR/logs/console.log"
ENTRY_POINT="org.neo4j.server.CommunityEntryPoint"

# The same JVM flags the official launcher adds (Netty and the page cache need the
# opens); no AlwaysPreTouch: the machine is shared with tests.
JVM_FLAGS=(
  -Xms256m "-Xmx$HEAP"
  -XX:+UseG1GC -XX:-OmitStackTraceInFastThrow -XX:+DisableExplicitGC
  -Djdk.nio.maxCachedBufferSize=1024 -Dio.netty.tryReflectionSetAccessible=true
  -Dlog4j2.disable.jmx=true -Dfile.encoding=UTF-8
  --add-opens=java.base/java.nio=ALL-UNNAMED
  --add-opens=java.base/java.io=ALL-UNNAMED
  --add-opens=java.base/sun.nio.ch=ALL-UNNAMED
  --add-opens=java.base/java.lang=ALL-UNNAMED
  --enable-native-access=ALL-UNNAMED
)

say() { printf 'neo4j: %s\n' "$*"; }
die() { printf 'neo4j: error: %s\n' "$*" >&2; exit 1; }

need() {
  command -v "$1" >/dev/null 2>&1 || die "$1 not found on PATH ($2)"
}

# --- resolve: the server's jars from Maven Central, once per pom.xml version -------------
resolve() {
  local stamp="$LIB/.pom.sha256" want
  want="$(sha256sum "$ROOT/pom.xml" | cut -d' ' -f1)"
  if [[ -f "$stamp" && "$(cat "$stamp")" == "$want" ]]; then
    return 0
  fi
  need mvn "install Maven 3.8+"
  say "resolving Neo4j from Maven Central into $LIB (once) ..."
  rm -rf "$LIB"
  mkdir -p "$LIB"
  local mvn_log="$HOME_DIR/mvn.log"
  if ! mvn -B -Dstyle.color=never -f "$ROOT/pom.xml" dependency:copy-dependencies \
        -DoutputDirectory="$LIB" -DincludeScope=runtime >"$mvn_log" 2>&1; then
    grep -E 'ERROR|BUILD' "$mvn_log" | head -n 20 | sed 's/^/  | /' >&2
    rm -rf "$LIB"
    die "mvn could not resolve pom.xml (is Maven Central reachable? full log: $mvn_log)"
  fi
  echo "$want" >"$stamp"
}

# --- configure: neo4j.conf, rewritten on every start so the settings above apply --------
configure() {
  mkdir -p "$CONF_DIR" "$HOME_DIR"/{data,logs,run,import,plugins}
  cat >"$CONF_DIR/neo4j.conf" <<EOF
# Written by scripts/neo4j.sh on every start; edit the script, not this file.
server.directories.data=$HOME_DIR/data
server.directories.logs=$HOME_DIR/logs
server.directories.run=$HOME_DIR/run
server.directories.import=$HOME_DIR/import
server.directories.plugins=$HOME_DIR/plugins
server.directories.lib=$LIB

# Local only.
server.default_listen_address=127.0.0.1
server.default_advertised_address=localhost
server.bolt.enabled=true
server.bolt.listen_address=:$BOLT_PORT
server.bolt.advertised_address=:$BOLT_PORT
server.http.enabled=true
server.http.listen_address=:$HTTP_PORT
server.http.advertised_address=:$HTTP_PORT
server.https.enabled=false
server.http_enabled_modules=TRANSACTIONAL_ENDPOINTS,UNMANAGED_EXTENSIONS,BROWSER

# Neo4j Browser (docs/neo4j.md): no product analytics, allowed remote content only from this
# machine, and on connect the project's style and guide, which browser_files puts next to
# Browser's own files (served at /browser/kg/).
client.allow_telemetry=false
browser.remote_content_hostname_whitelist=localhost
browser.post_connect_cmd=style http://localhost:$HTTP_PORT/browser/kg/style.grass; guide http://localhost:$HTTP_PORT/browser/kg/guide.html

dbms.security.auth_enabled=true
# Tests try wrong passwords on purpose; the default (3) would lock user neo4j for 5 s.
dbms.security.auth_max_failed_attempts=20
dbms.usage_report.enabled=false

# Small: a 2-core machine shared with tests. The heap is also passed to java directly
# (this script starts the entry point, not the launcher that reads these two).
server.memory.heap.initial_size=256m
server.memory.heap.max_size=$HEAP
server.memory.pagecache.size=$PAGECACHE
db.memory.transaction.total.max=512m
db.tx_log.rotation.retention_policy=100M size
server.threads.worker_count=4
EOF
}

# $WEB first: the server serves /browser/ from the first class path entry holding browser/.
classpath() { echo "$WEB:$LIB/*:$HOME_DIR/plugins/*"; }

# --- browser files: Browser's static files and the project's style and guide -------------
# The BROWSER module serves the `browser/` folder of the first class path entry that has
# one, so Browser's jar is unpacked into $WEB (once per jar) and the project's files are
# added under browser/kg/ at every start: http://localhost:$HTTP_PORT/browser/kg/style.grass.
browser_files() {
  local jar stamp want
  jar="$(find "$LIB" -maxdepth 1 -name 'neo4j-browser-*.jar' | head -n 1)"
  [[ -n "$jar" ]] || die "no neo4j-browser jar in $LIB (pom.xml pins it)"
  stamp="$WEB/.browser-jar.sha256"
  want="$(sha256sum "$jar" | cut -d' ' -f1)"
  if [[ ! -f "$stamp" || "$(cat "$stamp")" != "$want" ]]; then
    rm -rf "$WEB"
    mkdir -p "$WEB"
    python3 - "$jar" "$WEB" <<'PY' || die "could not unpack $jar"
import sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as jar:
    jar.extractall(sys.argv[2], [n for n in jar.namelist() if n.startswith("browser/")])
PY
    echo "$want" >"$stamp"
  fi
  mkdir -p "$WEB/browser/kg"
  cp "$ROOT/queries/style.grass" "$ROOT/queries/guide.html" "$WEB/browser/kg/"
}

# --- process helpers ---------------------------------------------------------------------
# The pid in the pid file, if that process is alive and is our server (not a reused pid).
server_pid() {
  [[ -f "$PID_FILE" ]] || return 1
  local pid
  pid="$(cat "$PID_FILE" 2>/dev/null || true)"
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  kill -0 "$pid" 2>/dev/null || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q -- "$ENTRY_POINT.*--home-dir=$HOME_DIR" || return 1
  echo "$pid"
}

# Bolt answers when a Bolt handshake gets a version back (not merely an open port).
bolt_answers() {
  python3 - "$BOLT_PORT" <<'PY' 2>/dev/null
import socket, struct, sys
try:
    with socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=2) as s:
        # magic, then proposals: 5.0-5.8, 4.4, none, none
        s.sendall(b"\x60\x60\xb0\x17" + b"\x00\x08\x08\x05" + b"\x00\x00\x04\x04" + b"\x00" * 8)
        s.settimeout(5)
        reply = b""
        while len(reply) < 4:
            chunk = s.recv(4 - len(reply))
            if not chunk:
                sys.exit(1)
            reply += chunk
    sys.exit(0 if struct.unpack(">I", reply)[0] != 0 else 1)
except OSError:
    sys.exit(1)
PY
}

port_in_use() {
  python3 - "$1" <<'PY' 2>/dev/null
import socket, sys
s = socket.socket()
try:
    s.connect(("127.0.0.1", int(sys.argv[1])))
except OSError:
    sys.exit(1)
sys.exit(0)
PY
}

http_code() {
  curl -s -o /dev/null -w '%{http_code}' --max-time 5 "http://localhost:$HTTP_PORT$1" 2>/dev/null || true
}

log_tail() {
  local log="$HOME_DIR/logs/neo4j.log"
  [[ -s "$log" ]] || log="$CONSOLE_LOG"
  if [[ -f "$log" ]]; then
    printf 'neo4j: last lines of %s:\n' "$log" >&2
    tail -n 30 "$log" | sed 's/^/  | /' >&2
  fi
}

# --- password: the admin command class from the same jars, first start only -----------
set_initial_password() {
  local stamp="$HOME_DIR/data/.initial-password.sha256" want
  want="$(printf '%s' "$PASSWORD" | sha256sum | cut -d' ' -f1)"
  if [[ -d "$HOME_DIR/data/databases/system" ]]; then
    # Already initialised: Neo4j ignores set-initial-password after the first start.
    if [[ -f "$stamp" && "$(cat "$stamp")" != "$want" ]]; then
      say "warning: NEO4J_PASSWORD differs from the password set at first start; it stays as it was ('scripts/neo4j.sh reset' deletes the data and sets it anew)"
    fi
    return 0
  fi
  [[ ${#PASSWORD} -ge 8 ]] || die "NEO4J_PASSWORD must have at least 8 characters (Neo4j's minimum)"
  say "setting the initial password of user neo4j (from NEO4J_PASSWORD)"
  if ! NEO4J_HOME="$HOME_DIR" NEO4J_CONF="$CONF_DIR" \
       java -Xmx256m -cp "$(classpath)" org.neo4j.cli.AdminTool \
         dbms set-initial-password "$PASSWORD" >"$HOME_DIR/logs/admin.log" 2>&1; then
    sed 's/^/  | /' "$HOME_DIR/logs/admin.log" >&2
    die "could not set the initial password (see above)"
  fi
  echo "$want" >"$stamp"
}

# --- the bulk load's swap: finish what a journal lists ----------------------------------
# Each move is done only while its source exists and its target does not, so running the
# journal again after a crash at any point finishes the swap: the old database moves
# aside, the imported one takes its place, and never half of each.
finish_swap() {
  [[ -f "$SWAP_JOURNAL" ]] || return 0
  local from to
  while IFS=$'\t' read -r from to; do
    [[ -n "$from" && -n "$to" ]] || continue
    if [[ -e "$from" && ! -e "$to" ]]; then
      mkdir -p "$(dirname "$to")"
      mv "$from" "$to"
    fi
  done <"$SWAP_JOURNAL"
  rm -f "$SWAP_JOURNAL"
}

# neo4j-admin (org.neo4j.cli.AdminTool, from the neo4j-command-line and neo4j-import-tool
# jars) with this home's configuration; refuses while the server runs.
cmd_admin() {
  if server_pid >/dev/null; then
    die "the server is running (pid $(server_pid)); stop it first (scripts/neo4j.sh stop)"
  fi
  need java "install Java 17"
  resolve
  configure
  finish_swap
  NEO4J_HOME="$HOME_DIR" NEO4J_CONF="$CONF_DIR" \
    exec java "-Xmx$HEAP" -cp "$(classpath)" org.neo4j.cli.AdminTool "$@"
}

# --- commands ------------------------------------------------------------------------------
cmd_start() {
  local pid
  if pid="$(server_pid)"; then
    if bolt_answers; then
      say "already running (pid $pid), Bolt bolt://localhost:$BOLT_PORT, Browser http://localhost:$HTTP_PORT/browser/"
      return 0
    fi
    say "already running (pid $pid) but Bolt does not answer yet; waiting"
  else
    need java "install Java 17"
    need python3 "used to probe Bolt"
    local major
    major="$(java -XshowSettings:properties -version 2>&1 | sed -n 's/.*java.specification.version = //p')"
    [[ "$major" == "17" || "$major" == "21" ]] || die "Neo4j 5.26 needs Java 17 or 21, found Java $major"
    if port_in_use "$BOLT_PORT"; then
      die "port $BOLT_PORT is taken by another process (not the server in $HOME_DIR); stop it or set KG_NEO4J_BOLT_PORT"
    fi
    if port_in_use "$HTTP_PORT"; then
      die "port $HTTP_PORT is taken by another process; stop it or set KG_NEO4J_HTTP_PORT"
    fi
    resolve
    browser_files
    configure
    finish_swap
    set_initial_password
    rm -f "$PID_FILE"
    : >"$CONSOLE_LOG"
    # setsid: the server outlives the shell (and job control) that started it.
    setsid java "${JVM_FLAGS[@]}" -cp "$(classpath)" "$ENTRY_POINT" \
      --home-dir="$HOME_DIR" --config-dir="$CONF_DIR" --console-mode \
      </dev/null >>"$CONSOLE_LOG" 2>&1 &
    pid=$!
    echo "$pid" >"$PID_FILE"
    say "started (pid $pid), log $CONSOLE_LOG; waiting up to ${START_TIMEOUT}s for Bolt ..."
  fi
  local waited=0
  while ! bolt_answers; do
    if ! kill -0 "$pid" 2>/dev/null; then
      rm -f "$PID_FILE"
      log_tail
      die "the server exited during start-up"
    fi
    if (( waited >= START_TIMEOUT )); then
      log_tail
      die "Bolt did not answer on port $BOLT_PORT within ${START_TIMEOUT}s (server pid $pid still running; 'scripts/neo4j.sh stop' to end it)"
    fi
    sleep 1
    waited=$((waited + 1))
  done
  say "ready after ${waited}s: Bolt bolt://localhost:$BOLT_PORT, Browser http://localhost:$HTTP_PORT/browser/ (user neo4j)"
}

cmd_stop() {
  local pid
  if ! pid="$(server_pid)"; then
    rm -f "$PID_FILE"
    say "not running"
    return 0
  fi
  say "stopping (pid $pid) ..."
  kill -TERM "$pid" 2>/dev/null || true
  local waited=0
  while kill -0 "$pid" 2>/dev/null; do
    if (( waited >= STOP_TIMEOUT )); then
      say "did not stop within ${STOP_TIMEOUT}s; killing it"
      kill -KILL "$pid" 2>/dev/null || true
      break
    fi
    sleep 1
    waited=$((waited + 1))
  done
  wait_gone "$pid"
  rm -f "$PID_FILE"
  say "stopped"
}

cmd_kill() {
  local pid
  if ! pid="$(server_pid)"; then
    rm -f "$PID_FILE"
    say "not running"
    return 0
  fi
  kill -KILL "$pid" 2>/dev/null || true
  wait_gone "$pid"
  rm -f "$PID_FILE"
  say "killed (pid $pid, SIGKILL)"
}

wait_gone() {
  local i
  for i in $(seq 1 100); do
    kill -0 "$1" 2>/dev/null || return 0
    sleep 0.1
  done
}

cmd_status() {
  local pid
  if pid="$(server_pid)"; then
    local bolt="no" browser
    bolt_answers && bolt="yes"
    browser="$(http_code /browser/)"
    say "running (pid $pid); Bolt on $BOLT_PORT answers: $bolt; Browser http://localhost:$HTTP_PORT/browser/ HTTP ${browser:-none}"
    return 0
  fi
  say "not running"
  return 3
}

cmd_reset() {
  cmd_stop
  rm -rf "$HOME_DIR/data" "$HOME_DIR/logs" "$HOME_DIR/run" "$HOME_DIR/bulk" "$SWAP_JOURNAL"
  say "data deleted; the next start sets the password from NEO4J_PASSWORD"
}

case "${1:-}" in
  start) cmd_start ;;
  stop) cmd_stop ;;
  status) cmd_status ;;
  restart) cmd_stop; cmd_start ;;
  kill) cmd_kill ;;
  reset) cmd_reset ;;
  home) echo "$HOME_DIR" ;;
  admin) shift; cmd_admin "$@" ;;
  finish-swap) finish_swap ;;
  *) echo "usage: $0 start|stop|status|restart|kill|reset|home|admin ARGS...|finish-swap" >&2; exit 2 ;;
esac
