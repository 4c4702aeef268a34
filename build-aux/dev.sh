#!/bin/bash
# Sketchbloom's developer entry point, for a fresh Debian 12 or Ubuntu machine.
#
#   build-aux/dev.sh run    install what is missing, build, and launch the app
#   build-aux/dev.sh test   install what is missing, build, and run every test
#
# Packages come from apt (through sudo when not root). The build lives in
# _build/; the test command also builds _build-asan/ with AddressSanitizer and
# UndefinedBehaviorSanitizer and runs the unit suite there. Where the GNOME 48
# stack is at hand (../shared/stacks/, as in CI), it builds and runs the unit
# and gui suites again on it in _build-gnome48/, and builds once more with the
# version pins raised to that stack (_build-gnome48-pins/, -Werror, in the
# development profile) to show that nothing deprecated there is used. Where
# the stand-in Flatpak runtime is at hand (../shared/stacks/flatpak-runtime/),
# it builds the Flatpak and runs the flatpak suite inside the sandbox
# (_build-flatpak/). With CI=true the build treats warnings as errors.
set -euo pipefail

cd "$(dirname "$0")/.."
top=$PWD

build_packages=(meson ninja-build pkg-config gcc gettext python3 libsecret-tools
                libgtk-4-dev libadwaita-1-dev libsoup-3.0-dev libjson-glib-dev libsecret-1-dev
                libpng-dev webp-pixbuf-loader
                desktop-file-utils appstream)
# The Chinese screenshot needs a CJK font; fonts-droid-fallback is a small one.
test_packages=(xvfb xauth dbus dbus-x11 at-spi2-core gir1.2-atspi-2.0 python3-gi
               xdotool imagemagick locales fonts-droid-fallback clang libclang-rt-dev
               gnome-keyring libsecret-tools nginx libnginx-mod-http-dav-ext
               man-db bsdextrautils bash-completion flatpak-builder
               python3-lxml python3-ruamel.yaml python3-requests-cache python3-requests
               python3-jsonschema gir1.2-ostree-1.0 gir1.2-appstream-1.0)

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then
    "$@"
  elif command -v sudo >/dev/null; then
    sudo "$@"
  else
    echo "dev.sh: need root for: $*; run as root or install sudo" >&2
    exit 1
  fi
}

install_packages() {
  local missing=()
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    say "Installing ${missing[*]}"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
  fi
}

# The Chinese GUI test needs the zh_CN.UTF-8 locale.
generate_locale() {
  if ! locale -a 2>/dev/null | grep -qi '^zh_CN\.utf-\?8$'; then
    say "Generating the zh_CN.UTF-8 locale"
    if [ -f /etc/locale.gen ]; then
      as_root sed -i 's/^# *\(zh_CN.UTF-8 UTF-8\)/\1/' /etc/locale.gen
      grep -q '^zh_CN.UTF-8 UTF-8' /etc/locale.gen || echo 'zh_CN.UTF-8 UTF-8' | as_root tee -a /etc/locale.gen >/dev/null
      as_root locale-gen >/dev/null
    else
      as_root locale-gen zh_CN.UTF-8 >/dev/null
    fi
  fi
}

# setup DIR [MESON OPTIONS...]: configure once, reconfigure when options change.
setup() {
  local dir=$1; shift
  if [ -f "$dir/build.ninja" ]; then
    meson configure "$dir" "$@" >/dev/null
  else
    meson setup "$dir" "$@"
  fi
}

werror() { [ "${CI:-}" = true ] && echo true || echo false; }

# Prints "N passed, N failed, N skipped" over the given meson test logs.
summary() {
  python3 - "$@" <<'PY'
import json, sys
results = [json.loads(line)["result"]
           for path in sys.argv[1:] for line in open(path) if line.strip()]
ok = sum(r in ("OK", "EXPECTEDFAIL") for r in results)
skipped = sum(r == "SKIP" for r in results)
print(f"{ok} passed, {len(results) - ok - skipped} failed, {skipped} skipped")
PY
}

# TRUE when a DashScope key is at hand: the variable, or the keyring.
have_api_key() {
  [ -n "${DASHSCOPE_API_KEY:-}" ] && return 0
  command -v secret-tool >/dev/null &&
    [ -n "$(timeout 5 secret-tool lookup xdg:schema io.github.sketchbloom.Sketchbloom.ApiKey service dashscope 2>/dev/null)" ]
}

cmd_run() {
  install_packages "${build_packages[@]}"
  say "Building"
  setup _build -Dwerror="$(werror)"
  meson compile -C _build

  # Without a key, the local simulator stands in for DashScope, so every
  # button works; the window says plainly that the pictures are not real.
  if ! have_api_key && [ -z "${DASHSCOPE_HTTP_BASE_URL:-}" ]; then
    say "No DashScope API key: starting the local simulator"
    coproc SIM { exec _build/tests/sim/sketchbloom-sim --service-time 8; }
    read -r base_url <&"${SIM[0]}"
    trap 'kill $SIM_PID 2>/dev/null' EXIT
    export DASHSCOPE_HTTP_BASE_URL=$base_url DASHSCOPE_API_KEY=sk-sim
  fi

  say "Launching Sketchbloom"
  # meson devenv points the app at this build's settings schema and translations.
  meson devenv -C _build --workdir "$top" sketchbloom "$@"
}

