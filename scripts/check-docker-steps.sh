#!/usr/bin/env bash
# Replays the Dockerfile's steps without Docker (there is no Docker engine in CI), so a Dockerfile that no
# longer builds or whose image no longer starts fails here instead of at the first deployment.
#
# It reads the Dockerfile and replays what it says, instruction by instruction, in a clean temporary folder:
#   build stage   — COPY the files it names (from `git ls-files`, so untracked files do not leak in), RUN its
#                   commands (`npm ci --ignore-scripts`, `npm run build && npm prune --omit=dev`);
#   runtime stage — COPY --from=build into a second folder holding only what the image holds, ENV, then run
#                   the HEALTHCHECK's command and the CMD (`node dist/main.js`) with production
#                   dependencies only and a throwaway configuration: a fresh RSA key, APP_ID=1, a random
#                   webhook secret, DATA_DIR in the temporary folder, a free PORT, and GHE_HOST pointing at a
#                   local port nothing listens on, so nothing reaches github.com.
# Checks: /healthz answers 200, /readyz answers 200 with "ready":true, a signed webhook is accepted and a
# wrongly signed one refused, the HEALTHCHECK command exits 0, and the process stops cleanly on SIGTERM.
# Any instruction it does not know fails the run: when the Dockerfile grows one, teach this script what it
# means.
#
# Differences from `docker build`, on purpose: the runtime stage's `RUN mkdir -p /data && chown …` and
# `USER node` are not replayed (DATA_DIR is a temporary folder, the user is whoever runs this); the process
# listens on 127.0.0.1, not all interfaces; the Node is the one on PATH, whose version is compared with the
# image's pinned tag.
#
# Usage: scripts/check-docker-steps.sh [--ref <commit>]
#   --ref  build from a commit's files and Dockerfile (`git archive`) instead of the working tree's tracked
#          files (a tracked file modified in the working tree is built as modified; untracked ones are not).
# npm uses its cache first (npm_config_prefer_offline), so a warm cache needs no network.
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT="$(pwd)"
DOCKERFILE="$ROOT/Dockerfile"

REF=""
while [ $# -gt 0 ]; do
  case "$1" in
    --ref) REF="${2:?--ref needs a commit}"; shift 2 ;;
    -h | --help) sed -n '2,/^set -euo/p' "$0" | sed 's/^# \{0,1\}//;$d'; exit 0 ;;
    *) echo "check-docker-steps: unknown argument $1" >&2; exit 2 ;;
  esac
done

START_ALL=$(date +%s)
step() { printf '\n== %s\n' "$*"; }
fail() { printf 'check-docker-steps: FAILED: %s\n' "$*" >&2; exit 1; }
elapsed() { echo "$(($(date +%s) - $1))s"; }

command -v node >/dev/null || fail "node is not on PATH"
command -v npm >/dev/null || fail "npm is not on PATH"
command -v git >/dev/null || fail "git is not on PATH"
[ -z "$REF" ] || git rev-parse --verify --quiet "$REF^{commit}" >/dev/null || fail "--ref $REF: not a commit"

WORK="$(mktemp -d "${TMPDIR:-/tmp}/check-docker-steps.XXXXXX")"
BUILD="$WORK/build"   # the build stage's /app
APP="$WORK/app"       # the runtime stage's /app: only what the image copies into it
SOURCE="$WORK/source" # the files the build context would send (tracked files only)
DATA="$WORK/data"
LOG="$WORK/service.log"
mkdir -p "$BUILD" "$APP" "$SOURCE" "$DATA"
chmod 700 "$WORK"
PID=""

