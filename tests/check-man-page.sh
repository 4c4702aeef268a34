#!/bin/bash
# sketchbloom-cli's manual page renders without a warning and documents every
# command and option that `sketchbloom-cli --help` lists.
# Usage: check-man-page.sh PAGE SKETCHBLOOM_CLI
set -eu
page=$1 cli=$2
if ! command -v man >/dev/null; then
  echo "SKIP: man is not installed" >&2
  exit 77
fi
warnings=$(MANWIDTH=80 man --warnings=w -l "$page" 2>&1 >/dev/null)
[ -z "$warnings" ] || { echo "FAIL: groff warns:"; echo "$warnings"; exit 1; }
text=$(MANWIDTH=200 man -l "$page" 2>/dev/null | col -b)
status=0
for option in $("$cli" --help | grep -oE -- '--[a-z][a-z-]+' | sort -u); do
  grep -qF -- "$option" <<<"$text" || { echo "FAIL: $option is not in the manual"; status=1; }
done
for command in $("$cli" --help | sed -n '/^Commands:/,/^$/p' | awk 'NR > 1 && NF { print $1 }'); do
  grep -qE "^ +$command\b" <<<"$text" || { echo "FAIL: the command $command is not in the manual"; status=1; }
done
[ $status -eq 0 ] && echo "the manual renders and covers every option and command"
exit $status
