/* bench-startup.c: how fast the window appears, and whether one whole
 * generation ever stalls the main loop
 *
 * Run under tests/gui/run-headless.sh. Prints (one "BENCH name value" each):
 *   startup.first_frame_ms  from the process's start to the window's first
 *                           painted frame (the process start is read from
 *                           /proc, to 10 ms)
 *   startup.rss_mb          resident memory then
 *   flow.stall_ms_max       the longest pause of the main loop (a 1 ms timer)
 *                           from Generate to four images shown in the
 *                           gallery and the first over the drawing, against
 *                           the simulator (its own process: it paints results
 *                           on its main loop): export, upload, polling,
 *                           downloads, thumbnail decoding and the picture
 *                           staged on the canvas all happen meanwhile. The
 *                           window has painted the drawing and the prompt
 *                           before Generate, as it has for an artist who drew
 *                           them stroke by stroke (painting 40 strokes and a
 *                           prompt set at once is not Generate's work)
 *   flow.total_ms           how long that generation took (the simulator
 *                           paints for 1 s)
 * SB_BENCH_TRACE=1 also prints each stall over 16 ms and when it came, and
 * each frame's layout or paint over 8 ms (SB_BENCH_TRACE=N: over N ms).
 * It asserts nothing about speed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <unistd.h>
#define G_SETTINGS_ENABLE_BACKEND
#include <gio/gsettingsbackend.h>

#include "sb-test-util.h"
#include "sb-gui-test-util.h"
#include "sb-canvas.h"
#include "sb-window.h"

static gint64 last_tick;
static gint64 longest_stall;
static gboolean painted;
static gint64 started_at;

/* Milliseconds since this process started, from /proc (10 ms ticks). */
static double
ms_since_process_start (void)
{
  g_autofree char *stat = NULL;
  g_autofree char *uptime = NULL;
  g_auto(GStrv) fields = NULL;
  char *after_name;

  if (!g_file_get_contents ("/proc/self/stat", &stat, NULL, NULL) ||
      !g_file_get_contents ("/proc/uptime", &uptime, NULL, NULL) ||
      (after_name = strrchr (stat, ')')) == NULL)
    return -1;

  /* Field 22 (starttime), counted from the state after the name (field 3). */
  fields = g_strsplit (after_name + 2, " ", 0);
  if (g_strv_length (fields) < 20)
    return -1;
  return (g_ascii_strtod (uptime, NULL) - g_ascii_strtod (fields[19], NULL) / sysconf (_SC_CLK_TCK)) * 1000.0;
}

/* With SB_BENCH_TRACE: how long each frame's layout and paint took, when
 * either is long, to tell a stall in drawing from one in a callback. */
static gint64 phase_started;
static gint64 trace_threshold = 8000;   /* µs; SB_BENCH_TRACE=N sets N ms */

static void
on_phase_start (GdkFrameClock *clock,
                gpointer       user_data)
{
  phase_started = g_get_monotonic_time ();
}

static void
on_phase_end (GdkFrameClock *clock,
              gpointer       phase)
{
  gint64 took = g_get_monotonic_time () - phase_started;

  if (started_at != 0 && took > trace_threshold)
    g_printerr ("  %s %.1f ms at %.0f ms\n", (const char *) phase, took / 1000.0,
                (g_get_monotonic_time () - started_at) / 1000.0);
}

static void
on_after_paint (GdkFrameClock *clock,
                gpointer       user_data)
{
  painted = TRUE;
}

static void
on_realize (GtkWidget *window)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (window);

  g_signal_connect (clock, "after-paint", G_CALLBACK (on_after_paint), NULL);
  if (g_getenv ("SB_BENCH_TRACE") != NULL)
    {
      if (g_ascii_strtoll (g_getenv ("SB_BENCH_TRACE"), NULL, 10) > 1)
        trace_threshold = g_ascii_strtoll (g_getenv ("SB_BENCH_TRACE"), NULL, 10) * 1000;
      /* GTK's own handlers are connected already: each phase is timed
       * from the end of the one before. */
      g_signal_connect_after (clock, "before-paint", G_CALLBACK (on_phase_start), NULL);
      g_signal_connect_after (clock, "layout", G_CALLBACK (on_phase_end), (gpointer) "update and layout");
      g_signal_connect_after (clock, "layout", G_CALLBACK (on_phase_start), NULL);
      g_signal_connect_after (clock, "paint", G_CALLBACK (on_phase_end), (gpointer) "paint");
    }
}

static gboolean
on_tick (gpointer user_data)
{
  gint64 now = g_get_monotonic_time ();

  if (last_tick != 0 && g_getenv ("SB_BENCH_TRACE") != NULL && now - last_tick > 16000)
    g_printerr ("stall %.1f ms at %.0f ms (monotonic %.6f s)\n", (now - last_tick) / 1000.0, (now - started_at) / 1000.0, now / 1e6);
  if (last_tick != 0)
    longest_stall = MAX (longest_stall, now - last_tick);
  last_tick = now;
  return G_SOURCE_CONTINUE;
}

