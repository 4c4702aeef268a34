#!/bin/bash
# The GUI smoke test: starts the real sketchbloom in a private X server, waits
# for its window, draws a stroke with real pointer events, checks the controls
# are there by their accessible names, takes a screenshot, checks it is not
# blank, and quits with Ctrl+Q.
#
# Usage: smoke.sh SKETCHBLOOM SCREENSHOT.png [LANG] [SCALE]
# SCALE 2 runs the app with GDK_SCALE=2 (HiDPI); pointer coordinates are in
# device pixels then, and the stroke must still land where it was drawn.
# Run under run-headless.sh, which provides the X server and session bus.
set -eu

app=$1
shot=$2
lang=${3:-C.UTF-8}
scale=${4:-1}
export GDK_SCALE=$scale
here=$(cd "$(dirname "$0")" && pwd)

for tool in xdotool import convert /usr/bin/python3; do
  if ! command -v "$tool" >/dev/null; then
    echo "SKIP: $tool is not installed" >&2
    exit 77
  fi
done
if [ "$lang" != C.UTF-8 ] && ! locale -a | grep -qi "^${lang%%.*}\.utf-\?8$"; then
  echo "SKIP: the $lang locale is not generated (build-aux/dev.sh test generates it)" >&2
  exit 77
fi

# A home of its own: no user's files, no other test's.
tmp=$(mktemp -d)
trap 'kill "$pid" 2>/dev/null || true; rm -rf "$tmp"' EXIT
export HOME=$tmp XDG_CONFIG_HOME=$tmp/config XDG_DATA_HOME=$tmp/data XDG_CACHE_HOME=$tmp/cache
export GSETTINGS_BACKEND=keyfile
export LANG=$lang LC_ALL=$lang LANGUAGE=
# The accessibility bus, for find-controls.py.
export GTK_A11Y=atspi
unset NO_AT_BRIDGE

"$app" &
pid=$!

wid=$(timeout 30 xdotool search --sync --onlyvisible --name '^Sketchbloom$' | head -n 1)
if [ -z "$wid" ]; then
  echo "FAIL: no Sketchbloom window within 30 s"
  exit 1
fi
echo "window $wid"
sleep 1

# Real pointer input: a curve drawn in small steps, inside the canvas, from
# (200, 250) to (520, 450) in window coordinates.
eval "$(xdotool getwindowgeometry --shell "$wid")"
x0=$((X + 200 * scale)) y0=$((Y + 250 * scale))
xdotool mousemove --sync $x0 $y0 mousedown 1
for i in $(seq 1 40); do
  xdotool mousemove --sync $((x0 + i * 8 * scale)) $((y0 + (i * i) * scale / 8))
done
xdotool mouseup 1

# Real keys: Ctrl+L goes to the prompt; then type.
prompt="a tall tree by a quiet lake"
xdotool key ctrl+l
xdotool type --delay 20 "$prompt"
sleep 0.5

if [ "$lang" = C.UTF-8 ]; then
  names=("image=Sketch canvas" "text=Prompt" "combo box=Style" "slider=Sketch weight"
         "spin button=Image count" "push button=Generate" "*=Gallery"
         "label=${#prompt} of 75 characters used")
else
  names=("image=草图画布" "text=提示词" "combo box=风格" "slider=草图权重"
         "spin button=图片数量" "push button=生成" "*=图库"
         "label=已用 ${#prompt} 个字符，共 75 个")
fi
"$here/find-controls.py" sketchbloom "${names[@]}"
# Translated: no English left in the window but the prompt typed, the
# service's and the sketch's proper names, and the app's own name.
if [ "$lang" != C.UTF-8 ]; then
  "$here/find-controls.py" --no-english sketchbloom "$prompt" DashScope API Sketchbloom Ctrl Shift Enter
fi

import -window root "$shot"
import -window "$wid" "${shot%.png}-window.png"
colours=$(convert "$shot" -format '%k' info:)
echo "screenshot $shot: $colours colours"
if [ "$colours" -lt 64 ]; then
  echo "FAIL: the screenshot is nearly blank"
  exit 1
fi

# The stroke is on the canvas: the pixel at its middle is dark.
mid=$(convert "$shot" -crop "5x5+$((x0 + 158 * scale))+$((y0 + 48 * scale))" -format '%[fx:int(255*minima)]' info:)
echo "ink at the stroke: $mid"
if [ "$mid" -gt 100 ]; then
  echo "FAIL: no ink where the stroke was drawn"
  exit 1
fi

xdotool windowactivate --sync "$wid" 2>/dev/null || true
# The stroke reached the exported sketch (autosave writes it moments after
# each stroke): ink where it was drawn, and nowhere else.
exported=$XDG_DATA_HOME/sketchbloom/sketch.png
for _ in $(seq 1 50); do
  [ -s "$exported" ] && break
  sleep 0.1
done
/usr/bin/python3 "$here/check-stroke.py" "${shot%.png}-window.png" "$exported" \
  $((200 * scale)) $((250 * scale)) $((520 * scale)) $((450 * scale))

xdotool key ctrl+q
for _ in $(seq 1 50); do
  kill -0 "$pid" 2>/dev/null || break
  sleep 0.2
done
if kill -0 "$pid" 2>/dev/null; then
  echo "FAIL: the app did not quit on Ctrl+Q"
  exit 1
fi
wait "$pid"
echo "quit cleanly"

# The window size went to GSettings on the way out.
grep -q 'window-width' "$XDG_CONFIG_HOME/glib-2.0/settings/keyfile"
echo "settings saved"
