/* bench-gallery.c: what a long history costs the window
 *
 * Makes histories of 500 and of 20,000 generations × 4 images (a heavy
 * user's years; the pictures are hard links to a few files), then starts a
 * window on an empty history and on each full one, each in a fresh process,
 * twice: the first time thumbnails are decoded from the pictures (and kept),
 * the second time read from the kept ones. Prints (one "BENCH name value"
 * line each):
 *   gallery.rss_mb.empty         resident memory once the empty window is shown
 *   gallery.rss_mb.N             the same with N generations, first thumbnails shown
 *   gallery.open_ms.N            from creating the window to the first row's thumbnails
 *   gallery.thumbs_ms.N          from the window's first frame to the first row's
 *                                thumbnails (what the artist waits for)
 *   gallery.*.N.cold             the same on the very first open (no thumbnail kept yet)
 * Needs a display: run it under tests/gui/run-headless.sh.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#define G_SETTINGS_ENABLE_BACKEND
#include <adwaita.h>
#include <gio/gsettingsbackend.h>
#include <math.h>
#include <unistd.h>

#include "sb-history-entry.h"
#include "sb-png.h"
#include "sb-test-util.h"
#include "sb-gui-test-util.h"
#include "sb-window.h"

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
make_history (GFile *data,
              guint  n_entries)
{
  g_autoptr(GFile) history = g_file_get_child (data, "history");
  g_autoptr(GFile) pictures = g_file_get_child (data, "pictures");
  g_autoptr(SbParams) params = sb_params_new ();
  g_autoptr(GPtrArray) images = g_ptr_array_new_with_free_func (g_free);

  /* Eight pictures; every generation's are hard links to them. */
  g_assert_true (g_file_make_directory_with_parents (pictures, NULL, NULL));
  for (guint i = 0; i < 8; i++)
    {
      g_autoptr(GBytes) bytes = make_image (i);
      g_autofree char *name = g_strdup_printf ("%u.png", i);
      g_autoptr(GFile) file = g_file_get_child (pictures, name);

      g_assert_true (g_file_replace_contents (file, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                                              NULL, FALSE, G_FILE_CREATE_NONE, NULL, NULL, NULL));
      g_ptr_array_add (images, g_file_get_path (file));
    }

  for (guint i = 0; i < n_entries; i++)
    {
      g_autofree char *name = g_strdup_printf ("2026%06u", i);
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

          g_assert_cmpint (link (g_ptr_array_index (images, (i + j) % images->len), g_file_peek_path (file)), ==, 0);
          sb_history_entry_add_image (entry, image);
        }
      sb_history_entry_set_task (entry, name, "r", g_get_real_time ());
      sb_history_entry_set_state (entry, SB_HISTORY_ENTRY_DONE);
      g_assert_true (sb_history_entry_save (entry, NULL, NULL));
    }
}

static guint
count_thumbnails (GtkWidget *widget)
{
  guint n = GTK_IS_PICTURE (widget) && gtk_picture_get_paintable (GTK_PICTURE (widget)) != NULL;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    n += count_thumbnails (child);
  return n;
}

/* In a child process: open a window on DIR, wait for thumbnails (or, for an
 * empty history, a shown window), and print the figures. */
static int
run_window (const char *directory,
            guint       n_entries)
{
  gboolean expect_images = n_entries > 0;
  g_autoptr(GSettingsBackend) backend = g_memory_settings_backend_new ();
  g_autoptr(GSettings) settings = g_settings_new_with_backend (SCHEMA_ID, backend);
  g_autoptr(GFile) data = g_file_new_for_path (directory);
  gint64 start, deadline, mapped = 0;
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
      if (mapped == 0 && gtk_widget_get_mapped (GTK_WIDGET (window)))
        mapped = g_get_monotonic_time ();
      /* The first row's pictures, all of them. */
      if (mapped != 0 && (!expect_images || count_thumbnails (gallery) >= IMAGES))
        break;
      g_usleep (500);
    }

  {
    gint64 shown = g_get_monotonic_time ();
    GListModel *rows = G_LIST_MODEL (gtk_list_view_get_model (GTK_LIST_VIEW (gallery)));

    /* Memory once the whole history is in and the rows on screen have
     * finished decoding. */
    while (g_list_model_get_n_items (rows) < n_entries && g_get_monotonic_time () < deadline)
      g_main_context_iteration (NULL, TRUE);
    for (int i = 0; i < 300; i++)
      {
        g_main_context_iteration (NULL, FALSE);
        g_usleep (1000);
      }
    g_print ("%.1f %.1f %.1f\n", sb_test_rss_mb (), (shown - start) / 1000.0, (shown - mapped) / 1000.0);
  }
  return 0;
}

typedef struct {
  double rss, open_ms, thumbs_ms;
} Figures;

static void
measure (const char *self_path,
         const char *directory,
         guint       n_entries,
         Figures    *figures)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *count = g_strdup_printf ("%u", n_entries);
  const char *argv[] = { self_path, count, directory, NULL };
  int status;

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sscanf (out, "%lf %lf %lf", &figures->rss, &figures->open_ms, &figures->thumbs_ms), ==, 3);
}

int
main (int   argc,
      char *argv[])
{
  static const guint sizes[] = { 500, 20000 };
  g_autofree char *tmp = NULL;
  g_autoptr(GFile) empty = NULL;
  Figures figures;

  /* The child: bench-gallery N_ENTRIES DATA_DIRECTORY */
  if (argc == 3)
    {
      gtk_init ();
      return run_window (argv[2], atoi (argv[1]));
    }

  tmp = g_dir_make_tmp ("sketchbloom-bench-gallery-XXXXXX", NULL);
  empty = g_file_new_build_filename (tmp, "empty", NULL);
  g_file_make_directory_with_parents (empty, NULL, NULL);
  measure (argv[0], g_file_peek_path (empty), 0, &figures);
  g_print ("BENCH gallery.rss_mb.empty %.1f\n", figures.rss);

  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      g_autofree char *name = g_strdup_printf ("full-%u", sizes[i]);
      g_autoptr(GFile) full = g_file_new_build_filename (tmp, name, NULL);

      make_history (full, sizes[i]);
      measure (argv[0], g_file_peek_path (full), sizes[i], &figures);
      g_print ("BENCH gallery.rss_mb.%u.cold %.1f\n", sizes[i], figures.rss);
      g_print ("BENCH gallery.open_ms.%u.cold %.0f\n", sizes[i], figures.open_ms);
      g_print ("BENCH gallery.thumbs_ms.%u.cold %.0f\n", sizes[i], figures.thumbs_ms);
      measure (argv[0], g_file_peek_path (full), sizes[i], &figures);
      g_print ("BENCH gallery.rss_mb.%u %.1f\n", sizes[i], figures.rss);
      g_print ("BENCH gallery.open_ms.%u %.0f\n", sizes[i], figures.open_ms);
      g_print ("BENCH gallery.thumbs_ms.%u %.0f\n", sizes[i], figures.thumbs_ms);
    }

  /* SB_BENCH_KEEP=1 leaves the histories, to open again by hand. */
  if (g_getenv ("SB_BENCH_KEEP") != NULL)
    g_printerr ("kept %s\n", tmp);
  else
    g_spawn_command_line_sync (g_strdup_printf ("rm -rf %s", tmp), NULL, NULL, NULL, NULL);
  return 0;
}
