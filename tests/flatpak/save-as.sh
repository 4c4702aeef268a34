#!/bin/bash
# Files leave the sandbox through portals. Save As in the viewer opens the
# desktop's file chooser (xdg-desktop-portal-gtk on the host): the picture
# lands, byte for byte, in a host folder the sandbox has no permission for.
# Show in Folder asks the OpenURI portal; this desktop has no file manager,
# and says so itself (the portal's "Open With…"). Screenshots: flatpak-save-as-*.png.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/common.sh"
[ -n "${SB_FP_SESSION:-}" ] || { in_session desktop; exit; }
if [ "$XDG_RUNTIME_DIR" != "/run/user/$(id -u)" ]; then
  echo "SKIP: /run/user/$(id -u) belongs to a running session: the document portal's paths would not reach the sandbox" >&2
  exit 77
fi

click() {
  local x y
  read -r x y < <(find_controls --where sketchbloom "$1") || fail "no $1"
  xdotool mousemove --sync "$x" "$y" click 1
}
start_sim sk-flatpak-save 1
export DASHSCOPE_API_KEY=sk-flatpak-save DASHSCOPE_HTTP_BASE_URL=$sim_url
data=$(app_data "$DEVEL")
# A picture in the history, made by the sandboxed CLI.
sandboxed_generate "a picture to save" 1 "$data" > /dev/null ||
  fail "no picture to save"
picture=$(find "$data/sketchbloom/history" -name '*.png' ! -name sketch.png ! -name '.*' | head -n 1)
# A host folder out of the sandbox's reach (no --filesystem permission).
host_dir=$tmp/host-pictures
mkdir -p "$host_dir"
dbus-monitor --session "interface='org.freedesktop.portal.OpenURI'" "interface='org.freedesktop.portal.Request'" > "$tmp/openuri.log" 2>&1 &
monitor_pid=$!

start_app "$DEVEL"
find_controls --wait 20 sketchbloom "push button=Picture * of *: *" > /dev/null || fail "no picture in the gallery"
click "push button=Picture * of *: *"
# The viewer takes the drawing's place in the window, titled by the picture.
timeout 20 xdotool search --sync --onlyvisible --name '^a picture to save$' > /dev/null || fail "no viewer"
sleep 1
xdotool key ctrl+s
# The portal's chooser, a window of the host's xdg-desktop-portal-gtk.
chooser=$(timeout 30 xdotool search --sync --onlyvisible --name '^Save Picture$' | head -n 1)
[ -n "$chooser" ] || { cat "$tmp/app.log"; fail "no file chooser from the portal"; }
sleep 1
screenshot save-as-chooser
xdotool windowfocus --sync "$chooser"
xdotool key ctrl+a
xdotool type --delay 10 "$host_dir/saved.png"
xdotool key Return
for _ in $(seq 1 50); do [ -s "$host_dir/saved.png" ] && break; sleep 0.2; done
[ -s "$host_dir/saved.png" ] || { ls -la "$host_dir"; fail "nothing saved in the host folder"; }
sleep 0.5
cmp "$picture" "$host_dir/saved.png" || fail "the saved picture differs from the one made"
echo "saved through the portal, byte for byte: $host_dir/saved.png"

# Show in Folder, from the viewer's menu: the OpenURI portal is asked, and
# the desktop says itself that it has no app to open a folder with (the
# portal's "Open With…"); cancelled there, the viewer adds nothing.
viewer=$(xdotool search --onlyvisible --name '^a picture to save$' | head -n 1)
xdotool windowfocus --sync "$viewer"
click "toggle button=More Actions"
sleep 0.5
# (The menu's items are not on the accessibility bus: by keyboard, from
# Copy down past Actual Size, Trace Over It and Reuse to Show in Folder.)
xdotool key Down Down Down Down Return
for _ in $(seq 1 50); do grep -q 'member=OpenDirectory' "$tmp/openuri.log" && break; sleep 0.2; done
grep -q 'member=OpenDirectory' "$tmp/openuri.log" || { cat "$tmp/openuri.log"; fail "Show in Folder did not ask the OpenURI portal"; }
echo "Show in Folder asked the OpenURI portal"
chooser=$(timeout 30 xdotool search --sync --onlyvisible --name '^Open With' | head -n 1)
[ -n "$chooser" ] || fail "the desktop did not say how it would open the folder"
sleep 1
screenshot save-as-show-in-folder
xdotool windowfocus --sync "$chooser" key Escape
for _ in $(seq 1 50); do grep -q 'member=Response' <(sed -n '/OpenDirectory/,$p' "$tmp/openuri.log") && break; sleep 0.2; done
sleep 1
if find_controls --wait 2 sketchbloom "*=The folder could not be shown: *" > /dev/null; then
  fail "a cancelled Show in Folder was reported as a failure"
fi
# Still there and answering.
find_controls sketchbloom "push button=Save As…" > /dev/null || fail "the viewer is gone"
kill "$monitor_pid" 2>/dev/null || true
quit_app
echo "ok: saved through the file-chooser portal; Show in Folder went through OpenURI, the desktop said it has no app"
