#!/bin/bash
# The whole flow in the real window, against the simulator, with real input:
# draw a stroke, type a prompt, choose a style and two images, press Ctrl+Return, wait
# for two images in the gallery; the banner says the pictures are not real.
#
# Usage: generate.sh SKETCHBLOOM SKETCHBLOOM_SIM SCREENSHOT.png
# Run under run-headless.sh, which provides the X server and session bus.
set -eu

app=$1 sim=$2 shot=$3
here=$(cd "$(dirname "$0")" && pwd)
. "$here/common.sh"

require_tools xdotool import /usr/bin/python3

private_session

mkdir -p "$XDG_CONFIG_HOME/glib-2.0/settings" "$tmp/saved"
# Save As opens in the Pictures folder: here, one of the test's own, so only
# a file name is typed (typing a whole path made GTK 4.18's file chooser
# complete folders mid-keystroke, and once fail an assertion in its model).
echo "XDG_PICTURES_DIR=\"$tmp/saved\"" > "$XDG_CONFIG_HOME/user-dirs.dirs"

start_sim 2

start_app
eval "$(xdotool getwindowgeometry --shell "$wid")"

# A house: a square and a roof, drawn with the mouse.
stroke() {
  xdotool mousemove --sync "$1" "$2" mousedown 1
  shift 2
  while [ $# -ge 2 ]; do
    xdotool mousemove --sync "$1" "$2"
    shift 2
  done
  xdotool mouseup 1
}
bx=$((X + 300)) by=$((Y + 350))
stroke $bx $by $((bx + 100)) $by $((bx + 200)) $by $((bx + 200)) $((by + 100)) $((bx + 200)) $((by + 200)) \
       $((bx + 100)) $((by + 200)) $bx $((by + 200)) $bx $((by + 100)) $bx $by
stroke $((bx - 20)) $by $((bx + 100)) $((by - 120)) $((bx + 220)) $by

# The prompt, then with the keyboard: Tab to the style, choose Oil painting
# (the fourth), Tab past the weight to the image count, type 2 over the 4.
xdotool key ctrl+l
xdotool type --delay 20 "a small red house on a hill"
xdotool key Tab space
sleep 0.5
xdotool key Down Down Down Return
sleep 0.3
# (Closing the list puts the focus back a step: three Tabs to the count.)
read -r cx cy < <(/usr/bin/python3 "$here/find-controls.py" --where sketchbloom "spin button=Image count")
echo "image count at $cx,$cy"
xdotool mousemove --sync "$cx" "$cy" click 1
for key in ctrl+a 2 Tab; do xdotool key $key; sleep 0.2; done
grep -q "^style='oil-painting'" "$XDG_CONFIG_HOME/glib-2.0/settings/keyfile" || { echo "FAIL: the style was not chosen"; cat "$XDG_CONFIG_HOME/glib-2.0/settings/keyfile"; exit 1; }
grep -q "^image-count=2" "$XDG_CONFIG_HOME/glib-2.0/settings/keyfile" || { echo "FAIL: the count was not set"; cat "$XDG_CONFIG_HOME/glib-2.0/settings/keyfile"; exit 1; }
xdotool key ctrl+Return

/usr/bin/python3 "$here/find-controls.py" --wait 60 sketchbloom "push button=Picture * of *: *=2" \
  "label=Pictures come from a local test service ($DASHSCOPE_HTTP_BASE_URL), not from the AI model. Add a DashScope API key to make real ones."
sleep 1
import -window "$wid" "$shot"

# One create, the sketch through temporary storage, the key to the API host only.
/usr/bin/python3 - "$tmp/sim.log" <<'PY'
import json, sys
entries = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
creates = [e for e in entries if e["path"].endswith("/image-synthesis")]
assert len(creates) == 1 and creates[0]["status"] == 200 and creates[0]["oss_resolve"], creates
parameters = creates[0]["request"]["parameters"]
assert parameters["style"] == "<oil painting>" and parameters["n"] == 2, parameters
print("create:", json.dumps(parameters))
assert all(e["authorization"] == "absent" for e in entries if e["listener"] != "api"), entries
print(f"{len(entries)} requests; one create; no key outside the API host")
PY

# Saved into the history: the sketch as sent, the images, the entry.
history=$XDG_DATA_HOME/sketchbloom/history
saved=$(find "$history" -name '*.png' ! -name sketch.png | wc -l)
[ "$saved" -eq 2 ] || { echo "FAIL: $saved images saved, not 2"; exit 1; }
[ "$(find "$history" -name sketch.png | wc -l)" -eq 1 ] || { echo "FAIL: the sketch is not in the history"; exit 1; }
sleep 0.5
grep -q '"state" : "done"' "$history"/*/entry.json || { echo "FAIL: the history entry is not done"; exit 1; }
echo "two images saved in the history and shown"

# Save one: open it from the gallery, Ctrl+S, type where, Enter.
read -r tx ty < <(/usr/bin/python3 "$here/find-controls.py" --where sketchbloom "push button=Picture * of *: *")
xdotool mousemove --sync "$tx" "$ty" click 1
# The viewer takes the window's place, which is titled with the picture's prompt.
[ "$(timeout 20 xdotool search --sync --onlyvisible --name '^a small red house on a hill$' | head -n 1)" = "$wid" ] \
  || { echo "FAIL: the viewer is not in the main window"; exit 1; }
sleep 0.5
xdotool key ctrl+s
timeout 20 xdotool search --sync --onlyvisible --name '^Save Picture$' >/dev/null
sleep 1
xdotool key ctrl+a
xdotool type --delay 10 "house.png"
xdotool key Return
for _ in $(seq 1 50); do [ -s "$tmp/saved/house.png" ] && break; sleep 0.2; done
[ "$(identify -format '%m %wx%h' "$tmp/saved/house.png" 2>/dev/null)" = "PNG 768x768" ] \
  || { echo "FAIL: no 768×768 PNG saved at $tmp/saved/house.png"; ls -la "$tmp/saved"; exit 1; }
echo "saved one image from the viewer: $(identify -format '%m %wx%h' "$tmp/saved/house.png")"
# Done with the viewer: Escape, and the drawing is back. No window manager:
# the keyboard goes back to the main window from the file chooser by hand
# (the pointer over it, and the focus).
eval "$(xdotool getwindowgeometry --shell "$wid")"
xdotool mousemove --sync $((X + WIDTH / 4)) $((Y + HEIGHT / 2))
xdotool windowfocus --sync "$wid"
sleep 0.5
xdotool key Escape
timeout 20 xdotool search --sync --onlyvisible --name '^Sketchbloom$' >/dev/null \
  || { echo "FAIL: Escape did not return from the viewer to the drawing"; exit 1; }
echo "Escape returned from the viewer to the drawing"
sleep 0.5

# A sketch already online (chosen in the settings, as Preferences would):
# nothing is uploaded, the task gets that address.
files_url=$(sed -n 's/^files: //p' "$tmp/sim.out")
/usr/bin/python3 - "$files_url" <<'PY'
import sys, urllib.request, zlib, struct
rows = b"".join(b"\x00" + bytes(0 if abs(x - y) < 4 else 255 for x in range(400)) for y in range(400))
chunk = lambda k, d: struct.pack(">I", len(d)) + k + d + struct.pack(">I", zlib.crc32(k + d))
png = (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 400, 400, 8, 0, 0, 0, 0))
       + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))
urllib.request.urlopen(urllib.request.Request(sys.argv[1] + "online.png", data=png, method="PUT")).close()
PY
# (Under the app's own group: GTK's file chooser keeps its settings here too.)
printf "\n[io/github/sketchbloom/Sketchbloom]\nupload-method='url'\nsketch-url='%sonline.png'\n" "$files_url" \
  >> "$XDG_CONFIG_HOME/glib-2.0/settings/keyfile"
sleep 1
xdotool key ctrl+Return
/usr/bin/python3 "$here/find-controls.py" --wait 60 sketchbloom "push button=Picture * of *: *=4"
/usr/bin/python3 - "$tmp/sim.log" "$files_url" <<'PY'
import json, sys
entries = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
creates = [e for e in entries if e["path"].endswith("/image-synthesis")]
policies = [e for e in entries if e["path"] == "/api/v1/uploads"]
assert len(creates) == 2 and not creates[1]["oss_resolve"], creates
assert len(policies) == 1, "the second generation uploaded something"
print("the second generation used the address already online")
PY
saved=$(find "$history" -name '*.png' ! -name sketch.png | wc -l)
[ "$saved" -eq 4 ] || { echo "FAIL: $saved images in the history, not 4"; exit 1; }

# Killed while a task runs: the next start finishes it, once.
xdotool key ctrl+Return
for _ in $(seq 1 100); do
  [ "$(grep -c '/image-synthesis' "$tmp/sim.log")" -ge 3 ] && break
  sleep 0.1
done
sleep 0.5   # the answer reaches the app and its history (the task takes 2 s)
kill -9 "$app_pid"
wait "$app_pid" 2>/dev/null || true
echo "killed the app while its task ran"
"$app" &
app_pid=$!
wid=$(timeout 30 xdotool search --sync --onlyvisible --name '^Sketchbloom$' | head -n 1)
for _ in $(seq 1 100); do
  [ "$(find "$history" -name '*.png' ! -name sketch.png | wc -l)" -ge 6 ] && break
  sleep 0.2
done
saved=$(find "$history" -name '*.png' ! -name sketch.png | wc -l)
creates=$(grep -c '/image-synthesis' "$tmp/sim.log")
[ "$saved" -eq 6 ] && [ "$creates" -eq 3 ] || { echo "FAIL: after the restart $saved images, $creates creates"; exit 1; }
echo "resumed after the restart: 6 images, 3 creates"

xdotool key ctrl+q
for _ in $(seq 1 50); do kill -0 "$app_pid" 2>/dev/null || break; sleep 0.2; done
wait "$app_pid"
