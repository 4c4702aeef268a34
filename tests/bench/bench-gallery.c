/* bench-gallery.c: what a long history costs the window
 *
 * Makes a history of 500 generations × 4 images, then starts a window on an
 * empty history and one on the full history, each in a fresh process, and
 * prints (one "BENCH name value" line each):
 *   gallery.rss_mb.empty    resident memory once the empty window is shown
 *   gallery.rss_mb.500      the same with 500 generations, first thumbnails shown
 *   gallery.open_ms.500     from creating the window to the first thumbnails shown
 * Needs a display: run it under tests/gui/run-headless.sh.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#define G_SETTINGS_ENABLE_BACKEND
#include <adwaita.h>
#include <gio/gsettingsbackend.h>
#include <math.h>

#include "sb-history-entry.h"
#include "sb-png.h"
#include "sb-test-util.h"
#include "sb-gui-test-util.h"
#include "sb-window.h"

#define ENTRIES 500
#define IMAGES 4

static GBytes *
make_image (guint seed)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 768, 768);
  cairo_t *cr = cairo_create (surface);
  GBytes *png;

  cairo_set_source_rgb (cr, 0.9, 0.93 - (seed % 7) * 0.03, 0.97);
  cairo_paint (cr);
  cairo_set_source_rgb (cr, 0.1, 0.2, 0.4);
  cairo_set_line_width (cr, 6);
  for (int i = 0; i < 12; i++)
    {
      cairo_move_to (cr, 60 + 50 * i, 100 + (seed * 37 + i * 53) % 500);
      cairo_line_to (cr, 700 - 40 * i, 700 - (seed * 11 + i * 29) % 500);
    }
  cairo_stroke (cr);
  cairo_destroy (cr);
  png = sb_png_encode_compact (surface, NULL);
  cairo_surface_destroy (surface);
  return png;
}

static void
make_history (GFile *data)
{
  g_autoptr(GFile) history = g_file_get_child (data, "history");
  g_autoptr(SbParams) params = sb_params_new ();
  g_autoptr(GPtrArray) images = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);

  for (guint i = 0; i < 8; i++)
    g_ptr_array_add (images, make_image (i));

  for (guint i = 0; i < ENTRIES; i++)
    {
      g_autofree char *name = g_strdup_printf ("2026%04u", i);
      g_autoptr(GFile) directory = g_file_get_child (history, name);
      g_autoptr(SbHistoryEntry) entry = NULL;
      g_autofree char *prompt = g_strdup_printf ("generation %u: a house by a lake", i);

      sb_params_set_prompt (params, prompt);
      entry = sb_history_entry_new (directory, params, "https://example.com/s.png", SB_UPLOAD_METHOD_URL);
      g_assert_true (g_file_make_directory_with_parents (directory, NULL, NULL));
      for (guint j = 0; j < IMAGES; j++)
        {
          g_autofree char *image = g_strdup_printf ("t%u-%u.png", i, j + 1);
          g_autoptr(GFile) file = g_file_get_child (directory, image);
          GBytes *bytes = g_ptr_array_index (images, (i + j) % images->len);

          g_assert_true (g_file_replace_contents (file, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                                                  NULL, FALSE, G_FILE_CREATE_NONE, NULL, NULL, NULL));
          sb_history_entry_add_image (entry, image);
        }
      sb_history_entry_set_task (entry, name, "r", g_get_real_time ());
      sb_history_entry_set_state (entry, SB_HISTORY_ENTRY_DONE);
      g_assert_true (sb_history_entry_save (entry, NULL, NULL));
    }
}

static gboolean
any_thumbnail (GtkWidget *widget)
{
  if (GTK_IS_PICTURE (widget) && gtk_picture_get_paintable (GTK_PICTURE (widget)) != NULL)
    return TRUE;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    if (any_thumbnail (child))
      return TRUE;

  return FALSE;
}

/* In a child process: open a window on DIR, wait for thumbnails (or, for an
 * empty history, a shown window), and print the figures. */
static int
run_window (const char *directory,
            gboolean    expect_images)
{
  g_autoptr(GSettingsBackend) backend = g_memory_settings_backend_new ();
  g_autoptr(GSettings) settings = g_settings_new_with_backend (SCHEMA_ID, backend);
  g_autoptr(GFile) data = g_file_new_for_path (directory);
  gint64 start, deadline;
  g_autoptr(SbGenerator) generator = NULL;
  SbWindow *window;
  GtkWidget *gallery;

  adw_init ();
  start = g_get_monotonic_time ();
  generator = sb_gui_test_generator_new (settings, data);
  window = sb_window_new (NULL, generator);
  gtk_window_present (GTK_WINDOW (window));
  gallery = GTK_WIDGET (sb_gui_test_find_child (GTK_WIDGET (window), "gallery"));

  deadline = start + 60 * G_USEC_PER_SEC;
  while (g_get_monotonic_time () < deadline)
    {
      g_main_context_iteration (NULL, FALSE);
      if (gtk_widget_get_mapped (GTK_WIDGET (window)) && (!expect_images || any_thumbnail (gallery)))
        break;
      g_usleep (1000);
    }

  /* Let the rows on screen finish decoding before measuring. */
  for (int i = 0; i < 300; i++)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }

  g_print ("%.1f %.1f\n", sb_test_rss_mb (), (g_get_monotonic_time () - start) / 1000.0);
  return 0;
}

static void
measure (const char *self_path,
         const char *directory,
         const char *mode,
         double     *rss,
         double     *ms)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  const char *argv[] = { self_path, mode, directory, NULL };
  int status;

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sscanf (out, "%lf %lf", rss, ms), ==, 2);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *tmp = NULL;
  g_autoptr(GFile) empty = NULL;
  g_autoptr(GFile) full = NULL;
  double rss_empty, rss_full, ms_empty, ms_full;

  if (argc == 3 && (g_str_equal (argv[1], "--empty") || g_str_equal (argv[1], "--full")))
    {
      gtk_init ();
      return run_window (argv[2], g_str_equal (argv[1], "--full"));
    }

  tmp = g_dir_make_tmp ("sketchbloom-bench-gallery-XXXXXX", NULL);
  empty = g_file_new_build_filename (tmp, "empty", NULL);
  full = g_file_new_build_filename (tmp, "full", NULL);
  g_file_make_directory_with_parents (empty, NULL, NULL);
  make_history (full);

  measure (argv[0], g_file_peek_path (empty), "--empty", &rss_empty, &ms_empty);
  measure (argv[0], g_file_peek_path (full), "--full", &rss_full, &ms_full);

  g_print ("BENCH gallery.rss_mb.empty %.1f\n", rss_empty);
  g_print ("BENCH gallery.rss_mb.500 %.1f\n", rss_full);
  g_print ("BENCH gallery.open_ms.500 %.0f\n", ms_full);

  g_spawn_command_line_sync (g_strdup_printf ("rm -rf %s", tmp), NULL, NULL, NULL, NULL);
  return 0;
}
