#!/bin/bash
# The key through the Secret portal: on a desktop with xdg-desktop-portal and
# an unlocked GNOME Keyring, a key entered in Preferences inside the sandbox
# is kept (encrypted, in the app's own keyring file), is there again after a
# restart, and the sandboxed CLI reads the same key. No DASHSCOPE_API_KEY.
# Screenshots: flatpak-key-portal-{saved,restarted}.png.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/common.sh"
[ -n "${SB_FP_SESSION:-}" ] || { in_session desktop; exit; }

key=sk-kept-through-the-portal
echo -n ci-pass | gnome-keyring-daemon --unlock --components=secrets > /dev/null
start_sim "$key" 1
export DASHSCOPE_HTTP_BASE_URL=$sim_url
data=$(app_data "$DEVEL")

start_app "$DEVEL"
xdotool key ctrl+comma
find_controls --wait 20 sketchbloom "label=None yet: enter your key above and press Enter" ||
  { cat "$tmp/app.log"; fail "Preferences do not say that no key is kept"; }
xdotool type --delay 20 "$key"
xdotool key Return
find_controls --wait 20 sketchbloom "label=A key is kept in your keyring" ||
  { cat "$tmp/app.log"; fail "the key was not kept"; }
screenshot key-portal-saved
# Kept in the app's own keyring file, encrypted with a secret from the portal.
ls "$data/keyrings/"*.keyring > /dev/null 2>&1 || fail "no keyring file in $data/keyrings"
if grep -r -q -F "$key" "$data" "$HOME/.var/app/$DEVEL/config"; then fail "the key is in a plain file"; fi
quit_app

# After a restart, Preferences find it.
start_app "$DEVEL"
xdotool key ctrl+comma
find_controls --wait 20 sketchbloom "label=A key is kept in your keyring" ||
  { cat "$tmp/app.log"; fail "the key is gone after a restart"; }
screenshot key-portal-restarted
quit_app

# The sandboxed CLI reads the same key (the simulator accepts only it).
sandboxed_generate "a key from the portal" 1 "$data" > "$tmp/stdout" 2> "$tmp/stderr" || { cat "$tmp/stderr"; fail "the CLI could not use the kept key"; }
/usr/bin/python3 - "$tmp/sim.log" <<'PY'
import json, sys
creates = [e for e in map(json.loads, filter(str.strip, open(sys.argv[1]))) if e["path"].endswith("/image-synthesis")]
assert creates and creates[-1]["status"] == 200, creates
PY
echo "ok: a key kept through the Secret portal, read again after a restart and by the CLI"
