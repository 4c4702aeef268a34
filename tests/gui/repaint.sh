#!/bin/bash
# Repainting a region with real input: a generation's picture comes over
# the drawing; its Repaint button (pressed as a screen reader does), words
# typed, one drag at "fit", Ctrl+plus twice (200 % about the middle), a
# second drag, Repaint. The create is description_edit_with_mask, and its
# mask is white exactly where the two drags went (check-mask.py compares it
# pixel by pixel); the result is an edit of the picture it was painted on
# and comes back over the drawing.
#
# Usage: repaint.sh SKETCHBLOOM SKETCHBLOOM_SIM SCREENSHOT.png
# Run under run-headless.sh, which provides the X server and session bus.
set -eu

app=$1 sim=$2 shot=$3
here=$(cd "$(dirname "$0")" && pwd)
. "$here/common.sh"

require_tools xdotool import convert identify /usr/bin/python3

private_session

# One picture a generation; the sketch restored: a line along the top.
mkdir -p "$XDG_CONFIG_HOME/glib-2.0/settings" "$XDG_DATA_HOME/sketchbloom"
printf "[io/github/sketchbloom/Sketchbloom]\nimage-count=1\n" > "$XDG_CONFIG_HOME/glib-2.0/settings/keyfile"
cat > "$XDG_DATA_HOME/sketchbloom/sketch.json" <<'JSON'
{"version": 1, "position": 1, "extraction": false, "actions": [
  {"kind": "stroke", "tool": "pen", "width": 12, "color": 0,
   "points": [520, 60, 1, 0, 720, 60, 1, 0.1]}]}
JSON

start_sim 1
start_app
eval "$(xdotool getwindowgeometry --shell "$wid")"

# Where the page is, while it is white.
import -window "$wid" "$tmp/fit.png"
read -r px py side < <(/usr/bin/python3 "$here/check-canvas-view.py" page "$tmp/fit.png")
echo "page at fit: ${side}x${side}+$px+$py"

xdotool key ctrl+l
xdotool type --delay 20 "a lighthouse at dusk"
xdotool key ctrl+Return
/usr/bin/python3 "$here/find-controls.py" --wait 60 sketchbloom "push button=Repaint a region"
sleep 1
/usr/bin/python3 "$here/find-controls.py" --press sketchbloom "push button=Repaint a region"
sleep 0.5
xdotool type --delay 20 "a red door"

# drag X0 Y0 X1 Y1 (window pixels): a straight drag in 10 even steps.
drag() {
  xdotool mousemove --sync $((X + $1)) $((Y + $2)) mousedown 1
  for i in $(seq 1 10); do
    xdotool mousemove --sync $((X + $1 + ($3 - $1) * i / 10)) $((Y + $2 + ($4 - $2) * i / 10))
  done
  xdotool mouseup 1
  sleep 0.3
}
# At fit, across the lower left of the page.
a=( $((px + side * 15 / 100)) $((py + side * 70 / 100)) $((px + side * 45 / 100)) $((py + side * 80 / 100)) )
drag "${a[@]}"
# At 200 % about the middle, a short one right of the middle.
xdotool key ctrl+plus ctrl+plus
sleep 0.5
b=( $((px + side / 2 + 40)) $((py + side / 2 - 60)) $((px + side / 2 + 140)) $((py + side / 2 + 20)) )
drag "${b[@]}"
import -window "$wid" "${shot%.png}-painting.png"
/usr/bin/python3 "$here/find-controls.py" --press sketchbloom "push button=Repaint*"

# The repaint's create, and its result saved as an edit of the first picture.
history=$XDG_DATA_HOME/sketchbloom/history
for _ in $(seq 1 100); do
  [ "$(grep -l '"parent"' "$history"/*/entry.json 2>/dev/null | xargs -r grep -l '"state" : "done"' | wc -l)" -ge 1 ] && break
  sleep 0.2
done
# Over the drawing, and in the gallery under the picture it came from.
/usr/bin/python3 "$here/find-controls.py" --wait 20 sketchbloom "label=Repainted: a red door" "*=*Use as Sketch*" \
  "push button=Picture 2 of 2: a red door*"
sleep 1
import -window "$wid" "$shot"
/usr/bin/python3 "$here/check-mask.py" "$tmp/sim.log" "$history" "$side" 24 \
  "1 0 0 ${a[*]}" "2 0 0 ${b[*]}" --page "$px" "$py"
