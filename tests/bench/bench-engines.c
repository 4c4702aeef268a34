/* bench-engines.c: what each engine sends, and how soon its create leaves
 *
 * The same sketch (60 scribbled strokes on the 768×768 canvas, exported as
 * Generate exports it) goes through the one generation pipeline against the
 * in-process simulator, once per way the sketch can travel:
 *
 *   sketch-lite.dashscope   uploaded to the temporary storage (a policy
 *                           request, then a form post), then the create
 *   sketch-lite.put         uploaded by PUT to a host of one's own
 *   doodle.inline           no upload: the sketch inside the create, a
 *                           data: URI
 *   repaint.inline          a region of a 768 px picture repainted: the
 *                           picture and its mask (painted as a soft
 *                           overlay, made two-toned on the way) both
 *                           inside the create
 *
 * Prints one "BENCH name value" line per figure, each a median of the runs:
 *   engines.create_ms.<way>     from sb_generator_submit_async() (an
 *                               edit's sb_generator_edit_async()) to the
 *                               create request's arrival at the service
 *                               (the history entry written first, the key
 *                               read, the upload if any)
 *   engines.create_ms_first.<way>  the same for the first run (cold: a
 *                               new session, and the temporary storage's
 *                               policy asked for)
 *   engines.requests_before.<way>  requests sent before the create, per
 *                               generation (median)
 *   engines.create_bytes.<way>  the create request's body
 *   engines.sketch_png_bytes    the sketch as exported
 *   engines.picture_png_bytes   the picture repainted
 * Loopback only, so the upload's cost here is its round trips, not a real
 * network's bandwidth: on a real link the inline engine saves more.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#define G_SETTINGS_ENABLE_BACKEND
#include <gio/gsettingsbackend.h>
#include <gdk-pixbuf/gdk-pixbuf.h>
#include <math.h>

#include "sb-generator.h"
#include "sb-json.h"
#include "sb-sim-server.h"
#include "sb-sketch.h"
#include "sb-test-util.h"

#define RUNS 15
#define API_KEY "sk-bench-engines"

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static double
median (GArray *samples)
{
  g_array_sort (samples, compare_doubles);
  return g_array_index (samples, double, samples->len / 2);
}

static GBytes *
drawn_sketch (void)
{
  g_autoptr(SbSketch) sketch = sb_sketch_new ();

  for (guint seed = 0; seed < 60; seed++)
    {
      double cx = 60 + (seed * 37) % 640, cy = 60 + (seed * 91) % 640;

      sb_sketch_begin_stroke (sketch, SB_TOOL_PEN, cx, cy, SB_DEFAULT_PRESSURE);
      for (int i = 1; i < 40; i++)
        sb_sketch_extend_stroke (sketch, cx + 50 * sin (i * 0.3 + seed), cy + 50 * cos (i * 0.2 + seed), 0.6);
      sb_sketch_end_stroke (sketch);
    }
  return sb_sketch_export_png (sketch, NULL);
}

/* A picture as the service returns one: smooth shading and detail, so its
 * PNG is as large as a real one's, not a flat field's. */
static GBytes *
rendered_picture (void)
{
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, 768, 768);

  for (int y = 0; y < 768; y++)
    for (int x = 0; x < 768; x++)
      {
        guchar *p = gdk_pixbuf_get_pixels (pixbuf) + y * gdk_pixbuf_get_rowstride (pixbuf) + x * 3;

        p[0] = (guchar) (128 + 100 * sin (x * 0.021) * cos (y * 0.013));
        p[1] = (guchar) (x * 255 / 768);
        p[2] = (guchar) ((x * y + (x ^ y)) & 0xff);
      }
  return sb_test_pixbuf_to_png (pixbuf);
}

/* A region as the canvas's overlay paints it: a soft, tinted disc. */
static GBytes *
painted_region (void)
{
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, TRUE, 8, 768, 768);

  for (int y = 0; y < 768; y++)
    for (int x = 0; x < 768; x++)
      {
        guchar *p = gdk_pixbuf_get_pixels (pixbuf) + y * gdk_pixbuf_get_rowstride (pixbuf) + x * 4;
        double d = hypot (x - 400, y - 300) / 180.0;

        p[0] = 255, p[1] = 120, p[2] = 140;
        p[3] = (guchar) CLAMP (255 * (1.2 - d), 0, 200);
      }
  return sb_test_pixbuf_to_png (pixbuf);
}

/* The last create body the simulator logged. */
static gsize
last_create_bytes (const char *log)
{
  g_autoptr(GPtrArray) lines = sb_test_read_log (log);
  gsize bytes = 0;

  for (guint i = 0; i < lines->len; i++)
    {
      JsonObject *line = json_node_get_object (g_ptr_array_index (lines, i));

      if (g_str_has_suffix (sb_json_get_string (line, "path"), "/image-synthesis") &&
          sb_json_get_string (line, "body") != NULL)
        bytes = strlen (sb_json_get_string (line, "body"));
    }
  return bytes;
}

/* Every request the simulator has seen, on either host. */
static guint
count_all (SbSimServer *sim)
{
  return sb_sim_server_count_requests (sim, "GET", "/") + sb_sim_server_count_requests (sim, "POST", "/") +
         sb_sim_server_count_requests (sim, "PUT", "/");
}

