/* test-atomic.c: a failed write leaves the old file, and no half of a new one
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define _GNU_SOURCE   /* symlink, mkfifo under -std=c11 */
#include "config.h"

#include <glib/gstdio.h>
#include <unistd.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/types.h>

#include "sb-atomic.h"
#include "sb-bounded-file.h"

static char *
read_text (const char *path)
{
  char *contents = NULL;

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  return contents;
}

static guint
count_files (const char *folder)
{
  g_autoptr(GDir) dir = g_dir_open (folder, 0, NULL);
  guint n = 0;

  while (dir != NULL && g_dir_read_name (dir) != NULL)
    n++;
  return n;
}

static void
test_atomic_replaces (void)
{
  g_autofree char *folder = g_dir_make_tmp ("sketchbloom-atomic-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (folder, "entry.json", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GBytes) first = g_bytes_new_static ("first", 5);
  g_autoptr(GBytes) second = g_bytes_new_static ("second", 6);
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (sb_atomic_write (file, first, &error));
  g_assert_true (sb_atomic_write (file, second, &error));
  g_assert_no_error (error);
  text = read_text (path);
  g_assert_cmpstr (text, ==, "second");
  g_assert_cmpuint (count_files (folder), ==, 1);   /* no temporary file left */

  g_unlink (path);
  g_rmdir (folder);
}

/* A full disk: the write fails, says which file, and the old one is whole.
 * (GIO's g_file_replace_contents() on GLib 2.74 truncated it.) Needs root
 * for a small tmpfs, as CI has. */
static void
test_atomic_full_disk (void)
{
  g_autofree char *folder = g_dir_make_tmp ("sketchbloom-full-XXXXXX", NULL);
  g_autofree char *mount = g_strdup_printf ("mount -t tmpfs -o size=64k sketchbloom-test %s", folder);
  g_autofree char *umount = g_strdup_printf ("umount %s", folder);
  g_autofree char *path = g_build_filename (folder, "entry.json", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GBytes) old = g_bytes_new_static ("{\"state\": \"pending\"}", 20);
  g_autoptr(GBytes) large = g_bytes_new_take (g_malloc0 (256 * 1024), 256 * 1024);
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  int status = -1;

  if (getuid () != 0 || !g_spawn_command_line_sync (mount, NULL, NULL, &status, NULL) || status != 0)
    {
      g_rmdir (folder);
      g_test_skip ("mounting a small tmpfs needs root");
      return;
    }

  g_assert_true (sb_atomic_write (file, old, NULL));
  g_assert_false (sb_atomic_write (file, large, &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOSPC);
  g_assert_nonnull (strstr (error->message, folder));
  text = read_text (path);
  g_assert_cmpstr (text, ==, "{\"state\": \"pending\"}");
  g_assert_cmpuint (count_files (folder), ==, 1);

  g_assert_true (g_spawn_command_line_sync (umount, NULL, NULL, &status, NULL) && status == 0);
  g_rmdir (folder);
}

/* Injected failures: a folder that is gone, a destination that is a folder. */
static void
test_atomic_write_errors (void)
{
  g_autofree char *folder = g_dir_make_tmp ("sketchbloom-atomic-XXXXXX", NULL);
  g_autofree char *gone = g_build_filename (folder, "gone", "entry.json", NULL);
  g_autofree char *sub = g_build_filename (folder, "sub", NULL);
  g_autoptr(GFile) gone_file = g_file_new_for_path (gone);
  g_autoptr(GFile) sub_file = g_file_new_for_path (sub);
  g_autoptr(GBytes) bytes = g_bytes_new_static ("x", 1);
  g_autoptr(GError) error = NULL;

  g_assert_false (sb_atomic_write (gone_file, bytes, &error));
  g_assert_nonnull (error);
  g_assert_false (g_file_test (gone, G_FILE_TEST_EXISTS));
  g_clear_error (&error);

  g_assert_cmpint (g_mkdir (sub, 0700), ==, 0);
  g_assert_false (sb_atomic_write (sub_file, bytes, &error));
  g_assert_nonnull (error);
  g_assert_true (g_file_test (sub, G_FILE_TEST_IS_DIR));
  g_assert_cmpuint (count_files (folder), ==, 1);   /* only sub: no temporary file left */

  g_rmdir (sub);
  g_rmdir (folder);
}

/* A copy larger than allowed is refused and writes nothing. */
static void
test_atomic_copy_limit (void)
{
  g_autofree char *folder = g_dir_make_tmp ("sketchbloom-atomic-XXXXXX", NULL);
  g_autofree char *source_path = g_build_filename (folder, "source.png", NULL);
  g_autofree char *copy_path = g_build_filename (folder, "copy.png", NULL);
  g_autoptr(GFile) source = g_file_new_for_path (source_path);
  g_autoptr(GFile) copy = g_file_new_for_path (copy_path);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  g_assert_true (g_file_set_contents (source_path, "0123456789", 10, NULL));
  g_assert_false (sb_atomic_copy (source, copy, 9, NULL, &error));
  g_assert_nonnull (error);
  g_assert_false (g_file_test (copy_path, G_FILE_TEST_EXISTS));
  g_clear_error (&error);
  g_assert_true (sb_atomic_copy (source, copy, 10, NULL, &error));
  text = read_text (copy_path);
  g_assert_cmpstr (text, ==, "0123456789");

  g_unlink (source_path);
  g_unlink (copy_path);
  g_rmdir (folder);
}

/* Reading back: a regular file within its limit, and nothing else, before
 * a byte is read. A FIFO returns at once (it used to hang), /dev/zero is
 * not read to the end of memory, a sparse 1 GB file is refused by its
 * size, a symlink is judged by its target. */
static void
test_bounded_file (void)
{
  g_autofree char *folder = g_dir_make_tmp ("sketchbloom-bounded-XXXXXX", NULL);
  g_autofree char *small_path = g_build_filename (folder, "small.json", NULL);
  g_autofree char *huge_path = g_build_filename (folder, "huge.json", NULL);
  g_autofree char *fifo_path = g_build_filename (folder, "fifo.json", NULL);
  g_autofree char *zero_path = g_build_filename (folder, "zero.json", NULL);
  g_autofree char *link_path = g_build_filename (folder, "link.json", NULL);
  struct { const char *path; gsize max; int code; } refused[] = {
    { huge_path, 1024 * 1024, G_IO_ERROR_MESSAGE_TOO_LARGE },
    { fifo_path, 1024, G_IO_ERROR_NOT_REGULAR_FILE },
    { zero_path, 1024, G_IO_ERROR_NOT_REGULAR_FILE },
    { folder, 1024, G_IO_ERROR_NOT_REGULAR_FILE },
    { small_path, 9, G_IO_ERROR_MESSAGE_TOO_LARGE },
  };
  g_autoptr(GFile) small = g_file_new_for_path (small_path);
  g_autoptr(GFile) link = g_file_new_for_path (link_path);
  g_autoptr(GFile) huge = g_file_new_for_path (huge_path);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  int fd;

  g_assert_true (g_file_set_contents (small_path, "0123456789", 10, NULL));
  fd = g_open (huge_path, O_WRONLY | O_CREAT, 0600);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (ftruncate (fd, 1024 * 1024 * 1024), ==, 0);   /* sparse: no disk used */
  close (fd);
  g_assert_cmpint (mkfifo (fifo_path, 0600), ==, 0);
  g_assert_cmpint (symlink ("/dev/zero", zero_path), ==, 0);
  g_assert_cmpint (symlink (small_path, link_path), ==, 0);

  bytes = sb_bounded_file_read (small, 10, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), "0123456789", 10);
  g_clear_pointer (&bytes, g_bytes_unref);
  bytes = sb_bounded_file_read (link, 10, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_bytes_get_size (bytes), ==, 10);
  g_clear_pointer (&bytes, g_bytes_unref);

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autoptr(GFile) file = g_file_new_for_path (refused[i].path);

      g_assert_null (sb_bounded_file_read (file, refused[i].max, NULL, &error));
      g_assert_error (error, G_IO_ERROR, refused[i].code);
      g_clear_error (&error);
    }
  {
    g_autoptr(GFile) missing = g_file_new_for_path ("/nonexistent/entry.json");

    g_assert_null (sb_bounded_file_read (missing, 10, NULL, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
    g_clear_error (&error);
  }

  /* A header check reads the head of any regular file, and no more. */
  bytes = sb_bounded_file_read_head (huge, 65536, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_bytes_get_size (bytes), ==, 65536);

  g_unlink (small_path);
  g_unlink (huge_path);
  g_unlink (fifo_path);
  g_unlink (zero_path);
  g_unlink (link_path);
  g_rmdir (folder);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/atomic/replaces", test_atomic_replaces);
  g_test_add_func ("/atomic/full-disk", test_atomic_full_disk);
  g_test_add_func ("/atomic/write-errors", test_atomic_write_errors);
  g_test_add_func ("/atomic/copy-limit", test_atomic_copy_limit);
  g_test_add_func ("/bounded-file/refuses", test_bounded_file);

  return g_test_run ();
}
