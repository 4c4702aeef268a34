#!/bin/bash
# Flathub's linter on the built metainfo: no error, and no warning but the
# two that only say this machine has no network (a URL or a screenshot that
# cannot be fetched from here).
# Usage: check-appstream-lint.sh LINT|- METAINFO
set -u
lint=$1 metainfo=$2
if [ "$lint" = - ]; then
  echo "SKIP: Flathub's linter is not here (../shared/tools/flatpak-lint)" >&2
  exit 77
fi
# A state and cache folder of its own: the linter rewrites its log there, and
# the manifest test may run it at the same time.
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
out=$(XDG_STATE_HOME=$scratch XDG_CACHE_HOME=$scratch "$lint" appstream "$metainfo" 2>&1)
echo "$out" | grep -E '^[EWI]: |Validation'
left=$(echo "$out" | grep -E '^(E|W): ' | grep -vE ': (url-not-reachable|screenshot-image-not-found)$')
if [ -n "$left" ]; then
  echo "FAIL: the linter finds:"; echo "$left"
  exit 1
fi
echo "no errors, and no warnings but the network's"