static void
measure (const char     *way,
         const SbEngine *engine,
         SbUploadMethod  method,
         GBytes         *sketch,
         GBytes         *mask)
{
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) before = g_array_new (FALSE, FALSE, sizeof (double));
  double first = 0;
  g_autofree char *root = g_dir_make_tmp ("bench-engines-XXXXXX", NULL);
  g_autofree char *log = g_build_filename (root, "sim.log", NULL);
  g_autoptr(GFile) data = g_file_new_build_filename (root, "data", NULL);
  g_autoptr(GSettingsBackend) backend = g_memory_settings_backend_new ();
  g_autoptr(GSettings) settings = g_settings_new_with_backend (SCHEMA_ID, backend);
  g_autoptr(SbSimServer) sim = sb_sim_server_new (API_KEY, 0.05);
  g_autoptr(SbGenerator) generator = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *base = NULL;
  g_autofree char *files = NULL;
  g_autofree char *up = NULL;
  gsize bytes;

  sb_sim_server_listen (sim, 0, &error);
  g_assert_no_error (error);
  sb_sim_server_set_log_file (sim, log, &error);
  g_assert_no_error (error);
  base = sb_sim_server_get_base_url (sim);
  files = sb_sim_server_get_files_url (sim);
  up = g_strconcat (files, "up/", NULL);
  g_setenv ("DASHSCOPE_HTTP_BASE_URL", base, TRUE);
  g_setenv ("DASHSCOPE_API_KEY", API_KEY, TRUE);
  g_settings_set_enum (settings, "upload-method", method);
  g_settings_set_string (settings, "upload-url", up);
  generator = sb_generator_new (settings, data);

  for (guint run = 0; run < RUNS; run++)
    {
      g_autoptr(SbParams) params = sb_params_new ();
      g_autoptr(GAsyncResult) result = NULL;
      g_autoptr(GPtrArray) jobs = NULL;
      guint creates = sb_sim_server_count_requests (sim, "POST", "/api/v1/services/");
      guint requests = count_all (sim);
      gint64 start;
      double ms, sent;

      sb_params_set_engine (params, engine);
      sb_params_set_prompt (params, "a lighthouse at dusk");
      sb_params_set_count (params, 1);
      sb_params_set_mask (params, mask);
      start = g_get_monotonic_time ();
      if (engine->kind == SB_ENGINE_EDITS)
        sb_generator_edit_async (generator, params, NULL, sketch, SB_SWEEP_NONE, NULL, sb_test_store_result, &result);
      else
        sb_generator_submit_async (generator, params, sketch, NULL, SB_SWEEP_NONE, NULL, sb_test_store_result,
                                   &result);
      while (sb_sim_server_count_requests (sim, "POST", "/api/v1/services/") == creates)
        g_main_context_iteration (NULL, TRUE);
      ms = (g_get_monotonic_time () - start) / 1000.0;
      g_array_append_val (times, ms);
      sent = count_all (sim) - requests - 1;
      g_array_append_val (before, sent);
      if (run == 0)
        first = ms;

      /* The task runs out before the next (one at a time for the sketch model). */
      jobs = sb_generator_submit_finish (generator, sb_test_wait_for (&result), &error);
      g_assert_no_error (error);
      for (guint i = 0; i < jobs->len; i++)
        while (!sb_job_state_is_final (sb_job_get_state (g_ptr_array_index (jobs, i))))
          g_main_context_iteration (NULL, TRUE);
    }

  bytes = last_create_bytes (log);
  g_print ("BENCH engines.create_ms.%s %.2f\n", way, median (times));
  g_print ("BENCH engines.create_ms_first.%s %.2f\n", way, first);
  g_print ("BENCH engines.requests_before.%s %.0f\n", way, median (before));
  g_print ("BENCH engines.create_bytes.%s %" G_GSIZE_FORMAT "\n", way, bytes);

  while (sb_generator_get_busy (generator))
    g_main_context_iteration (NULL, TRUE);
  g_clear_object (&generator);
  {
    g_autoptr(GFile) folder = g_file_new_for_path (root);

    sb_test_remove_tree (folder);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GBytes) sketch = NULL;
  g_autoptr(GBytes) picture = rendered_picture ();
  g_autoptr(GBytes) region = painted_region ();

  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  sketch = drawn_sketch ();
  g_print ("BENCH engines.sketch_png_bytes %" G_GSIZE_FORMAT "\n", g_bytes_get_size (sketch));
  g_print ("BENCH engines.picture_png_bytes %" G_GSIZE_FORMAT "\n", g_bytes_get_size (picture));
  measure ("sketch-lite.dashscope", &sb_engine_sketch_lite, SB_UPLOAD_METHOD_DASHSCOPE, sketch, NULL);
  measure ("sketch-lite.put", &sb_engine_sketch_lite, SB_UPLOAD_METHOD_PUT, sketch, NULL);
  measure ("doodle.inline", &sb_engine_doodle, SB_UPLOAD_METHOD_PUT, sketch, NULL);
  measure ("repaint.inline", &sb_engine_repaint, SB_UPLOAD_METHOD_PUT, picture, region);
  return 0;
}