cleanup() {
  local status=$?
  if [ -n "$PID" ] && kill -0 "$PID" 2>/dev/null; then
    kill -TERM "$PID" 2>/dev/null || true
    sleep 1
    kill -KILL "$PID" 2>/dev/null || true
  fi
  rm -rf "$WORK"
  if [ "$status" -ne 0 ]; then
    echo "check-docker-steps: failed after $(elapsed "$START_ALL") (exit $status)" >&2
  fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

step "Build context: tracked files${REF:+ at $REF}"
if [ -n "$REF" ]; then
  # The commit's files, its Dockerfile included.
  git archive --format=tar "$REF" | tar -x -C "$SOURCE"
  DOCKERFILE="$SOURCE/Dockerfile"
  echo "$(find "$SOURCE" -type f | wc -l | tr -d ' ') files at $(git rev-parse --short "$REF")"
else
  echo "the working tree's tracked files, as each COPY names them"
fi
[ -f "$DOCKERFILE" ] || fail "no Dockerfile${REF:+ at $REF}"

# The Dockerfile as instructions: comments dropped, `\` continuations joined, one instruction a line.
INSTRUCTIONS="$WORK/instructions"
awk '
  /^[[:space:]]*#/ && cont == "" { next }
  /^[[:space:]]*$/ && cont == "" { next }
  {
    line = $0
    if (line ~ /\\[[:space:]]*$/) { sub(/\\[[:space:]]*$/, "", line); cont = cont line " "; next }
    print cont line; cont = ""
  }
' "$DOCKERFILE" >"$INSTRUCTIONS"

# The exec form's arguments (a JSON array), NUL-separated, for `mapfile -d ''`.
json_args() {
  node -e '
    const args = JSON.parse(process.argv[1]);
    if (!Array.isArray(args) || !args.every((a) => typeof a === "string")) throw new Error("not a JSON array of strings");
    for (const a of args) process.stdout.write(a + "\0");
  ' "$1"
}

step "Node: the Dockerfile's base image against $(node --version)"
mapfile -t FROMS < <(awk 'toupper($1) == "FROM" { print $2 }' "$INSTRUCTIONS")
[ "${#FROMS[@]}" -eq 2 ] || fail "expected a two-stage Dockerfile (build, runtime); found ${#FROMS[@]} FROM lines"
[ "${FROMS[0]}" = "${FROMS[1]}" ] || fail "the stages use different base images: ${FROMS[0]} and ${FROMS[1]}"
IMAGE="${FROMS[0]}"
TAG="${IMAGE#node:}"
[ "$TAG" != "$IMAGE" ] || fail "the base image is not node:…: $IMAGE"
IMAGE_NODE="${TAG%%-*}"
[[ "$IMAGE_NODE" =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]] || fail "the base image is not pinned to a Node version (node:X.Y.Z-…): $IMAGE"
LOCAL_NODE="$(node --version)"
LOCAL_NODE="${LOCAL_NODE#v}"
[ "${IMAGE_NODE%%.*}" = "${LOCAL_NODE%%.*}" ] || fail "the image has Node $IMAGE_NODE, this check runs Node $LOCAL_NODE: not the same major version"
if [ "$IMAGE_NODE" != "$LOCAL_NODE" ]; then
  echo "note: the image pins Node $IMAGE_NODE, this check runs Node $LOCAL_NODE (same major version)"
else
  echo "Node $LOCAL_NODE, as in $IMAGE"
fi

# Puts a COPY source into $SOURCE: with --ref it is there already; else the tracked files under it, as they
# are in the working tree (what `docker build .` would send, minus untracked files).
materialize() {
  local src="$1"
  [ -z "$REF" ] || return 0
  local count=0
  while IFS= read -r -d '' f; do
    [ -e "$f" ] || continue # deleted in the working tree, not yet committed
    mkdir -p "$SOURCE/$(dirname "$f")"
    cp -p "$f" "$SOURCE/$f"
    count=$((count + 1))
  done < <(git ls-files -z -- ":(literal)$src")
  [ "$count" -gt 0 ] || fail "COPY $src: no tracked file there"
}

# COPY <src>... <dest> from the build context into a stage's folder. Destinations are relative to WORKDIR
# (/app); `./` keeps each source's name, a single source may be renamed (`COPY src ./src`).
copy_from_context() {
  local stage_dir="$1"
  shift
  local args=("$@")
  local dest="${args[-1]}"
  unset 'args[-1]'
  [[ "$dest" != /* ]] || fail "COPY to an absolute path is not replayed: $dest"
  for src in "${args[@]}"; do
    [[ "$src" != *'*'* ]] || fail "COPY with a wildcard is not replayed: $src"
    materialize "$src"
    [ -e "$SOURCE/$src" ] || fail "COPY $src: not a tracked file or folder"
    if [[ "$dest" == */ ]]; then
      mkdir -p "$stage_dir/$dest"
      cp -a "$SOURCE/$src" "$stage_dir/$dest"
    else
      [ "${#args[@]}" -eq 1 ] || fail "COPY of several sources needs a folder destination ending in /: $dest"
      mkdir -p "$(dirname "$stage_dir/$dest")"
      cp -a "$SOURCE/$src" "$stage_dir/$dest"
    fi
  done
}

# Replays the instructions; the HEALTHCHECK and CMD of the runtime stage are kept for the run below.
export npm_config_prefer_offline=true npm_config_audit=false npm_config_fund=false npm_config_update_notifier=false
RUNTIME_ENV=()
HEALTHCHECK_JSON=""
CMD_JSON=""
STAGE=""
while IFS= read -r line; do
  read -r keyword rest <<<"$line"
  keyword="$(echo "$keyword" | tr '[:lower:]' '[:upper:]')"
  case "$keyword" in
    FROM)
      if [ -z "$STAGE" ]; then STAGE=build; else STAGE=runtime; fi
      step "Stage $STAGE ($rest)"
      ;;
    WORKDIR)
      [ "$rest" = "/app" ] || fail "WORKDIR $rest: only /app is replayed"
      ;;
    COPY)
      read -r -a words <<<"$rest"
      if [[ "${words[0]}" == --from=* ]]; then
        if [ "$STAGE" != runtime ] || [ "${words[0]}" != "--from=build" ]; then
          fail "COPY ${words[0]} outside the runtime stage or from another stage"
        fi
        [ "${#words[@]}" -eq 3 ] || fail "COPY --from=build with other than one source: $rest"
        src="${words[1]}"
        dest="${words[2]}"
        [[ "$src" == /app/* ]] || fail "COPY --from=build of $src: only /app/… is replayed"
        [ -e "$BUILD/${src#/app/}" ] || fail "COPY --from=build $src: the build stage did not make it"
        echo "COPY --from=build $src $dest"
        mkdir -p "$APP/$(dirname "$dest")"
        cp -a "$BUILD/${src#/app/}" "$APP/$dest"
      else
        echo "COPY $rest"
        if [ "$STAGE" = build ]; then copy_from_context "$BUILD" "${words[@]}"; else copy_from_context "$APP" "${words[@]}"; fi
      fi
      ;;
    RUN)
      if [ "$STAGE" = build ]; then
        echo "RUN $rest"
        started=$(date +%s)
        # As Docker runs a shell-form RUN: /bin/sh -c, in WORKDIR.
        (cd "$BUILD" && sh -c "$rest") || fail "RUN $rest"
        echo "   ($(elapsed "$started"))"
      elif [[ "$rest" =~ ^mkdir\ -p\ /data\ \&\&\ chown\ node:node\ /data$ ]]; then
        echo "RUN $rest — not replayed: DATA_DIR is $DATA"
      else
        fail "RUN in the runtime stage is not replayed: $rest"
      fi
      ;;
    ENV)
      [ "$STAGE" = runtime ] || fail "ENV in the build stage is not replayed: $rest"
      read -r -a pairs <<<"$rest"
      for pair in "${pairs[@]}"; do
        [[ "$pair" =~ ^[A-Z_][A-Z0-9_]*=[^\"\'\ ]*$ ]] || fail "ENV $pair: only NAME=value without quotes or spaces is replayed"
        RUNTIME_ENV+=("$pair")
      done
      echo "ENV $rest"
      ;;
    USER | VOLUME | EXPOSE)
      echo "$keyword $rest — not replayed (the check runs as $(id -un), with its own DATA_DIR and PORT)"
      ;;
    HEALTHCHECK)
      [[ "$rest" == *"CMD ["* ]] || fail "HEALTHCHECK without an exec-form CMD: $rest"
      HEALTHCHECK_JSON="[${rest#*CMD [}"
      ;;
    CMD)
      [[ "$rest" == \[* ]] || fail "CMD in shell form is not replayed (use the exec form): $rest"
      CMD_JSON="$rest"
      ;;
    *)
      fail "Dockerfile instruction $keyword is not known to this check: $line"
      ;;
  esac
done <"$INSTRUCTIONS"

[ "$STAGE" = runtime ] || fail "no runtime stage"
[ -n "$CMD_JSON" ] || fail "the runtime stage has no CMD"
[ -n "$HEALTHCHECK_JSON" ] || fail "the runtime stage has no HEALTHCHECK"
[ -d "$APP/node_modules" ] || fail "the image holds no node_modules"
# Production dependencies only: the build stage's prune left no devDependency behind.
for dev in typescript jest eslint; do
  [ ! -e "$APP/node_modules/$dev" ] || fail "node_modules in the image holds the devDependency $dev (npm prune --omit=dev did not run?)"
done

step "Run the image's CMD with production dependencies only"
free_port() { node -e 'const s = require("net").createServer().listen(0, "127.0.0.1", () => { process.stdout.write(String(s.address().port)); s.close(); });'; }
PORT="$(free_port)"
GITHUB_PORT="$(free_port)" # nothing listens there: any call to "GitHub" is refused locally
while [ "$GITHUB_PORT" = "$PORT" ]; do GITHUB_PORT="$(free_port)"; done
KEY="$WORK/private-key.pem"
(umask 077 && node -e '
  const { generateKeyPairSync } = require("crypto");
  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048, privateKeyEncoding: { type: "pkcs1", format: "pem" }, publicKeyEncoding: { type: "spki", format: "pem" } });
  process.stdout.write(privateKey);
' >"$KEY")
SECRET="$(node -e 'process.stdout.write(require("crypto").randomBytes(24).toString("hex"))')"

mapfile -d '' CMD_ARGS < <(json_args "$CMD_JSON")
mapfile -d '' HEALTHCHECK_ARGS < <(json_args "$HEALTHCHECK_JSON")
[ "${#CMD_ARGS[@]}" -gt 0 ] || fail "empty CMD"
echo "CMD ${CMD_ARGS[*]} (PORT=$PORT, GHE_HOST=127.0.0.1:$GITHUB_PORT)"

# Only the Dockerfile's ENV and the throwaway configuration: nothing of this shell's environment but PATH
# leaks in (no APP_ID, DATABASE_URL or token from the developer's machine). Later assignments win
# (`env` applies them in order): DATA_DIR and PORT replace the image's /data and 3000.
SERVICE_ENV=(
  "PATH=$PATH" "HOME=$WORK" "${RUNTIME_ENV[@]}"
  "DATA_DIR=$DATA" "PORT=$PORT" "HOST=127.0.0.1"
  "APP_ID=1" "PRIVATE_KEY_PATH=$KEY" "WEBHOOK_SECRET=$SECRET"
  "GHE_HOST=127.0.0.1:$GITHUB_PORT" "GHE_PROTOCOL=http" "LOG_LEVEL=info"
)
(cd "$APP" && exec env -i "${SERVICE_ENV[@]}" "${CMD_ARGS[@]}") >"$LOG" 2>&1 &
PID=$!

show_log() { echo "--- service log (last 40 lines)" >&2; tail -n 40 "$LOG" >&2 || true; }
# GET url → "status body", or "000 " when nothing answers.
http_get() { node -e '
  fetch(process.argv[1], { signal: AbortSignal.timeout(5000) })
    .then(async (r) => process.stdout.write(r.status + " " + (await r.text())))
    .catch(() => process.stdout.write("000 "));
' "$1"; }

started=$(date +%s)
answer=""
for _ in $(seq 1 120); do
  kill -0 "$PID" 2>/dev/null || { show_log; fail "the service exited before answering (see its log above)"; }
  answer="$(http_get "http://127.0.0.1:$PORT/healthz")"
  [ "${answer%% *}" = "000" ] || break
  sleep 0.5
done
[ "${answer%% *}" = "200" ] || { show_log; fail "/healthz answered '${answer}' (want 200)"; }
echo "/healthz: 200 after $(elapsed "$started")"

ready=""
for _ in $(seq 1 40); do
  ready="$(http_get "http://127.0.0.1:$PORT/readyz")"
  [ "${ready%% *}" = "200" ] && break
  sleep 0.5
done
if [ "${ready%% *}" != "200" ] || [[ "$ready" != *'"ready":true'* ]]; then
  show_log
  fail "/readyz answered '${ready}' (want 200 and \"ready\":true)"
fi
echo "/readyz: ${ready}"

# A webhook, as GitHub sends one: signed with the secret it is answered (a ping: "event not used", 200),
# wrongly signed it is refused (401). Proves the intake's production dependencies load and verify.
webhook() { node -e '
  const [url, secret, sign] = process.argv.slice(1);
  const body = JSON.stringify({ zen: "Keep it logically awesome.", hook_id: 1 });
  const hmac = require("crypto").createHmac("sha256", sign === "right" ? secret : "not-the-secret").update(body).digest("hex");
  fetch(url, { method: "POST", body, signal: AbortSignal.timeout(5000), headers: {
    "content-type": "application/json", "x-github-event": "ping", "x-github-delivery": require("crypto").randomUUID(),
    "x-hub-signature-256": "sha256=" + hmac } })
    .then((r) => process.stdout.write(String(r.status)), () => process.stdout.write("000"));
' "http://127.0.0.1:$PORT/api/github/webhooks" "$SECRET" "$1"; }
signed="$(webhook right)"
[ "$signed" = "200" ] || { show_log; fail "a signed ping webhook answered $signed (want 200)"; }
forged="$(webhook wrong)"
[ "$forged" = "401" ] || { show_log; fail "a wrongly signed webhook answered $forged (want 401)"; }
echo "webhooks: signed ping 200, wrong signature 401"

# The image's HEALTHCHECK, as Docker would run it inside the container (same PORT in its environment).
(cd "$APP" && env -i "${SERVICE_ENV[@]}" "${HEALTHCHECK_ARGS[@]}") || { show_log; fail "the HEALTHCHECK command failed: ${HEALTHCHECK_ARGS[*]}"; }
echo "HEALTHCHECK: exit 0"

step "Stop (SIGTERM, as docker stop sends)"
kill -TERM "$PID"
stopped=""
for _ in $(seq 1 40); do
  if ! kill -0 "$PID" 2>/dev/null; then stopped=yes; break; fi
  sleep 0.25
done
[ -n "$stopped" ] || { show_log; fail "the service did not stop within 10 s of SIGTERM"; }
status=0
wait "$PID" || status=$?
PID=""
[ "$status" -eq 0 ] || { show_log; fail "the service exited with status $status on SIGTERM"; }
echo "stopped, exit 0"

printf '\ncheck-docker-steps: OK in %s (%s, Node %s)\n' "$(elapsed "$START_ALL")" "$IMAGE" "$LOCAL_NODE"
