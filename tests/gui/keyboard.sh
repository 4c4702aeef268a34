#!/bin/bash
# The main window by keyboard alone: a generation started with Ctrl+Return,
# then Tab from the prompt round the whole window (tab-walk.py): every stop
# named (never a GTK type name), the composer in on-screen order, Enter on a
# gallery picture opens it. Then a screenshot.
#
# Usage: keyboard.sh SKETCHBLOOM SKETCHBLOOM_SIM SCREENSHOT.png [LANG]
# Run under run-headless.sh, which provides the X server and session bus.
set -eu

app=$1 sim=$2 shot=$3 lang=${4:-C.UTF-8}
here=$(cd "$(dirname "$0")" && pwd)
. "$here/common.sh"

for tool in xdotool import /usr/bin/python3; do
  command -v "$tool" >/dev/null || { echo "SKIP: $tool is not installed" >&2; exit 77; }
done
if [ "$lang" != C.UTF-8 ] && ! locale -a | grep -qi "^${lang%%.*}\.utf-\?8$"; then
  echo "SKIP: the $lang locale is not generated (build-aux/dev.sh test generates it)" >&2
  exit 77
fi

tmp=$(mktemp -d)
trap 'kill "$app_pid" "$sim_pid" 2>/dev/null || true; rm -rf "$tmp"' EXIT
export HOME=$tmp XDG_CONFIG_HOME=$tmp/config XDG_DATA_HOME=$tmp/data XDG_CACHE_HOME=$tmp/cache
export GSETTINGS_BACKEND=keyfile LANG=$lang LC_ALL=$lang LANGUAGE=
export GTK_A11Y=atspi
unset NO_AT_BRIDGE

start_sim 1

start_app

if [ "$lang" = C.UTF-8 ]; then
  image="Picture * of *: *"
  names=("Style" "Sketch weight" "Image count" "Generate" "$image" "Pen" "Sketch canvas")
  on=(--on "Pen" --on "Black")
else
  image="第 * 张图片，共 * 张：*"
  names=("风格" "草图权重" "图片数量" "生成" "$image" "画笔" "草图画布")
  on=(--on "画笔" --on "黑色")
fi

# A line on the canvas, then a generation, by keyboard.
read -r cx cy < <(/usr/bin/python3 "$here/find-controls.py" --where sketchbloom "image=${names[6]}")
xdotool mousemove --sync $((cx - 50)) "$cy" mousedown 1
for i in $(seq 1 10); do xdotool mousemove --sync $((cx - 50 + i * 10)) $((cy + i * 3)); done
xdotool mouseup 1
xdotool key ctrl+l
xdotool type --delay 20 "a lighthouse"
xdotool key ctrl+Return
/usr/bin/python3 "$here/find-controls.py" --wait 60 sketchbloom "push button=$image=4"

/usr/bin/python3 "$here/tab-walk.py" sketchbloom "$wid" "$image" "${on[@]}" "${names[@]}"
import -window "$wid" "$shot"

xdotool key ctrl+q
for _ in $(seq 1 50); do kill -0 "$app_pid" 2>/dev/null || break; sleep 0.2; done
