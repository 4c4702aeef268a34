# Shared by the flatpak suite (sourced): the stand-in runtime's installation,
# a fresh home per test, the simulator on loopback, and `flatpak run`.
#
# The suite runs where build-aux/dev.sh test assembled the stand-in GNOME
# runtime: SB_FLATPAK_WORK holds its flatpak user installation
# (flatpak-user/) and SB_FLATPAK_BRANCH its branch. Each test gets a home of
# its own, so ~/.var/app/<id> (what the sandbox keeps) starts empty.
set -eu

DEVEL=io.github.sketchbloom.Sketchbloom.Devel
RELEASE=io.github.sketchbloom.Sketchbloom

if [ -z "${SB_FLATPAK_WORK:-}" ] || [ ! -d "$SB_FLATPAK_WORK/flatpak-user" ]; then
  echo "SKIP: no stand-in runtime (SB_FLATPAK_WORK); build-aux/dev.sh test assembles one" >&2
  exit 77
fi

export FLATPAK_USER_DIR=$SB_FLATPAK_WORK/flatpak-user
sim_pid= app_pid=
if [ -z "${SB_FP_SESSION:-}" ]; then
  tmp=$(mktemp -d "$SB_FLATPAK_WORK/test.XXXXXX")
  export HOME=$tmp/home tmp
  # flatpak run needs a runtime dir (0700). Where no session has one, the
  # usual /run/user/UID, made for the test and removed after it: the
  # document portal hands the sandbox host paths below it, which the sandbox
  # sees at the same place only there. Else a private one.
  XDG_RUNTIME_DIR=/run/user/$(id -u)
  if [ -e "$XDG_RUNTIME_DIR" ] || ! mkdir -m 0700 "$XDG_RUNTIME_DIR" 2>/dev/null; then
    XDG_RUNTIME_DIR=$(mktemp -d /tmp/sbfp.XXXXXX)
  fi
  export XDG_RUNTIME_DIR
  mkdir -p "$HOME"
  # Nothing of the caller's session or of the meson test environment leaks
  # in: the sandbox sees what a user's session would give it.
  unset DBUS_SESSION_BUS_ADDRESS DISPLAY WAYLAND_DISPLAY GSETTINGS_BACKEND GSETTINGS_SCHEMA_DIR \
        SKETCHBLOOM_LOCALEDIR XDG_DATA_HOME XDG_CONFIG_HOME XDG_CACHE_HOME NO_AT_BRIDGE GTK_A11Y \
        DASHSCOPE_API_KEY DASHSCOPE_HTTP_BASE_URL DASHSCOPE_WORKSPACE LANGUAGE G_DEBUG MALLOC_PERTURB_
  export LANG=C.UTF-8 LC_ALL=C.UTF-8
fi

cleanup() {
  [ -n "$app_pid" ] && kill "$app_pid" 2>/dev/null
  [ -n "$sim_pid" ] && kill "$sim_pid" 2>/dev/null
  [ -n "${SB_FP_SESSION:-}" ] && return
  # The document portal may have mounted its FUSE file system there.
  fusermount3 -u "$XDG_RUNTIME_DIR/doc" 2>/dev/null || fusermount -u "$XDG_RUNTIME_DIR/doc" 2>/dev/null || true
  rm -rf "$XDG_RUNTIME_DIR" 2>/dev/null || true
  if [ -z "${SB_FLATPAK_KEEP:-}" ]; then rm -rf "$tmp" 2>/dev/null || true; fi
}
trap cleanup EXIT

# Runs this script again inside a desktop session of the given kind, on a
# private X server, and returns its status:
#   desktop  a session bus with what a GNOME desktop activates on it (the
#            portals, the keyring once it is started, the accessibility bus)
#   bare     a session bus with nothing to activate (no portal, no keyring)
#   nobus    no session bus at all
# Inside, SB_FP_SESSION is the kind. Usage: in_session KIND [ARG...]
in_session() {
  local kind=$1; shift
  local x=(xvfb-run -a -s "-screen 0 ${SB_SCREEN:-1400x1000x24} -nolisten tcp")
  case $kind in
    desktop) SB_FP_SESSION=$kind "${x[@]}" dbus-run-session -- "$0" "$@" ;;
    bare)    SB_FP_SESSION=$kind "${x[@]}" dbus-run-session --config-file="$SB_HERE/../bare-session.conf" -- "$0" "$@" ;;
    nobus)   SB_FP_SESSION=$kind "${x[@]}" "$0" "$@" ;;
  esac
}

# The app in the sandbox, and its main window once shown (no window manager:
# Xvfb). Sets app_pid and wid. Usage: start_app APP_ID
start_app() {
  flatpak --user run "$1" >> "$tmp/app.log" 2>&1 &
  app_pid=$!
  wid=$(timeout 60 xdotool search --sync --onlyvisible --name '^Sketchbloom$' | head -n 1)
  [ -n "$wid" ] || { cat "$tmp/app.log"; fail "no Sketchbloom window within 60 s"; }
  sleep 2
}

