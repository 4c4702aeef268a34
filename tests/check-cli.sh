#!/bin/bash
# sketchbloom-cli: --version, --help (in English and in Chinese), and the exit
# status for a missing or unknown command.
# Usage: check-cli.sh SKETCHBLOOM_CLI VERSION
set -u
cli=$1 version=$2
fail() { echo "FAIL: $*"; exit 1; }

out=$("$cli" --version) || fail "--version exited $?"
[ "$out" = "sketchbloom-cli $version" ] || fail "--version printed '$out'"

out=$("$cli" --help) || fail "--help exited $?"
for want in "wanx-sketch-to-image-lite" "3d-cartoon" "Chinese painting" "--version"; do
  grep -qF -- "$want" <<<"$out" || fail "--help lacks '$want'"
done

"$cli" >/dev/null 2>&1; [ $? -eq 2 ] || fail "no command should exit 2"
err=$("$cli" paint 2>&1 >/dev/null); [ $? -eq 2 ] || fail "an unknown command should exit 2"
grep -qF "paint" <<<"$err" || fail "an unknown command is not named: '$err'"

if locale -a | grep -qi '^zh_CN\.utf-\?8$'; then
  out=$(LC_ALL=zh_CN.UTF-8 "$cli" --help) || fail "zh_CN --help exited $?"
  grep -qF "国画" <<<"$out" || fail "zh_CN --help is not in Chinese: $out"
  echo "zh_CN --help is in Chinese"
else
  echo "zh_CN.UTF-8 locale not generated; Chinese --help not checked"
fi
echo "ok"
