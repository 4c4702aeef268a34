# Shared by the GUI scripts (sourced): the simulator and the app, started
# the same way. Expects $app, $sim (for start_sim) and $tmp.

# Skips the test (77) unless every tool named is installed.
require_tools() {
  for tool in "$@"; do
    command -v "$tool" >/dev/null || { echo "SKIP: $tool is not installed" >&2; exit 77; }
  done
}

# A home of the test's own, gone at the end with the app and the simulator;
# the accessibility bus on, for find-controls.py. Sets tmp.
private_session() {
  tmp=$(mktemp -d)
  trap 'kill "${app_pid:-}" "${sim_pid:-}" 2>/dev/null || true; rm -rf "$tmp"' EXIT
  export HOME=$tmp XDG_CONFIG_HOME=$tmp/config XDG_DATA_HOME=$tmp/data XDG_CACHE_HOME=$tmp/cache
  export GSETTINGS_BACKEND=keyfile LANG=C.UTF-8 LC_ALL=C.UTF-8 LANGUAGE=
  export GTK_A11Y=atspi
  unset NO_AT_BRIDGE
}

# The simulator on loopback; the app will talk to it with a made-up key.
# Sets sim_pid. Usage: start_sim SERVICE_SECONDS
start_sim() {
  "$sim" --service-time "$1" --log "$tmp/sim.log" > "$tmp/sim.out" &
  sim_pid=$!
  for _ in $(seq 1 50); do [ -s "$tmp/sim.out" ] && break; sleep 0.1; done
  export DASHSCOPE_HTTP_BASE_URL=$(head -n 1 "$tmp/sim.out") DASHSCOPE_API_KEY=sk-sim
}

# The app, and its main window once shown. Sets app_pid and wid.
start_app() {
  "$app" &
  app_pid=$!
  wid=$(timeout 30 xdotool search --sync --onlyvisible --name '^Sketchbloom$' | head -n 1)
  [ -n "$wid" ] || { echo "FAIL: no Sketchbloom window within 30 s"; exit 1; }
  sleep 1
}
