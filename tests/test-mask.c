/* test-mask.c: a repaint's region leaves pure black and white, at its
 * picture's size, with something to repaint, whatever it looked like
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <math.h>

#include "sb-error.h"
#include "sb-mask.h"
#include "sb-mask-layer.h"
#include "sb-test-util.h"

static GdkPixbuf *
decode (GBytes *png)
{
  g_autoptr(GInputStream) stream = g_memory_input_stream_new_from_bytes (png);
  g_autoptr(GError) error = NULL;
  GdkPixbuf *pixbuf = gdk_pixbuf_new_from_stream (stream, NULL, &error);

  g_assert_no_error (error);
  return pixbuf;
}

/* Every pixel pure black or white, white exactly where @expected says. */
static void
assert_two_tones (GBytes   *png,
                  int       width,
                  int       height,
                  gboolean (*expected) (int x, int y))
{
  g_autoptr(GdkPixbuf) pixbuf = decode (png);

  g_assert_cmpint (gdk_pixbuf_get_width (pixbuf), ==, width);
  g_assert_cmpint (gdk_pixbuf_get_height (pixbuf), ==, height);
  g_assert_false (gdk_pixbuf_get_has_alpha (pixbuf));
  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      {
        const guchar *p = gdk_pixbuf_read_pixels (pixbuf) + y * gdk_pixbuf_get_rowstride (pixbuf) + x * 3;
        guchar want = expected (x, y) ? 255 : 0;

        if (p[0] != want || p[1] != want || p[2] != want)
          g_error ("pixel %d,%d is %d,%d,%d, not %d", x, y, p[0], p[1], p[2], want);
      }
}

/* A soft red overlay, half transparent at its edge, on a transparent field:
 * the light, opaque part of it is the region. */
static gboolean
in_overlay (int x,
            int y)
{
  return x >= 100 && x < 300 && y >= 50 && y < 250;
}

static void
test_mask_normalize (void)
{
  g_autoptr(GdkPixbuf) overlay = gdk_pixbuf_new (GDK_COLORSPACE_RGB, TRUE, 8, 600, 520);
  g_autoptr(GBytes) given = NULL;
  g_autoptr(GBytes) mask = NULL;
  g_autoptr(GBytes) wrong = NULL;
  g_autoptr(GError) error = NULL;

  gdk_pixbuf_fill (overlay, 0xffffff00);   /* white, but not painted at all */
  for (int y = 40; y < 260; y++)
    for (int x = 90; x < 310; x++)
      {
        guchar *p = gdk_pixbuf_get_pixels (overlay) + y * gdk_pixbuf_get_rowstride (overlay) + x * 4;
        gboolean core = in_overlay (x, y);

        /* Pink inside, a faint rim of 40 % around it. */
        p[0] = 255, p[1] = 190, p[2] = 200, p[3] = core ? 230 : 100;
      }
  given = sb_test_pixbuf_to_png (overlay);

  mask = sb_mask_normalize (given, 600, 520, &error);
  g_assert_no_error (error);
  assert_two_tones (mask, 600, 520, in_overlay);

  /* Not the picture's size: refused, both sizes said. */
  wrong = sb_mask_normalize (given, 768, 768, &error);
  g_assert_null (wrong);
  g_assert_error (error, SB_ERROR, SB_ERROR_INVALID_INPUT);
  g_assert_nonnull (strstr (error->message, "600×520"));
  g_assert_nonnull (strstr (error->message, "768×768"));
  g_clear_error (&error);

  /* Nothing painted: refused rather than paid for. */
  gdk_pixbuf_fill (overlay, 0x000000ff);
  g_clear_pointer (&given, g_bytes_unref);
  given = sb_test_pixbuf_to_png (overlay);
  g_assert_null (sb_mask_normalize (given, 600, 520, &error));
  g_assert_error (error, SB_ERROR, SB_ERROR_INVALID_INPUT);
}

static gboolean
in_stroke (int x,
           int y)
{
  return (x - 40) * (x - 40) + (y - 30) * (y - 30) < 400;
}

/* From the canvas's mask layer (one byte a pixel, rows padded). */
static void
test_mask_from_alpha (void)
{
  const int width = 130, height = 90, stride = 136;
  g_autofree guint8 *alpha = g_malloc0 (stride * height);
  g_autoptr(GBytes) mask = NULL;
  g_autoptr(GError) error = NULL;

  for (int y = 0; y < height; y++)
    for (int x = 0; x < stride; x++)
      alpha[y * stride + x] = x >= width ? 255 : in_stroke (x, y) ? 200 : 60;   /* padding never counts */
  mask = sb_mask_from_alpha (alpha, width, height, stride, &error);
  g_assert_no_error (error);
  assert_two_tones (mask, width, height, in_stroke);

  memset (alpha, 0, stride * height);
  g_clear_pointer (&mask, g_bytes_unref);
  mask = sb_mask_from_alpha (alpha, width, height, stride, &error);
  g_assert_null (mask);
  g_assert_error (error, SB_ERROR, SB_ERROR_INVALID_INPUT);
}

static void
on_changed (SbMaskLayer  *layer,
            int           x,
            int           y,
            int           width,
            int           height,
            cairo_rectangle_int_t *last)
{
  *last = (cairo_rectangle_int_t) { x, y, width, height };
}

