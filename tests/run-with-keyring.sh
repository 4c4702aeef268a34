#!/bin/bash
# Runs a command with a private session bus and an unlocked GNOME keyring
# in a throw-away home, so keyring tests never touch a user's secrets.
# Usage: run-with-keyring.sh COMMAND [ARG...]
set -eu

if [ -z "${SB_KEYRING:-}" ]; then
  for tool in dbus-run-session gnome-keyring-daemon; do
    if ! command -v "$tool" >/dev/null; then
      echo "SKIP: $tool is not installed (build-aux/dev.sh test installs it)" >&2
      exit 77
    fi
  done
  home=$(mktemp -d)
  # The document portal (GTK 4.18 starts it) may have mounted run/doc.
  trap 'fusermount -u "$home/run/doc" 2>/dev/null || true; rm -rf "$home" 2>/dev/null || true' EXIT
  SB_KEYRING=1 HOME=$home XDG_DATA_HOME=$home/data XDG_RUNTIME_DIR=$home/run \
    dbus-run-session -- "$0" "$@"
  exit $?
fi

mkdir -p "$XDG_RUNTIME_DIR" && chmod 700 "$XDG_RUNTIME_DIR"
eval "$(echo -n test | gnome-keyring-daemon --unlock --components=secrets)"
export GNOME_KEYRING_CONTROL
"$@"
