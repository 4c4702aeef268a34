/* test-thumbnail.c: the gallery's small pictures, kept beside the history
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>

#include "sb-test-util.h"
#include "sb-thumbnail.h"
#include "sb-worker.h"

static void
write_file (GFile  *file,
            GBytes *bytes)
{
  g_assert_true (g_file_replace_contents (file, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), NULL, FALSE,
                                          G_FILE_CREATE_NONE, NULL, NULL, NULL));
}

static void
set_modified (GFile  *file,
              gint64  seconds)
{
  g_assert_true (g_file_set_attribute_uint64 (file, G_FILE_ATTRIBUTE_TIME_MODIFIED, seconds, G_FILE_QUERY_INFO_NONE,
                                              NULL, NULL));
}

/* Decoded once, then read from the kept copy; a picture newer than its
 * thumbnail, or a kept file that is no thumbnail, is decoded again. */
static void
test_thumbnail_kept (void)
{
  g_autofree char *tmp = g_dir_make_tmp ("sketchbloom-thumbnail-XXXXXX", NULL);
  g_autoptr(GFile) image = g_file_new_build_filename (tmp, "t-1.png", NULL);
  g_autoptr(GFile) kept = sb_thumbnail_get_file (image);
  g_autoptr(GBytes) picture = sb_test_make_sketch_png (768, 768);
  g_autoptr(GBytes) other = sb_test_make_sketch_png (272, 136);
  g_autoptr(GBytes) bomb = sb_test_png_header (100000, 100000);
  g_autoptr(GdkPixbuf) first = NULL, second = NULL, third = NULL, fourth = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *kept_name = g_file_get_basename (kept);

  g_assert_cmpstr (kept_name, ==, ".t-1.png.thumb");
  write_file (image, picture);
  set_modified (image, 1000);

  first = sb_thumbnail_load (image, 272, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gdk_pixbuf_get_width (first), ==, 272);
  g_assert_true (g_file_query_exists (kept, NULL));

  /* The kept one is what is read now: a different picture of that size shows. */
  write_file (kept, other);
  set_modified (kept, 2000);
  second = sb_thumbnail_load (image, 272, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gdk_pixbuf_get_height (second), ==, 136);

  /* The picture changed since: decoded again, and kept anew. */
  set_modified (image, 3000);
  third = sb_thumbnail_load (image, 272, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gdk_pixbuf_get_height (third), ==, 272);

  /* A kept file that claims to be huge is not decoded. */
  write_file (kept, bomb);
  set_modified (kept, 4000);
  fourth = sb_thumbnail_load (image, 272, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gdk_pixbuf_get_height (fourth), ==, 272);

  g_file_delete (kept, NULL, NULL);
  g_file_delete (image, NULL, NULL);
  g_rmdir (tmp);
}

/* Kept from a picture already decoded (a download's): scaled to the size,
 * its shape kept; a picture smaller than a thumbnail has none. */
static void
test_thumbnail_keep (void)
{
  g_autofree char *tmp = g_dir_make_tmp ("sketchbloom-thumbnail-XXXXXX", NULL);
  g_autoptr(GFile) wide = g_file_new_build_filename (tmp, "w-1.png", NULL);
  g_autoptr(GFile) small = g_file_new_build_filename (tmp, "s-1.png", NULL);
  g_autoptr(GFile) wide_kept = sb_thumbnail_get_file (wide);
  g_autoptr(GFile) small_kept = sb_thumbnail_get_file (small);
  g_autoptr(GdkPixbuf) wide_pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, 1024, 512);
  g_autoptr(GdkPixbuf) small_pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, 200, 200);
  g_autoptr(GdkPixbuf) loaded = NULL;
  g_autoptr(GError) error = NULL;

  gdk_pixbuf_fill (wide_pixbuf, 0x336699ff);
  gdk_pixbuf_fill (small_pixbuf, 0x336699ff);
  g_assert_true (gdk_pixbuf_save (wide_pixbuf, g_file_peek_path (wide), "png", &error, NULL));
  g_assert_true (gdk_pixbuf_save (small_pixbuf, g_file_peek_path (small), "png", &error, NULL));

  sb_thumbnail_keep (wide, wide_pixbuf, 272);
  sb_thumbnail_keep (small, small_pixbuf, 272);
  g_assert_true (g_file_query_exists (wide_kept, NULL));
  g_assert_false (g_file_query_exists (small_kept, NULL));

  /* What the gallery reads is the kept one (its pixels, not a new decode). */
  loaded = gdk_pixbuf_new_from_file (g_file_peek_path (wide_kept), &error);
  g_assert_no_error (error);
  g_assert_cmpint (gdk_pixbuf_get_width (loaded), ==, 272);
  g_assert_cmpint (gdk_pixbuf_get_height (loaded), ==, 136);
  g_clear_object (&loaded);
  loaded = sb_thumbnail_load (wide, 272, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gdk_pixbuf_get_height (loaded), ==, 136);

  g_file_delete (wide_kept, NULL, NULL);
  g_file_delete (wide, NULL, NULL);
  g_file_delete (small, NULL, NULL);
  g_rmdir (tmp);
}

static void
on_worked (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  GPtrArray *order = user_data;
  g_autoptr(GError) error = NULL;
  gssize value = g_task_propagate_int (G_TASK (result), &error);

  g_ptr_array_add (order, error != NULL ? g_strdup (error->message) : g_strdup_printf ("%" G_GSSIZE_FORMAT, value));
}

static void
work (GTask        *task,
      gpointer      source_object,
      gpointer      task_data,
      GCancellable *cancellable)
{
  g_assert_false (g_main_context_is_owner (g_main_context_default ()));
  g_task_return_int (task, GPOINTER_TO_INT (task_data));
}

/* The picture workers: each task's work done off the main thread and
 * returned to it; one cancelled before its turn is not done. */
static void
test_worker_runs (void)
{
  g_autoptr(GPtrArray) order = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GCancellable) cancelled = g_cancellable_new ();

  g_cancellable_cancel (cancelled);
  for (int i = 1; i <= 3; i++)
    {
      g_autoptr(GTask) task = g_task_new (NULL, i == 2 ? cancelled : NULL, on_worked, order);

      g_task_set_task_data (task, GINT_TO_POINTER (i * 10), NULL);
      sb_worker_run (task, work);
    }
  while (order->len < 3)
    g_main_context_iteration (NULL, TRUE);

  g_assert_true (g_ptr_array_find_with_equal_func (order, "10", g_str_equal, NULL));
  g_assert_true (g_ptr_array_find_with_equal_func (order, "30", g_str_equal, NULL));
  g_assert_false (g_ptr_array_find_with_equal_func (order, "20", g_str_equal, NULL));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/thumbnail/kept", test_thumbnail_kept);
  g_test_add_func ("/thumbnail/keep", test_thumbnail_keep);
  g_test_add_func ("/worker/runs", test_worker_runs);

  return g_test_run ();
}
