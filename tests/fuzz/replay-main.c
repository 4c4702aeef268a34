/* replay-main.c: runs a fuzz target over every file of its seed corpus, so
 * the ordinary test suite keeps the corpus (and the target) honest.
 *
 * Usage: replay CORPUS_DIR
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib.h>

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GError) error = NULL;
  const char *name;
  guint count = 0;

  g_assert_cmpint (argc, ==, 2);
  dir = g_dir_open (argv[1], 0, &error);
  g_assert_no_error (error);

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (argv[1], name, NULL);
      g_autofree char *contents = NULL;
      gsize length;

      g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
      LLVMFuzzerTestOneInput ((const guint8 *) contents, length);
      count++;
    }

  g_print ("replayed %u inputs from %s\n", count, argv[1]);
  return count > 0 ? 0 : 1;
}
