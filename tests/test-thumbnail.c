/* test-thumbnail.c: the gallery's small pictures, kept beside the history
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>

#include "sb-test-util.h"
#include "sb-thumbnail.h"

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

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/thumbnail/kept", test_thumbnail_kept);

  return g_test_run ();
}