# The Flatpak's users run a current GNOME: the unit and gui suites again on the
# GNOME 48 stack, and a build with the pins raised to it. Returns the suites'
# status; says in one line when the stack is not here.
test_gnome48() {
  local stacks=$top/../shared/stacks
  if [ ! -f "$stacks/install-gnome-48.sh" ]; then
    echo "GNOME 48 stack skipped: no ../shared/stacks/ beside this checkout." \
         "To try a current GNOME, build the development Flatpak (README, \"Building the Flatpak\")."
    return 0
  fi
  say "Installing the GNOME 48 stack"
  as_root bash "$stacks/install-gnome-48.sh" || return 1
  # (Called after ||, so errexit is off in here: every step is checked.)
  (
    . /opt/gnome-modern/env.sh
    status=0
    say "Building on the GNOME 48 stack"
    setup _build-gnome48 -Dwerror="$(werror)" && meson compile -C _build-gnome48 || exit 1
    # (In the development profile, so that build is exercised too.)
    say "Building with the version pins raised to the GNOME 48 stack (-Werror: no deprecations)"
    { setup _build-gnome48-pins -Dapi_pins=found -Dwerror=true -Dprofile=development &&
      meson compile -C _build-gnome48-pins; } || status=1
    say "Testing on the GNOME 48 stack (unit and gui)"
    meson test -C _build-gnome48 --suite unit --suite gui --print-errorlogs || status=1
    exit $status
  )
}

# Users install the Flatpak: where the stand-in GNOME runtime's recipe is
# beside the checkout (../shared/stacks/flatpak-runtime/, as in CI), assemble
# it (once: a later run reuses the installation in _build-flatpak/), then the
# flatpak suite builds both manifests with flatpak-builder and runs the app
# inside the sandbox. Says in one line when the recipe is not here.
flatpak_packages=(mmdebstrap flatpak flatpak-builder ostree jq gpg xdg-desktop-portal
                  xdg-desktop-portal-gtk gnome-keyring fuse3 python3)
flatpak_branch=48
test_flatpak() {
  local recipe=$top/../shared/stacks/flatpak-runtime/make-runtime.sh
  if [ ! -f "$recipe" ]; then
    echo "Flatpak skipped: no ../shared/stacks/flatpak-runtime/ beside this checkout" \
         "(README, \"Building the Flatpak\", builds it against Flathub's runtime)."
    return 0
  fi
  install_packages "${flatpak_packages[@]}" || return 1
  local work=$top/_build-flatpak
  mkdir -p "$work"
  if ! FLATPAK_USER_DIR=$work/flatpak-user HOME=$work/home \
       flatpak --user info "org.gnome.Sdk//$flatpak_branch" >/dev/null 2>&1; then
    say "Assembling the stand-in GNOME $flatpak_branch runtime (a few minutes)"
    as_root env WORK="$work" BRANCH="$flatpak_branch" bash "$recipe" > "$work/make-runtime.log" 2>&1 ||
      { tail -n 30 "$work/make-runtime.log"; return 1; }
    grep '^\[' "$work/make-runtime.log"
  fi
  say "Testing the Flatpak inside the sandbox (flatpak suite)"
  SB_FLATPAK_WORK=$work SB_FLATPAK_BRANCH=$flatpak_branch \
    meson test -C _build --setup flatpak --suite flatpak --logbase flatpak --print-errorlogs
}

cmd_test() {
  install_packages "${build_packages[@]}" "${test_packages[@]}"
  generate_locale

  say "Building"
  setup _build -Dwerror="$(werror)"
  meson compile -C _build

  say "Testing (unit and gui)"
  local status=0
  rm -f _build/meson-logs/testlog.json _build-asan/meson-logs/testlog.json _build-gnome48/meson-logs/testlog.json
  meson test -C _build --print-errorlogs || status=$?

  say "Testing (unit, with AddressSanitizer and UndefinedBehaviorSanitizer)"
  setup _build-asan -Db_sanitize=address,undefined -Db_lundef=false -Dwerror="$(werror)"
  meson compile -C _build-asan
  # Full stacks for leaks (GLib has no frame pointers): the suppressions can match.
  ASAN_OPTIONS=detect_leaks=1:fast_unwind_on_malloc=0 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
  LSAN_OPTIONS="suppressions=$top/tests/lsan.supp" \
    meson test -C _build-asan --suite unit --print-errorlogs || status=$?

  test_gnome48 || status=$?

  rm -f _build/meson-logs/flatpak-flatpak.json
  test_flatpak || status=$?

  summary _build/meson-logs/testlog.json _build-asan/meson-logs/testlog.json \
          $(ls _build-gnome48/meson-logs/testlog.json _build/meson-logs/flatpak-flatpak.json 2>/dev/null)
  return $status
}

case "${1:-}" in
  run) shift; cmd_run "$@" ;;
  test) shift; cmd_test "$@" ;;
  *) sed -n '2,12s/^# \{0,1\}//p' "$0"; exit 2 ;;
esac