/* The canvas's region: painted and erased with a round brush at the
 * picture's resolution; what leaves is two-toned where the brush went (to
 * within a pixel of its edge); nothing painted, nothing sent. */
static void
test_mask_layer (void)
{
  g_autoptr(SbMaskLayer) layer = sb_mask_layer_new (400, 240);
  g_autoptr(GBytes) png = NULL;
  g_autoptr(GdkPixbuf) mask = NULL;
  g_autoptr(GError) error = NULL;
  cairo_rectangle_int_t changed = { 0 };

  g_assert_true (sb_mask_layer_is_empty (layer));
  g_assert_null (sb_mask_layer_export (layer, &error));
  g_assert_error (error, SB_ERROR, SB_ERROR_INVALID_INPUT);
  g_clear_error (&error);

  g_signal_connect (layer, "changed", G_CALLBACK (on_changed), &changed);
  sb_mask_layer_paint (layer, 100, 100, 300, 100, 20, FALSE);
  g_assert_cmpint (changed.x, <=, 80);
  g_assert_cmpint (changed.x + changed.width, >=, 320);
  sb_mask_layer_paint (layer, 200, 100, 200, 100, 10, TRUE);
  sb_mask_layer_paint (layer, NAN, 0, 10, 10, 5, FALSE);   /* ignored */
  g_assert_false (sb_mask_layer_is_empty (layer));

  png = sb_mask_layer_export (layer, &error);
  g_assert_no_error (error);
  mask = decode (png);
  g_assert_cmpint (gdk_pixbuf_get_width (mask), ==, 400);
  g_assert_cmpint (gdk_pixbuf_get_height (mask), ==, 240);
  for (int y = 0; y < 240; y++)
    for (int x = 0; x < 400; x++)
      {
        const guchar *p = gdk_pixbuf_read_pixels (mask) + y * gdk_pixbuf_get_rowstride (mask) + x * 3;
        double cx = CLAMP (x + 0.5, 100, 300);
        double stroke = hypot (x + 0.5 - cx, y + 0.5 - 100), dab = hypot (x + 0.5 - 200, y + 0.5 - 100);
        gboolean surely_in = stroke < 19 && dab > 11, surely_out = stroke > 21 || dab < 9;

        g_assert_true (p[0] == p[1] && p[1] == p[2] && (p[0] == 0 || p[0] == 255));
        if (surely_in && p[0] != 255)
          g_error ("pixel %d,%d was painted but is not white", x, y);
        if (surely_out && p[0] != 0)
          g_error ("pixel %d,%d was not painted (or erased) but is white", x, y);
      }

  sb_mask_layer_clear (layer);
  g_assert_true (sb_mask_layer_is_empty (layer));
}

static void
on_loaded (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static SbMaskLayer *
load (GFile   *file,
      int      width,
      int      height,
      GError **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  sb_mask_layer_load_async (file, width, height, NULL, on_loaded, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return sb_mask_layer_load_finish (result, error);
}

/* A region sent once (mask.png) is painted again as it was, pixel for
 * pixel, to repaint it once more; one for another size is refused. */
static void
test_mask_layer_load (void)
{
  g_autoptr(SbMaskLayer) layer = sb_mask_layer_new (300, 200);
  g_autoptr(SbMaskLayer) again = NULL;
  g_autoptr(GBytes) png = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *folder = g_dir_make_tmp ("sketchbloom-mask-XXXXXX", NULL);
  g_autoptr(GFile) file = g_file_new_build_filename (folder, "mask.png", NULL);
  cairo_surface_t *a, *b;

  sb_mask_layer_paint (layer, 40, 50, 250, 120, 18, FALSE);
  png = sb_mask_layer_export (layer, &error);
  g_assert_no_error (error);
  g_assert_true (g_file_replace_contents (file, g_bytes_get_data (png, NULL), g_bytes_get_size (png), NULL, FALSE,
                                          G_FILE_CREATE_NONE, NULL, NULL, &error));

  again = load (file, 300, 200, &error);
  g_assert_no_error (error);
  a = sb_mask_layer_get_surface (layer);
  b = sb_mask_layer_get_surface (again);
  cairo_surface_flush (a);
  cairo_surface_flush (b);
  for (int y = 0; y < 200; y++)
    for (int x = 0; x < 300; x++)
      {
        guint8 pa = cairo_image_surface_get_data (a)[y * cairo_image_surface_get_stride (a) + x];
        guint8 pb = cairo_image_surface_get_data (b)[y * cairo_image_surface_get_stride (b) + x];

        /* What was exported as white (at least half covered) is painted. */
        if ((pa >= 128) != (pb == 255))
          g_error ("pixel %d,%d: %u painted, %u loaded", x, y, pa, pb);
      }

  g_assert_null (load (file, 200, 200, &error));
  g_assert_error (error, SB_ERROR, SB_ERROR_INVALID_INPUT);
  g_file_delete (file, NULL, NULL);
  g_rmdir (folder);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/mask/normalize", test_mask_normalize);
  g_test_add_func ("/mask/from-alpha", test_mask_from_alpha);
  g_test_add_func ("/mask/layer", test_mask_layer);
  g_test_add_func ("/mask/layer-load", test_mask_layer_load);

  return g_test_run ();
}
