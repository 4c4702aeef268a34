#!/bin/bash
# Runs a command in a private X server and session bus, as the GUI tests need.
# Usage: run-headless.sh COMMAND [ARG...]
set -eu

if [ -z "${SB_HEADLESS:-}" ]; then
  for tool in xvfb-run dbus-run-session; do
    if ! command -v "$tool" >/dev/null; then
      echo "SKIP: $tool is not installed (build-aux/dev.sh test installs it)" >&2
      exit 77
    fi
  done
  export SB_HEADLESS=1
  # Services the bus starts (the keyring prints its variables) write to the
  # bus's stdout: keep that on stderr, and the command's own stdout (TAP) on
  # fd 3.
  export SB_STDOUT_FD=3
  exec 3>&1
  exec dbus-run-session -- xvfb-run -a -s "-screen 0 ${SB_SCREEN:-1400x1000x24} -nolisten tcp" "$0" "$@" >&2
fi

# No GL under Xvfb, no dconf, no a11y bus unless a test starts one.
export GSK_RENDERER=cairo
export GDK_BACKEND=x11
export GTK_A11Y="${GTK_A11Y:-none}"
export NO_AT_BRIDGE="${NO_AT_BRIDGE:-1}"
if [ -n "${SB_STDOUT_FD:-}" ]; then
  unset SB_STDOUT_FD
  exec "$@" >&3 3>&-
fi
exec "$@"
