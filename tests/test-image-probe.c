/* test-image-probe.c: images are judged by their header before any decoder
 * sees them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gdk-pixbuf/gdk-pixbuf.h>

#include "sb-error.h"
#include "sb-image-probe.h"
#include "sb-limits.h"
#include "sb-test-util.h"

static GBytes *
encode (const char *type,
        int         width,
        int         height)
{
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, width, height);
  g_autoptr(GError) error = NULL;
  char *buffer = NULL;
  gsize size = 0;

  gdk_pixbuf_fill (pixbuf, 0xffffffff);
  if (!gdk_pixbuf_save_to_buffer (pixbuf, &buffer, &size, type, &error, NULL))
    return NULL;
  return g_bytes_new_take (buffer, size);
}

/* Each accepted format's size, read from its header. */
static void
test_probe_formats (void)
{
  static const struct { const char *type; SbImageFormat format; } cases[] = {
    { "png", SB_IMAGE_PNG }, { "jpeg", SB_IMAGE_JPEG }, { "bmp", SB_IMAGE_BMP }, { "webp", SB_IMAGE_WEBP },
    { "tiff", SB_IMAGE_TIFF },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GBytes) bytes = encode (cases[i].type, 300, 200);
      guint width, height;

      if (bytes == NULL)
        {
          g_test_message ("no %s encoder here", cases[i].type);
          continue;
        }
      g_assert_cmpint (sb_image_probe (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), &width, &height),
                       ==, cases[i].format);
      g_assert_cmpuint (width, ==, 300);
      g_assert_cmpuint (height, ==, 200);
      /* TIFF: a scan to import, never a result. */
      g_assert_true (sb_image_check_import (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), NULL));
      g_assert_true (sb_image_check (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), SB_IMAGE_MAX_SIDE, NULL)
                     == (cases[i].format != SB_IMAGE_TIFF));
    }
}

/* A 30000×30000 PNG (875 KB on disk, 3.6 GB decoded) is refused by its
 * header; so are SVG, GIF, text and a header cut short. */
static void
test_probe_refuses (void)
{
  g_autoptr(GBytes) bomb = sb_test_png_header (30000, 30000);
  g_autoptr(GBytes) zero = sb_test_png_header (0, 768);
  g_autoptr(GBytes) fine = sb_test_png_header (768, 768);
  static const char svg[] = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"768\" height=\"768\"/>";
  static const char gif[] = "GIF89a\x00\x03\x00\x03";
  g_autoptr(GError) error = NULL;

  g_assert_false (sb_image_check (g_bytes_get_data (bomb, NULL), g_bytes_get_size (bomb), SB_IMAGE_MAX_SIDE, &error));
  g_assert_error (error, SB_ERROR, SB_ERROR_INVALID_INPUT);
  g_assert_nonnull (strstr (error->message, "30000×30000"));
  g_clear_error (&error);
  g_assert_false (sb_image_check (g_bytes_get_data (zero, NULL), g_bytes_get_size (zero), SB_IMAGE_MAX_SIDE, NULL));
  g_assert_true (sb_image_check (g_bytes_get_data (fine, NULL), g_bytes_get_size (fine), SB_IMAGE_MAX_SIDE, NULL));
  g_assert_false (sb_image_check (g_bytes_get_data (fine, NULL), 20, SB_IMAGE_MAX_SIDE, NULL));
  g_assert_false (sb_image_check ((const guint8 *) svg, sizeof svg - 1, SB_IMAGE_MAX_SIDE, &error));
  g_assert_nonnull (strstr (error->message, "not a PNG"));
  g_assert_false (sb_image_check ((const guint8 *) gif, sizeof gif - 1, SB_IMAGE_MAX_SIDE, NULL));
  g_assert_false (sb_image_check ((const guint8 *) "", 0, SB_IMAGE_MAX_SIDE, NULL));
  /* Nor is it imported as a sketch (a photo of 8192 a side would be). */
  g_assert_false (sb_image_check_import (g_bytes_get_data (bomb, NULL), g_bytes_get_size (bomb), NULL));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/image-probe/formats", test_probe_formats);
  g_test_add_func ("/image-probe/refuses", test_probe_refuses);

  return g_test_run ();
}
