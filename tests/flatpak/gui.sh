#!/bin/bash
# The window inside the sandbox: it opens, a stroke drawn with the mouse and a
# prompt typed go out with Ctrl+Return to the simulator on 127.0.0.1, and the
# pictures come back into the gallery and the app's own history folder; a
# region of one is repainted and comes back as its edit.
# Screenshots: flatpak-gui-generated.png, -repainting.png, -repainted.png.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/common.sh"
[ -n "${SB_FP_SESSION:-}" ] || { in_session desktop; exit; }

start_sim sk-flatpak-gui 2
export DASHSCOPE_API_KEY=sk-flatpak-gui DASHSCOPE_HTTP_BASE_URL=$sim_url
start_app "$DEVEL"
eval "$(xdotool getwindowgeometry --shell "$wid")"

# A roof over a square, with the mouse.
x0=$((X + 300)) y0=$((Y + 400))
xdotool mousemove --sync $x0 $y0 mousedown 1
for p in "$((x0 + 200)) $y0" "$((x0 + 200)) $((y0 + 200))" "$x0 $((y0 + 200))" "$x0 $y0" "$((x0 + 100)) $((y0 - 120))" "$((x0 + 200)) $y0"; do
  xdotool mousemove --sync $p
done
xdotool mouseup 1
xdotool key ctrl+l
xdotool type --delay 20 "a cottage in the sandbox"
xdotool key ctrl+Return

data=$(app_data "$DEVEL")
find_controls --wait 90 sketchbloom "push button=Picture * of *: *=2" ||
  { cat "$tmp/app.log"; fail "no pictures in the gallery"; }
sleep 1
screenshot gui-generated
entry=$(find "$data/sketchbloom/history" -name entry.json | head -n 1)
[ -n "$entry" ] && grep -q '"state" : "done"' "$entry" || fail "no finished generation in $data/sketchbloom/history"
shown=$(find "$(dirname "$entry")" -name '*.png' ! -name sketch.png | wc -l)
[ "$shown" -ge 2 ] || fail "$shown pictures in the history"
grep -q "a cottage in the sandbox" "$entry" || fail "the prompt is not in the history"
# The sketch autosaved in the app's folder too.
[ -s "$data/sketchbloom/sketch.json" ] || fail "no autosaved sketch in $data/sketchbloom"

# A region of the picture over the drawing repainted: the brush dragged
# across it, words, Repaint; the edit comes back under its picture.
find_controls --press sketchbloom "push button=Repaint a region" || fail "no Repaint on the picture over the drawing"
sleep 0.5
xdotool type --delay 20 "a red door"
xdotool mousemove --sync $((x0 + 40)) $((y0 + 60)) mousedown 1
for i in $(seq 1 8); do xdotool mousemove --sync $((x0 + 40 + i * 15)) $((y0 + 60 + i * 5)); done
xdotool mouseup 1
screenshot gui-repainting
find_controls --press sketchbloom "push button=Repaint*" || fail "no Repaint in the repaint bar"
find_controls --wait 30 sketchbloom "label=Repainted: a red door" || { cat "$tmp/app.log"; fail "no repaint in the gallery"; }
edited() {
  grep -l '"parent"' "$data"/sketchbloom/history/*/entry.json 2>/dev/null | xargs -r grep -l '"state" : "done"' | grep -q .
}
for _ in $(seq 1 90); do edited && break; sleep 1; done
edited || { cat "$tmp/app.log"; fail "no finished edit that knows its parent in the history"; }
sleep 1
screenshot gui-repainted
quit_app
grep -v -E "^dbus-daemon|Failed to set fd limit" "$tmp/app.log" | grep -E "CRITICAL|WARNING" && fail "warnings in the sandbox (above)"
echo "ok: drew, generated and saw $shown pictures in the sandbox, and repainted a region of one"
