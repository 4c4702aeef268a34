#!/bin/bash
# Where the sandbox cannot keep a key, it says so in plain, translated words
# with the way out, never as a D-Bus error name, and generation still works
# with the key from the environment. MODE:
#   nobus    no session bus at all
#   bare     a session bus with no Secret portal (and no keyring)
#   locked   the portal, but GNOME Keyring running locked
# Screenshot: flatpak-key-MODE.png (Preferences after Enter on a key).
here=$(cd "$(dirname "$0")" && pwd)
. "$here/common.sh"
mode=$1
if [ -z "${SB_FP_SESSION:-}" ]; then
  case $mode in nobus|bare) in_session "$mode" "$@" ;; locked) in_session desktop "$@" ;; *) fail "mode $mode" ;; esac
  exit
fi

case $mode in
  nobus)  problem="there is no session bus" problem_zh="没有可用来访问密钥环的会话总线" ;;
  bare)   problem="no Secret portal" problem_zh="没有为沙盒中的应用保存密钥的 Secret 门户" ;;
  locked) problem="The keyring is locked" problem_zh="密钥环已锁定"
          gnome-keyring-daemon --start --components=secrets > /dev/null ;;
esac
start_sim sk-flatpak-env 1
export DASHSCOPE_HTTP_BASE_URL=$sim_url
data=$(app_data "$DEVEL")
cli() { sandboxed_generate "a tree" 1 "$data"; }

# The CLI, with no key in the environment: refused before any request, in words.
status=0
cli > /dev/null 2> "$tmp/stderr" || status=$?
cat "$tmp/stderr"
[ "$status" -eq 2 ] || fail "exit status $status, not 2 (no key)"
grep -q -F "could not read the key from your keyring" "$tmp/stderr" || fail "no plain sentence"
grep -q -F "$problem" "$tmp/stderr" || fail "the problem ($problem) is not named"
grep -q -F "flatpak override --user --env=DASHSCOPE_API_KEY=… $DEVEL" "$tmp/stderr" || fail "the way out is not named"
grep -q -F "plain file" "$tmp/stderr" || fail "no word of the plain file"
no_raw_dbus_text "$tmp/stderr"
# The same in Chinese.
LANGUAGE=zh_CN cli > /dev/null 2> "$tmp/stderr-zh" || true
cat "$tmp/stderr-zh"
grep -q -F "$problem_zh" "$tmp/stderr-zh" || fail "not in Chinese"
grep -q -F "flatpak override --user --env=DASHSCOPE_API_KEY=" "$tmp/stderr-zh" || fail "no way out in Chinese"
no_raw_dbus_text "$tmp/stderr-zh"
[ "$(grep -c image-synthesis "$tmp/sim.log" 2>/dev/null || true)" -eq 0 ] || fail "a request went out without a key"

# With the key from the environment, it generates.
DASHSCOPE_API_KEY=sk-flatpak-env cli > "$tmp/stdout" 2> "$tmp/stderr" || { cat "$tmp/stderr"; fail "no generation with the key from the environment"; }
grep -q '\.png$' "$tmp/stdout" || fail "no picture saved"

# The window: Preferences say the same, on the key's row, after Enter on a key.
start_app "$DEVEL"
xdotool key ctrl+comma
sleep 2
xdotool type --delay 20 sk-nowhere-to-keep
xdotool key Return
sleep 3
screenshot "key-$mode"
if [ "$mode" = locked ]; then
  # (Only this session has an accessibility bus to ask.)
  find_controls --wait 10 sketchbloom \
    "label=Sketchbloom could not keep the key in your keyring. The keyring is locked, or the desktop could not unlock it: unlock it (log out and in again, or open Passwords and Keys) and try again. Or hand the key in from outside: flatpak override --user --env=DASHSCOPE_API_KEY=… $DEVEL (Flatpak then keeps it in a plain file)." ||
    fail "Preferences do not say why the key could not be kept"
fi
quit_app
echo "ok ($mode): said why and what to do; generated with the key from the environment"