# Quits the app with Ctrl+Q and waits for it.
quit_app() {
  xdotool key ctrl+q
  for _ in $(seq 1 50); do kill -0 "$app_pid" 2>/dev/null || break; sleep 0.2; done
  kill "$app_pid" 2>/dev/null || true
  wait "$app_pid" 2>/dev/null || true
  app_pid=
}

screenshot() {
  import -window root "$SB_SCREENSHOT_DIR/flatpak-$1.png"
  echo "screenshot: $SB_SCREENSHOT_DIR/flatpak-$1.png"
}

fail() { echo "FAIL: $*"; exit 1; }

# The app's own folders inside the sandbox, as seen from the host.
app_data() { echo "$HOME/.var/app/$1/data"; }

# The simulator on loopback (the sandbox shares the network). Sets sim_pid,
# sim_url and files_url. Usage: start_sim KEY [SERVICE_SECONDS]
start_sim() {
  "$SB_SIM" --api-key "$1" --service-time "${2:-1}" --log "$tmp/sim.log" > "$tmp/sim.out" &
  sim_pid=$!
  for _ in $(seq 1 50); do [ -s "$tmp/sim.out" ] && break; sleep 0.1; done
  sim_url=$(head -n 1 "$tmp/sim.out")
  files_url=$(sed -n 's/^files: //p' "$tmp/sim.out")
  [ -n "$sim_url" ] || fail "the simulator did not start"
}

# sketchbloom-cli generate inside the sandbox, from a 512×512 sketch (a line
# and a circle) made in the app's own folder, where the sandbox can read it;
# the pictures go to OUT_DIR (also within reach). The caller's environment
# (key, address) goes in. Usage: sandboxed_generate PROMPT COUNT OUT_DIR [ARG...]
sandboxed_generate() {
  local prompt=$1 count=$2 out=$3 sketch
  shift 3
  sketch=$(app_data "$DEVEL")/sketch-in.png
  if [ ! -s "$sketch" ]; then
    mkdir -p "$(dirname "$sketch")"
    convert -size 512x512 xc:white -stroke black -strokewidth 6 -fill none \
      -draw "line 40,40 470,470" -draw "circle 256,256 256,120" "$sketch"
  fi
  mkdir -p "$out"
  timeout 120 flatpak --user run --command=sketchbloom-cli "$DEVEL" generate \
    --sketch "$sketch" --prompt "$prompt" -n "$count" -o "$out" "$@"
}

# The GUI tests' look-up in the accessibility tree (tests/gui/find-controls.py),
# with Debian's python3 (it needs python3-gi).
find_controls() { /usr/bin/python3 "$SB_HERE/../gui/find-controls.py" "$@"; }

# Nothing of a D-Bus error name or the autolaunch's complaint in FILE.
no_raw_dbus_text() {
  if grep -n -E "org\.freedesktop\.DBus|GDBus\.Error|ServiceUnknown|dbus-launch|autolaunch|user interaction failed" "$1"; then
    fail "raw D-Bus text in $1"
  fi
}

# The release manifest, built offline: flatpak-builder's git mirror of the
# project's URL (named as flatpak-builder names it) is seeded from this
# checkout, with the tag made there when this clone lacks it; a copy of the
# manifest names the stand-in's branch. A shallow clone without the release
# commit builds HEAD instead, and says so. Sets release_commit, release_tag
# and release_mirror. Usage: release_manifest STATE_DIR MANIFEST_OUT
release_manifest() {
  local state=$1 out=$2 src=$SB_SOURCE_ROOT manifest=$SB_SOURCE_ROOT/flatpak/$RELEASE.json url
  url=$(jq -r '.modules[-1].sources[0].url' "$manifest")
  release_tag=$(jq -r '.modules[-1].sources[0].tag' "$manifest")
  release_commit=$(jq -r '.modules[-1].sources[0].commit' "$manifest")
  release_mirror=$state/git/$(echo "$url" | sed -E 's#[:/]+#_#g')
  rm -rf "$release_mirror"; mkdir -p "$(dirname "$release_mirror")" "$(dirname "$out")"
  git clone -q --mirror "$src" "$release_mirror"
  if ! git -C "$release_mirror" cat-file -e "$release_commit^{commit}" 2>/dev/null; then
    [ "$(git -C "$src" rev-parse --is-shallow-repository)" = true ] ||
      fail "the release commit $release_commit is not in this repository"
    echo "# a shallow clone without the release commit: building the release manifest at HEAD"
    release_commit=$(git -C "$src" rev-parse HEAD)
    git -C "$release_mirror" tag -f "$release_tag" "$release_commit" > /dev/null
  fi
  git -C "$release_mirror" rev-parse -q --verify "refs/tags/$release_tag" > /dev/null ||
    git -C "$release_mirror" tag "$release_tag" "$release_commit"
  jq --arg b "${SB_FLATPAK_BRANCH:-48}" --arg commit "$release_commit" \
    '."runtime-version" = $b | .modules[-1].sources[0].commit = $commit' "$manifest" > "$out"
}
