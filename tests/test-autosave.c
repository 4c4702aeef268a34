/* test-autosave.c: the sketch reaches disk on its own, and comes back
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define _GNU_SOURCE   /* mkfifo under -std=c11 */
#include "config.h"

#include <string.h>
#include <sys/stat.h>

#include <gdk-pixbuf/gdk-pixbuf.h>

#include "sb-autosave.h"
#include "sb-error.h"
#include "sb-limits.h"
#include "sb-test-util.h"

static void
draw (SbSketch *sketch,
      double    offset)
{
  sb_sketch_begin_stroke (sketch, SB_TOOL_PEN, 100 + offset, 100, SB_DEFAULT_PRESSURE);
  for (int i = 1; i <= 30; i++)
    sb_sketch_extend_stroke (sketch, 100 + offset + i * 10, 100 + i * 15, SB_DEFAULT_PRESSURE);
  sb_sketch_end_stroke (sketch);
}

static void
wait_until_idle (SbAutosave *autosave)
{
  while (sb_autosave_get_busy (autosave))
    g_main_context_iteration (NULL, TRUE);
}

static gboolean
restore (SbAutosave  *autosave,
         GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  sb_autosave_restore_async (autosave, NULL, sb_test_store_result, &result);
  return sb_autosave_restore_finish (autosave, sb_test_wait_for (&result), error);
}

static GBytes *
pixels (SbSketch *sketch)
{
  cairo_surface_t *surface = sb_sketch_get_surface (sketch);

  cairo_surface_flush (surface);
  return g_bytes_new (cairo_image_surface_get_data (surface), cairo_image_surface_get_stride (surface) * SB_SKETCH_SIZE);
}

static void
test_autosave_round_trip (void)
{
  g_autofree char *tmp = g_dir_make_tmp ("sketchbloom-autosave-XXXXXX", NULL);
  g_autoptr(GFile) directory = g_file_new_build_filename (tmp, "nested", "sketchbloom", NULL);
  g_autoptr(GFile) top = g_file_new_for_path (tmp);
  g_autoptr(SbSketch) sketch = sb_sketch_new ();
  g_autoptr(SbSketch) restored = sb_sketch_new ();
  g_autoptr(SbAutosave) autosave = sb_autosave_new (sketch, directory);
  g_autoptr(SbAutosave) second = sb_autosave_new (restored, directory);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) expected = NULL;
  g_autoptr(GBytes) actual = NULL;
  g_autoptr(GdkPixbuf) png = NULL;
  g_autofree char *png_path = NULL;
  guint saves = 0;

  g_signal_connect_swapped (autosave, "saved", G_CALLBACK (g_atomic_int_inc), &saves);

  /* Nothing saved yet: restoring is fine and changes nothing. */
  g_assert_true (restore (second, &error));
  g_assert_no_error (error);
  g_assert_true (sb_sketch_is_empty (restored));

  draw (sketch, 0);
  g_assert_true (sb_autosave_get_busy (autosave));
  draw (sketch, 50);   /* within the delay: one save for both */
  wait_until_idle (autosave);
  g_assert_cmpuint (saves, ==, 1);

  sb_sketch_undo (sketch);
  wait_until_idle (autosave);
  g_assert_cmpuint (saves, ==, 2);
  expected = pixels (sketch);

  g_assert_true (restore (second, &error));
  g_assert_no_error (error);
  actual = pixels (restored);
  g_assert_true (g_bytes_equal (actual, expected));
  g_assert_true (sb_sketch_get_can_redo (restored));   /* the history came too */

  /* sketch.png is the exported sketch. */
  png_path = g_file_get_path (sb_autosave_get_png_file (autosave));
  png = gdk_pixbuf_new_from_file (png_path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gdk_pixbuf_get_width (png), ==, SB_SKETCH_SIZE);

  sb_test_remove_tree (top);
}

/* A crash while writing leaves the previous save (the write goes to a
 * temporary file first); a damaged save is set aside, never fatal. */
