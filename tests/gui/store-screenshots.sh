#!/bin/bash
# The store's screenshots, taken the way an artist would use the app, against
# the local simulator (so the pictures are the simulator's, and the captions
# say so): a sketch (the one the app kept from last time), the notice about the
# test service hidden with its close button, a prompt, four pictures; one of
# them in the viewer; a sweep across all styles; the preferences.
# Each must be at most 1000×700, as Flathub asks.
#
# Usage: store-screenshots.sh SKETCHBLOOM SKETCHBLOOM_SIM OUTPUT_DIR
# Run under run-headless.sh. The GNOME 48 stack's shots are the ones copied
# into data/screenshots/ (see README, "Store screenshots").
set -eu

app=$1 sim=$2 out=$3
here=$(cd "$(dirname "$0")" && pwd)
. "$here/common.sh"

require_tools xdotool import identify /usr/bin/python3

private_session
mkdir -p "$XDG_CONFIG_HOME/glib-2.0/settings" "$XDG_DATA_HOME/sketchbloom" "$out"

# The window at the store's size, a watercolour of four.
cat > "$XDG_CONFIG_HOME/glib-2.0/settings/keyfile" <<'EOF'
[io/github/sketchbloom/Sketchbloom]
window-width=1000
window-height=700
style='watercolor'
image-count=4
sketch-weight=7
EOF

# Last time's sketch, as the app keeps it: a cottage, a tree, the sun and
# hills, drawn as a hand would (a little unsteady).
/usr/bin/python3 - "$XDG_DATA_HOME/sketchbloom/sketch.json" <<'PY'
import json, math, random, sys
random.seed(7)
def line(points, steps=12):
    out = []
    for (x0, y0), (x1, y1) in zip(points, points[1:]):
        for i in range(steps):
            t = i / steps
            out.append((x0 + (x1 - x0) * t + random.uniform(-1.2, 1.2), y0 + (y1 - y0) * t + random.uniform(-1.2, 1.2)))
    out.append(points[-1])
    return out
def circle(cx, cy, r, n=40):
    return [(cx + r * math.cos(2 * math.pi * i / n), cy + r * math.sin(2 * math.pi * i / n)) for i in range(n + 1)]
strokes = [
    line([(0, 560), (140, 500), (300, 530), (460, 480), (620, 520), (768, 470)], 10),   # hills
    line([(200, 560), (200, 400), (380, 400), (380, 540)]),                              # walls
    line([(180, 410), (290, 310), (400, 410)]),                                          # roof
    line([(270, 545), (270, 470), (315, 470), (315, 545)]),                              # door
    line([(215, 425), (255, 425), (255, 455), (215, 455), (215, 425)], 6),               # window
    line([(560, 520), (565, 380)]),                                                      # trunk
    line(circle(565, 320, 75), 1),                                                       # crown
    line(circle(130, 140, 45), 1),                                                       # sun
]
actions = []
for s in strokes:
    points = []
    for i, (x, y) in enumerate(s):
        points += [round(x, 1), round(y, 1), 0.6, i * 12]
    actions.append({"kind": "stroke", "tool": "pen", "width": 5, "color": 0, "points": points})
json.dump({"version": 1, "position": len(actions), "extraction": False, "actions": actions}, open(sys.argv[1], "w"))
PY

start_sim 1

start_app

click() {   # click ROLE=NAME, found through the accessibility tree
  local x y
  read -r x y < <(/usr/bin/python3 "$here/find-controls.py" --where sketchbloom "$1")
  [ -n "$x" ] || { echo "FAIL: no $1 to click"; exit 1; }
  xdotool mousemove --sync "$x" "$y" click 1
}

press() {   # press ROLE=NAME as a screen reader does: small buttons, exactly
  /usr/bin/python3 "$here/find-controls.py" --press sketchbloom "$1" || { echo "FAIL: no $1 to press"; exit 1; }
}

shoot() {   # shoot WINDOW_ID NAME: a screenshot no larger than the store takes
  import -window "$1" "$out/$2.png"
  local size
  size=$(identify -format '%w %h' "$out/$2.png")
  set -- $size "$2"
  if [ "$1" -gt 1000 ] || [ "$2" -gt 700 ]; then
    echo "FAIL: $3 is $1×$2, more than 1000×700"
    exit 1
  fi
  echo "$3: $1×$2"
}

# The notice about the test service goes with its close button; the
# captions say where the pictures come from instead.
press "push button=Hide the test service notice"
sleep 0.5

xdotool key ctrl+l
xdotool type --delay 15 "a cottage under a big tree on a sunny hill"
xdotool key ctrl+Return
/usr/bin/python3 "$here/find-controls.py" --wait 60 sketchbloom "push button=Picture * of *: *=4"
sleep 1.5
shoot "$wid" store-1-main

# One picture in the viewer, in the window's place, titled with its prompt; the arrow keys, Home
# and End walk the generation's pictures whatever has the focus.
click "push button=Picture * of *: *"
viewer=$(timeout 20 xdotool search --sync --onlyvisible --name '^a cottage under a big tree' | head -n 1)
sleep 1
shoot "$viewer" store-2-viewer
for step in "Right:2" "End:4" "Left:3" "Home:1"; do
  xdotool key "${step%%:*}"
  /usr/bin/python3 "$here/find-controls.py" --wait 5 sketchbloom "label=Watercolor · weight 7 · ${step##*:} of 4" >/dev/null \
    || { echo "FAIL: ${step%%:*} did not show picture ${step##*:} of 4"; exit 1; }
done
echo "viewer keys: Right, End, Left, Home each showed their picture"
[ "$viewer" = "$wid" ] || { echo "FAIL: the viewer is not in the main window"; exit 1; }
xdotool key Escape
timeout 10 xdotool search --sync --onlyvisible --name '^Sketchbloom$' >/dev/null \
  || { echo "FAIL: Escape did not return from the viewer to the drawing"; exit 1; }
sleep 0.5

# A sweep across all eight styles, one picture each: one gallery row on top
# of the main window, a tile per style captioned with its name.
press "*=Sweep"
sleep 0.5
xdotool key s   # the mnemonic of "Across All _Styles"
/usr/bin/python3 "$here/find-controls.py" --wait 20 sketchbloom "push button=Use These Settings: Anime" >/dev/null \
  || { echo "FAIL: no sweep row captioned with its styles"; exit 1; }
for _ in $(seq 1 120); do
  [ "$(grep -c '/image-synthesis' "$tmp/sim.log")" -ge 9 ] && \
    [ "$(find "$XDG_DATA_HOME/sketchbloom/history" -name '*.png' ! -name sketch.png | wc -l)" -ge 12 ] && break
  sleep 0.5
done
sleep 1.5
shoot "$wid" store-3-sweep

# The preferences, over the window (a dialog on libadwaita 1.5, a window
# before). No window manager here: focus the main window by hand.
xdotool windowfocus --sync "$wid"
xdotool key ctrl+comma
prefs=$(timeout 5 xdotool search --sync --onlyvisible --name '^Preferences$' 2>/dev/null | head -n 1 || true)
/usr/bin/python3 "$here/find-controls.py" --wait 10 sketchbloom "*=API Key" >/dev/null \
  || { echo "FAIL: the preferences did not open"; exit 1; }
sleep 1
shoot "${prefs:-$wid}" store-4-preferences

xdotool key Escape
sleep 0.3
xdotool key ctrl+q
for _ in $(seq 1 50); do kill -0 "$app_pid" 2>/dev/null || break; sleep 0.2; done
echo "four store screenshots in $out"
