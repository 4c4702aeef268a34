#!/bin/bash
# The canvas with real input: Alt+click takes a colour from the page, two
# Ctrl+plus make it 200 %, a middle-drag moves it, and a stroke drawn then
# lands on the sketch pixels the view showed, in the colour picked.
#
# Usage: canvas.sh SKETCHBLOOM SCREENSHOT.png
# Run under run-headless.sh, which provides the X server and session bus.
set -eu

app=$1
shot=$2
here=$(cd "$(dirname "$0")" && pwd)
. "$here/common.sh"

for tool in xdotool import convert identify /usr/bin/python3; do
  if ! command -v "$tool" >/dev/null; then
    echo "SKIP: $tool is not installed" >&2
    exit 77
  fi
done

tmp=$(mktemp -d)
trap 'kill "$app_pid" 2>/dev/null || true; rm -rf "$tmp"' EXIT
export HOME=$tmp XDG_CONFIG_HOME=$tmp/config XDG_DATA_HOME=$tmp/data XDG_CACHE_HOME=$tmp/cache
export GSETTINGS_BACKEND=keyfile LANG=C.UTF-8 LC_ALL=C.UTF-8 LANGUAGE=

# The sketch restored at the start: one thick red line along the top.
mkdir -p "$XDG_DATA_HOME/sketchbloom"
cat > "$XDG_DATA_HOME/sketchbloom/sketch.json" <<'JSON'
{"version": 1, "position": 1, "extraction": false, "actions": [
  {"kind": "stroke", "tool": "pen", "width": 40, "color": 14687012,
   "points": [520, 80, 1, 0, 720, 80, 1, 0.1]}]}
JSON

start_app
eval "$(xdotool getwindowgeometry --shell "$wid")"

import -window "$wid" "${shot%.png}-fit.png"
read -r px py side < <(/usr/bin/python3 "$here/check-canvas-view.py" page "${shot%.png}-fit.png")
echo "page at fit: ${side}x${side}+$px+$py"

# Alt+click on the red line: the pen takes its colour.
red_x=$(( X + px + 620 * side / 768 )) red_y=$(( Y + py + 80 * side / 768 ))
xdotool mousemove --sync $red_x $red_y keydown alt click 1 keyup alt
sleep 0.3

# 200 %, about the middle; then the middle button moves the page by (100, 80).
xdotool key ctrl+plus ctrl+plus
sleep 0.3
cx=$(( X + px + side / 2 )) cy=$(( Y + py + side / 2 ))
xdotool mousemove --sync $cx $cy mousedown 2
for i in $(seq 1 10); do
  xdotool mousemove --sync $(( cx + i * 10 )) $(( cy + i * 8 ))
done
xdotool mouseup 2
sleep 0.3

# A stroke across the middle of the view.
x0=$(( cx - 60 )) y0=$(( cy - 40 ))
xdotool mousemove --sync $x0 $y0 mousedown 1
for i in $(seq 1 24); do
  xdotool mousemove --sync $(( x0 + i * 5 )) $(( y0 + i * 10 / 3 ))
done
xdotool mouseup 1
sleep 0.3
import -window "$wid" "$shot"

exported=$XDG_DATA_HOME/sketchbloom/sketch.png
for _ in $(seq 1 50); do
  [ -s "$exported" ] && break
  sleep 0.1
done
[ -s "$exported" ] || { echo "FAIL: the sketch was not saved"; exit 1; }
/usr/bin/python3 "$here/check-canvas-view.py" stroke "$exported" "$px" "$py" "$side" 2 100 80 \
  $(( x0 - X )) $(( y0 - Y )) $(( x0 - X + 120 )) $(( y0 - Y + 80 )) e01b24