static void
test_autosave_torn_write (void)
{
  g_autofree char *tmp = g_dir_make_tmp ("sketchbloom-autosave-XXXXXX", NULL);
  g_autoptr(GFile) directory = g_file_new_for_path (tmp);
  g_autoptr(GFile) json = g_file_get_child (directory, "sketch.json");
  g_autoptr(GFile) stray = g_file_get_child (directory, ".goutputstream-ABC123");
  g_autoptr(SbSketch) sketch = sb_sketch_new ();
  g_autoptr(SbSketch) restored = sb_sketch_new ();
  g_autoptr(SbAutosave) autosave = sb_autosave_new (sketch, directory);
  g_autoptr(SbAutosave) second = sb_autosave_new (restored, directory);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) saved = NULL;
  g_autoptr(GBytes) torn = NULL;
  g_autoptr(GFileEnumerator) children = NULL;
  GFileInfo *info;
  gboolean set_aside = FALSE;

  draw (sketch, 0);
  wait_until_idle (autosave);

  /* What a crash in the middle of the next save leaves: half a temporary file. */
  saved = sb_sketch_serialize (sketch);
  torn = g_bytes_new_from_bytes (saved, 0, g_bytes_get_size (saved) / 2);
  g_assert_true (g_file_replace_contents (stray, g_bytes_get_data (torn, NULL), g_bytes_get_size (torn),
                                          NULL, FALSE, G_FILE_CREATE_NONE, NULL, NULL, NULL));
  g_assert_true (restore (second, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (sb_sketch_get_n_strokes (restored), ==, 1);

  /* A damaged file itself (a disk that lied): refused, set aside, empty start. */
  g_assert_true (g_file_replace_contents (json, g_bytes_get_data (torn, NULL), g_bytes_get_size (torn),
                                          NULL, FALSE, G_FILE_CREATE_NONE, NULL, NULL, NULL));
  {
    g_autoptr(SbSketch) fresh = sb_sketch_new ();
    g_autoptr(SbAutosave) third = sb_autosave_new (fresh, directory);

    g_assert_false (restore (third, &error));
    g_assert_error (error, SB_ERROR, SB_ERROR_INVALID_INPUT);
    g_assert_true (sb_sketch_is_empty (fresh));
  }
  g_assert_false (g_file_query_exists (json, NULL));
  children = g_file_enumerate_children (directory, G_FILE_ATTRIBUTE_STANDARD_NAME, G_FILE_QUERY_INFO_NONE, NULL, NULL);
  while ((info = g_file_enumerator_next_file (children, NULL, NULL)) != NULL)
    {
      set_aside |= g_str_has_prefix (g_file_info_get_name (info), "sketch.json.damaged-");
      g_object_unref (info);
    }
  g_assert_true (set_aside);

  sb_test_remove_tree (directory);
}

/* Restores a sketch.json of @contents (NULL: a FIFO in its place) into a
 * fresh sketch: refused (never hung on, never decoded), set aside. */
static void
assert_refused (GFile      *directory,
                const char *contents)
{
  g_autoptr(GFile) json = g_file_get_child (directory, "sketch.json");
  g_autoptr(SbSketch) fresh = sb_sketch_new ();
  g_autoptr(SbAutosave) autosave = sb_autosave_new (fresh, directory);
  g_autoptr(GError) error = NULL;

  if (contents != NULL)
    g_assert_true (g_file_replace_contents (json, contents, strlen (contents), NULL, FALSE, G_FILE_CREATE_NONE,
                                            NULL, NULL, NULL));
  else
    g_assert_cmpint (mkfifo (g_file_peek_path (json), 0600), ==, 0);
  g_assert_false (restore (autosave, &error));
  g_assert_nonnull (error);
  g_test_message ("refused: %s", error->message);
  g_assert_true (sb_sketch_is_empty (fresh));
  g_assert_false (g_file_query_exists (json, NULL));   /* set aside */
}

/* An imported picture in the save is probed like any import: one that
 * declares 30000×30000 pixels (3.6 GB decoded) is refused from its header,
 * and so is a whole, decodable one wider than an import may be (8200
 * pixels: the decoder alone would take it); a FIFO where the save was is
 * refused at once, not waited on. */
static void
test_autosave_hostile (void)
{
  g_autofree char *tmp = g_dir_make_tmp ("sketchbloom-autosave-XXXXXX", NULL);
  g_autoptr(GFile) directory = g_file_new_for_path (tmp);
  g_autoptr(GBytes) bomb = sb_test_png_header (30000, 30000);
  g_autofree char *base64 = g_base64_encode (g_bytes_get_data (bomb, NULL), g_bytes_get_size (bomb));
  g_autofree char *with_bomb = g_strdup_printf ("{\"version\": 1, \"position\": 1, \"actions\": "
                                                "[{\"kind\": \"import\", \"png\": \"%s\"}]}", base64);
  g_autoptr(GBytes) wide = sb_test_make_sketch_png (SB_IMPORT_MAX_SIDE + 8, 16);
  g_autofree char *wide64 = g_base64_encode (g_bytes_get_data (wide, NULL), g_bytes_get_size (wide));
  g_autofree char *with_wide = g_strdup_printf ("{\"version\": 1, \"position\": 1, \"actions\": "
                                                "[{\"kind\": \"import\", \"png\": \"%s\"}]}", wide64);

  assert_refused (directory, with_bomb);
  assert_refused (directory, with_wide);
  assert_refused (directory, NULL);
  sb_test_remove_tree (directory);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/autosave/round-trip", test_autosave_round_trip);
  g_test_add_func ("/autosave/torn-write", test_autosave_torn_write);
  g_test_add_func ("/autosave/hostile", test_autosave_hostile);

  return g_test_run ();
}
