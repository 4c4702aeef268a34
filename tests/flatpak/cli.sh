#!/bin/bash
# sketchbloom-cli inside the sandbox generates against the simulator on
# 127.0.0.1 (the network permission), with the key from the environment; the
# history lands in the app's own folder, ~/.var/app/<id>/data/sketchbloom/.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/common.sh"

start_sim sk-flatpak-cli
data=$(app_data "$DEVEL")
DASHSCOPE_API_KEY=sk-flatpak-cli DASHSCOPE_HTTP_BASE_URL=$sim_url \
  sandboxed_generate "a tall tree by a lake" 2 "$data/out" > "$tmp/stdout" 2> "$tmp/stderr" || { status=$?; cat "$tmp/stderr"; fail "generate exited $status"; }
cat "$tmp/stderr"

# Two pictures, their sandbox paths on stdout; the history in the app's folder.
[ "$(grep -c '\.png$' "$tmp/stdout")" -eq 2 ] || { cat "$tmp/stdout"; fail "not two saved paths"; }
[ "$(find "$data/out" -name '*.png' | wc -l)" -eq 2 ] || fail "not two pictures in $data/out"
entry=$(find "$data/sketchbloom/history" -name entry.json | head -n 1)
[ -n "$entry" ] || fail "no history in $data/sketchbloom/history"
grep -q '"state" : "done"' "$entry" || { cat "$entry"; fail "the history entry is not done"; }
[ "$(find "$(dirname "$entry")" -name '*.png' ! -name sketch.png | wc -l)" -eq 2 ] || fail "the history does not hold the two pictures"
[ ! -e "$HOME/.local/share/sketchbloom" ] || fail "the sandbox wrote to the host's ~/.local/share"
# The key went to the API host only.
python3 - "$tmp/sim.log" <<'PY'
import json, sys
entries = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
assert any(e["path"].endswith("/image-synthesis") and e["status"] == 200 for e in entries), entries
assert all(e["authorization"] == "absent" for e in entries if e["listener"] != "api"), entries
PY
echo "ok: generated in the sandbox; history in ${entry#$HOME/}"