static guint
count_thumbnails (GtkWidget *widget)
{
  guint n = GTK_IS_PICTURE (widget) && gtk_picture_get_paintable (GTK_PICTURE (widget)) != NULL;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    n += count_thumbnails (child);
  return n;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GSettingsBackend) backend = NULL;
  g_autoptr(GSettings) settings = NULL;
  g_autoptr(GSubprocess) sim = NULL;
  g_autoptr(GDataInputStream) sim_out = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *home = g_dir_make_tmp ("sketchbloom-bench-XXXXXX", NULL);
  g_autoptr(GFile) data = NULL;
  g_autofree char *base_url = NULL;
  double first_frame_ms, rss;
  g_autoptr(SbGenerator) generator = NULL;
  SbWindow *window;
  SbSketch *sketch;
  GtkWidget *gallery;
  SbCanvas *canvas;
  gint64 started, deadline, settled;

  gtk_init ();
  adw_init ();

  if (argc < 2)
    g_error ("usage: bench-startup SKETCHBLOOM-SIM");
  sim = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, argv[1], "--service-time", "1", NULL);
  g_assert_no_error (error);
  sim_out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (sim));
  base_url = g_data_input_stream_read_line (sim_out, NULL, NULL, &error);   /* its first line */
  g_assert_no_error (error);
  g_setenv ("DASHSCOPE_HTTP_BASE_URL", base_url, TRUE);
  g_setenv ("DASHSCOPE_API_KEY", "sk-sim", TRUE);

  backend = g_memory_settings_backend_new ();
  settings = g_settings_new_with_backend (SCHEMA_ID, backend);
  data = g_file_new_for_path (home);
  generator = sb_gui_test_generator_new (settings, data);
  window = sb_window_new (NULL, generator);
  g_signal_connect (window, "realize", G_CALLBACK (on_realize), NULL);
  gtk_window_present (GTK_WINDOW (window));
  while (!painted)
    g_main_context_iteration (NULL, TRUE);
  first_frame_ms = ms_since_process_start ();
  rss = sb_test_rss_mb ();

  /* One generation of four images, timed from Generate to the gallery. */
  sketch = sb_window_get_sketch (window);
  for (int i = 0; i < 40; i++)
    {
      sb_sketch_begin_stroke (sketch, SB_TOOL_PEN, 50 + i * 15, 100, 1.0);
      sb_sketch_extend_stroke (sketch, 700 - i * 10, 650, 1.0);
      sb_sketch_end_stroke (sketch);
    }
  gtk_editable_set_text (GTK_EDITABLE (sb_gui_test_find_child (GTK_WIDGET (window), "prompt_entry")),
                         "a harbour at night");
  gallery = GTK_WIDGET (sb_gui_test_find_child (GTK_WIDGET (window), "gallery"));
  canvas = SB_CANVAS (sb_gui_test_find_child (GTK_WIDGET (window), "canvas"));
  /* The drawing and the prompt on screen, as they are when an artist
   * reaches for Generate. */
  settled = g_get_monotonic_time () + G_USEC_PER_SEC / 5;
  while (g_get_monotonic_time () < settled)
    if (!g_main_context_iteration (NULL, FALSE))
      g_usleep (1000);

  g_timeout_add (1, on_tick, NULL);
  last_tick = 0;
  started = started_at = g_get_monotonic_time ();
  gtk_widget_activate_action (GTK_WIDGET (window), "win.generate", NULL);
  deadline = started + 60 * G_USEC_PER_SEC;
  while ((count_thumbnails (gallery) < 4 || sb_canvas_get_staged (canvas) == NULL) &&
         g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  if (count_thumbnails (gallery) < 4 || sb_canvas_get_staged (canvas) == NULL)
    g_error ("the four images did not reach the gallery and the canvas within 60 s");
  /* The frame that shows the staged picture. */
  settled = g_get_monotonic_time () + G_USEC_PER_SEC / 10;
  while (g_get_monotonic_time () < settled)
    if (!g_main_context_iteration (NULL, FALSE))
      g_usleep (1000);

  g_print ("BENCH startup.first_frame_ms %.0f\n", first_frame_ms);
  g_print ("BENCH startup.rss_mb %.1f\n", rss);
  g_print ("BENCH flow.stall_ms_max %.1f\n", longest_stall / 1000.0);
  g_print ("BENCH flow.total_ms %.0f\n", (g_get_monotonic_time () - started) / 1000.0);

  gtk_window_destroy (GTK_WINDOW (window));
  {
    g_autoptr(GFile) tree = g_file_new_for_path (home);

    for (int i = 0; i < 50; i++)
      g_main_context_iteration (NULL, FALSE);
    sb_test_remove_tree (tree);
  }
  g_subprocess_force_exit (sim);
  return 0;
}
