/* test-sketch.c: drawing, undo, import, export, colours and autosave
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <glib/gstdio.h>

#include "sb-error.h"
#include "sb-limits.h"
#include "sb-sketch.h"
#include "sb-stage.h"
#include "sb-test-util.h"

static guint32
pixel_at (cairo_surface_t *surface,
          int              x,
          int              y)
{
  cairo_surface_flush (surface);
  return *(const guint32 *) (cairo_image_surface_get_data (surface) + y * cairo_image_surface_get_stride (surface) + x * 4) & 0xffffff;
}

static guint
count_ink (SbSketch *sketch)
{
  cairo_surface_t *surface = sb_sketch_get_surface (sketch);
  guint ink = 0;

  for (int y = 0; y < SB_SKETCH_SIZE; y++)
    for (int x = 0; x < SB_SKETCH_SIZE; x++)
      ink += pixel_at (surface, x, y) != 0xffffff;

  return ink;
}

/* A copy of the pixels as they are now. */
static GBytes *
pixels (SbSketch *sketch)
{
  cairo_surface_t *surface = sb_sketch_get_surface (sketch);

  cairo_surface_flush (surface);
  return g_bytes_new (cairo_image_surface_get_data (surface),
                      cairo_image_surface_get_stride (surface) * SB_SKETCH_SIZE);
}

static void
assert_same_pixels (GBytes *a,
                    GBytes *b)
{
  g_assert_true (g_bytes_equal (a, b));
}

static void
draw_line (SbSketch *sketch,
           double    x0,
           double    y0,
           double    x1,
           double    y1)
{
  sb_sketch_begin_stroke (sketch, sb_sketch_get_tool (sketch), x0, y0, SB_DEFAULT_PRESSURE);
  for (int i = 1; i <= 20; i++)
    sb_sketch_extend_stroke (sketch, x0 + (x1 - x0) * i / 20, y0 + (y1 - y0) * i / 20, SB_DEFAULT_PRESSURE);
  sb_sketch_end_stroke (sketch);
}

static SbSketch *
new_sketch (void)
{
  SbSketch *sketch = sb_sketch_new ();

  /* Straight lines stay straight: no stabiliser in these tests. */
  sb_sketch_set_smoothing (sketch, FALSE);
  return sketch;
}

static void
test_sketch_new_is_white (void)
{
  g_autoptr(SbSketch) sketch = new_sketch ();
  cairo_surface_t *surface = sb_sketch_get_surface (sketch);

  g_assert_cmpint (cairo_image_surface_get_width (surface), ==, SB_SKETCH_SIZE);
  g_assert_cmpint (cairo_image_surface_get_height (surface), ==, SB_SKETCH_SIZE);
  g_assert_true (sb_sketch_is_empty (sketch));
  g_assert_false (sb_sketch_get_can_undo (sketch));
  g_assert_cmpuint (count_ink (sketch), ==, 0);
}

static void
on_changed (SbSketch       *sketch,
            int             x,
            int             y,
            int             width,
            int             height,
            cairo_region_t *damage)
{
  cairo_region_union_rectangle (damage, &(cairo_rectangle_int_t) { x, y, width, height });
}

static void
count_signal (guint *count)
{
  (*count)++;
}

static void
test_sketch_stroke_inks_its_path (void)
{
  g_autoptr(SbSketch) sketch = new_sketch ();
  cairo_region_t *region = cairo_region_create ();
  cairo_rectangle_int_t damage;
  cairo_surface_t *surface = sb_sketch_get_surface (sketch);
  guint notified = 0, edited = 0;

  g_signal_connect (sketch, "changed", G_CALLBACK (on_changed), region);
  g_signal_connect_swapped (sketch, "notify::empty", G_CALLBACK (count_signal), &notified);
  g_signal_connect_swapped (sketch, "edited", G_CALLBACK (count_signal), &edited);

  sb_sketch_begin_stroke (sketch, SB_TOOL_PEN, 100, 200, SB_DEFAULT_PRESSURE);
  sb_sketch_extend_stroke (sketch, 300, 200, SB_DEFAULT_PRESSURE);
  sb_sketch_extend_stroke (sketch, 300, 400, SB_DEFAULT_PRESSURE);
  g_assert_cmpuint (edited, ==, 0);
  sb_sketch_end_stroke (sketch);

  g_assert_false (sb_sketch_is_empty (sketch));
  g_assert_cmpuint (sb_sketch_get_n_strokes (sketch), ==, 1);
  g_assert_cmpuint (notified, ==, 1);
  g_assert_cmpuint (edited, ==, 1);
  g_assert_true (sb_sketch_get_can_undo (sketch));
  cairo_region_get_extents (region, &damage);
  cairo_region_destroy (region);

  /* On the path: ink. Beside it and far away: white. */
  g_assert_cmphex (pixel_at (surface, 200, 200), ==, 0x000000);
  g_assert_cmphex (pixel_at (surface, 300, 300), ==, 0x000000);
  g_assert_cmphex (pixel_at (surface, 200, 210), ==, 0xffffff);
  g_assert_cmphex (pixel_at (surface, 600, 600), ==, 0xffffff);

  /* Only the stroke's neighbourhood was repainted. */
  g_assert_cmpint (damage.x, <=, 100);
  g_assert_cmpint (damage.x + damage.width, >=, 300);
  g_assert_cmpint (damage.width, <, 220);
  g_assert_cmpint (damage.height, <, 220);

  /* About 400 px of path at 4 px wide. */
  g_assert_cmpuint (count_ink (sketch), >, 1200);
  g_assert_cmpuint (count_ink (sketch), <, 2400);
}

/* Pressure sets the width: a light stroke is thinner than a hard one. */
static void
test_sketch_pressure (void)
{
  g_autoptr(SbSketch) light = new_sketch ();
  g_autoptr(SbSketch) hard = new_sketch ();

  sb_sketch_set_width (light, 8);
  sb_sketch_set_width (hard, 8);
  sb_sketch_begin_stroke (light, SB_TOOL_PEN, 100, 100, 0.2);
  sb_sketch_extend_stroke (light, 600, 100, 0.2);
  sb_sketch_end_stroke (light);
  sb_sketch_begin_stroke (hard, SB_TOOL_PEN, 100, 100, 1.0);
  sb_sketch_extend_stroke (hard, 600, 100, 1.0);
  sb_sketch_end_stroke (hard);

  g_assert_cmpuint (count_ink (hard), >, 3 * count_ink (light));
}

/* A stroke dropped while drawn leaves the page and the history as they were. */
static void
test_sketch_cancel_stroke (void)
{
  g_autoptr(SbSketch) sketch = sb_sketch_new ();
  guint32 color;

  sb_sketch_set_width (sketch, 20);
  sb_sketch_begin_stroke (sketch, SB_TOOL_PEN, 100, 300, 1.0);
  sb_sketch_extend_stroke (sketch, 600, 300, 1.0);
  g_assert_true (sb_sketch_get_color_at (sketch, 350, 300, &color));
  g_assert_cmphex (color, ==, 0x000000);

  sb_sketch_cancel_stroke (sketch);
  g_assert_true (sb_sketch_get_color_at (sketch, 350, 300, &color));
  g_assert_cmphex (color, ==, 0xFFFFFF);
  g_assert_true (sb_sketch_is_empty (sketch));
  g_assert_false (sb_sketch_get_can_undo (sketch));
  g_assert_false (sb_sketch_get_can_redo (sketch));

  /* Drawing goes on as before. */
  sb_sketch_begin_stroke (sketch, SB_TOOL_PEN, 100, 500, 1.0);
  sb_sketch_extend_stroke (sketch, 600, 500, 1.0);
  sb_sketch_end_stroke (sketch);
  g_assert_cmpuint (sb_sketch_get_n_strokes (sketch), ==, 1);
  g_assert_true (sb_sketch_get_can_undo (sketch));
}

/* The eyedropper reads the page: paper is white, ink its colour, and
 * nothing outside the page. */
static void
test_sketch_color_at (void)
{
  g_autoptr(SbSketch) sketch = sb_sketch_new ();
  guint32 color = 1;

  g_assert_true (sb_sketch_get_color_at (sketch, 10, 10, &color));
  g_assert_cmphex (color, ==, 0xFFFFFF);

  sb_sketch_set_color (sketch, 0x1C71D8);
  sb_sketch_set_width (sketch, 20);
  sb_sketch_begin_stroke (sketch, SB_TOOL_PEN, 100, 300, 1.0);
  sb_sketch_extend_stroke (sketch, 600, 300, 1.0);
  sb_sketch_end_stroke (sketch);

  g_assert_true (sb_sketch_get_color_at (sketch, 350.4, 300.6, &color));
  g_assert_cmphex (color, ==, 0x1C71D8);
  g_assert_true (sb_sketch_get_color_at (sketch, 350, 100, &color));
  g_assert_cmphex (color, ==, 0xFFFFFF);

  color = 7;
  g_assert_false (sb_sketch_get_color_at (sketch, -1, 10, &color));
  g_assert_false (sb_sketch_get_color_at (sketch, 10, SB_SKETCH_SIZE, &color));
  /* The last column is on the page, the next is not (x = 768 read a pixel
   * of the next row's start). */
  g_assert_false (sb_sketch_get_color_at (sketch, SB_SKETCH_SIZE, 10, &color));
  g_assert_false (sb_sketch_get_color_at (sketch, SB_SKETCH_SIZE + 0.5, 300, &color));
  g_assert_cmphex (color, ==, 7);
  g_assert_true (sb_sketch_get_color_at (sketch, SB_SKETCH_SIZE - 0.5, 10, &color));
  g_assert_cmphex (color, ==, 0xFFFFFF);
}

static void
test_sketch_eraser (void)
{
  g_autoptr(SbSketch) sketch = new_sketch ();

  sb_sketch_set_width (sketch, 10);
  draw_line (sketch, 100, 300, 600, 300);
  g_assert_cmphex (pixel_at (sb_sketch_get_surface (sketch), 350, 300), ==, 0x000000);

  sb_sketch_set_tool (sketch, SB_TOOL_ERASER);
  sb_sketch_set_width (sketch, 20);
  draw_line (sketch, 350, 200, 350, 400);
  g_assert_cmphex (pixel_at (sb_sketch_get_surface (sketch), 350, 300), ==, 0xffffff);
  g_assert_cmphex (pixel_at (sb_sketch_get_surface (sketch), 200, 300), ==, 0x000000);
}

static void
test_sketch_smoothing (void)
{
  g_autoptr(SbSketch) smooth = sb_sketch_new ();
  g_autoptr(SbSketch) raw = new_sketch ();

  g_assert_true (sb_sketch_get_smoothing (smooth));

  /* A jittery horizontal line: the stabiliser keeps it nearer the middle. */
  for (SbSketch **s = (SbSketch *[]) { smooth, raw, NULL }; *s != NULL; s++)
    {
      sb_sketch_begin_stroke (*s, SB_TOOL_PEN, 100, 300, SB_DEFAULT_PRESSURE);
      for (int i = 1; i <= 40; i++)
        sb_sketch_extend_stroke (*s, 100 + i * 10, i % 2 ? 320 : 280, SB_DEFAULT_PRESSURE);
      sb_sketch_end_stroke (*s);
    }

  g_assert_cmphex (pixel_at (sb_sketch_get_surface (raw), 290, 319), ==, 0x000000);
  g_assert_cmphex (pixel_at (sb_sketch_get_surface (smooth), 290, 319), ==, 0xffffff);

  /* It lags, but the line still ends where the pen lifted (500, 280). */
  g_assert_cmphex (pixel_at (sb_sketch_get_surface (smooth), 499, 280), ==, 0x000000);
}

/* Undo gives the pixels of the drawing without the stroke; redo brings back
 * the very same pixels. Past several checkpoints, too. */
static void
test_sketch_undo_redo (void)
{
  g_autoptr(SbSketch) sketch = new_sketch ();
  g_autoptr(SbSketch) without = new_sketch ();
  g_autoptr(GBytes) before = NULL;
  g_autoptr(GBytes) after = NULL;
  g_autoptr(GBytes) undone = NULL;
  g_autoptr(GBytes) redone = NULL;
  g_autoptr(GBytes) expected = NULL;

  for (int i = 0; i < 100; i++)
    {
      sb_sketch_set_color (sketch, i % 3 ? 0x000000 : 0x2060c0);
      sb_sketch_set_color (without, i % 3 ? 0x000000 : 0x2060c0);
      draw_line (sketch, 50 + i * 6, 50, 700 - i * 5, 700);
      draw_line (without, 50 + i * 6, 50, 700 - i * 5, 700);
    }
  before = pixels (sketch);
  draw_line (sketch, 40, 400, 720, 420);
  after = pixels (sketch);

  sb_sketch_undo (sketch);
  undone = pixels (sketch);
  expected = pixels (without);
  assert_same_pixels (undone, before);
  assert_same_pixels (undone, expected);
  g_assert_true (sb_sketch_get_can_redo (sketch));

  sb_sketch_redo (sketch);
  redone = pixels (sketch);
  assert_same_pixels (redone, after);
  g_assert_false (sb_sketch_get_can_redo (sketch));

  /* All the way back, and all the way forward again. */
  while (sb_sketch_get_can_undo (sketch))
    sb_sketch_undo (sketch);
  g_assert_true (sb_sketch_is_empty (sketch));
  g_assert_cmpuint (count_ink (sketch), ==, 0);
  while (sb_sketch_get_can_redo (sketch))
    sb_sketch_redo (sketch);
  g_clear_pointer (&redone, g_bytes_unref);
  redone = pixels (sketch);
  assert_same_pixels (redone, after);

  /* A new stroke after an undo drops what could have been redone. */
  sb_sketch_undo (sketch);
  draw_line (sketch, 10, 10, 20, 20);
  g_assert_false (sb_sketch_get_can_redo (sketch));
  g_assert_cmpuint (sb_sketch_get_n_strokes (sketch), ==, 101);
}

static void
test_sketch_clear_undoable (void)
{
  g_autoptr(SbSketch) sketch = new_sketch ();
  g_autoptr(GBytes) drawn = NULL;
  g_autoptr(GBytes) back = NULL;

  draw_line (sketch, 10, 10, 700, 700);
  drawn = pixels (sketch);

  sb_sketch_clear (sketch);
  g_assert_true (sb_sketch_is_empty (sketch));
  g_assert_cmpuint (count_ink (sketch), ==, 0);

  sb_sketch_undo (sketch);
  g_assert_false (sb_sketch_is_empty (sketch));
  back = pixels (sketch);
  assert_same_pixels (back, drawn);
}

static void
test_sketch_clips_to_page (void)
{
  g_autoptr(SbSketch) sketch = new_sketch ();

  draw_line (sketch, 700, 384, 2000, 384);
  g_assert_cmphex (pixel_at (sb_sketch_get_surface (sketch), SB_SKETCH_SIZE - 1, 384), ==, 0x000000);
  g_assert_cmphex (pixel_at (sb_sketch_get_surface (sketch), 699, 390), ==, 0xffffff);
}

/* The export is the screen's pixels, 768×768, as a compact PNG. */
static void
test_sketch_export (void)
{
  g_autoptr(SbSketch) sketch = new_sketch ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) png = NULL;
  g_autoptr(GdkPixbufLoader) loader = gdk_pixbuf_loader_new ();
  cairo_surface_t *surface = sb_sketch_get_surface (sketch);
  GdkPixbuf *decoded;
  const guchar *data;
  int rowstride, channels;

  draw_line (sketch, 100, 100, 600, 500);
  sb_sketch_set_color (sketch, 0xd02020);
  draw_line (sketch, 100, 600, 600, 650);

  png = sb_sketch_export_png (sketch, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_bytes_get_size (png), <, 10 * 1024 * 1024);
  g_assert_true (gdk_pixbuf_loader_write_bytes (loader, png, &error));
  g_assert_true (gdk_pixbuf_loader_close (loader, &error));
  decoded = gdk_pixbuf_loader_get_pixbuf (loader);
  g_assert_cmpint (gdk_pixbuf_get_width (decoded), ==, SB_SKETCH_SIZE);
  g_assert_cmpint (gdk_pixbuf_get_height (decoded), ==, SB_SKETCH_SIZE);

  data = gdk_pixbuf_get_pixels (decoded);
  rowstride = gdk_pixbuf_get_rowstride (decoded);
  channels = gdk_pixbuf_get_n_channels (decoded);
  for (int y = 0; y < SB_SKETCH_SIZE; y++)
    for (int x = 0; x < SB_SKETCH_SIZE; x++)
      {
        const guchar *p = data + y * rowstride + x * channels;
        guint32 rgb = (p[0] << 16) | (p[1] << 8) | p[2];

        if (rgb != pixel_at (surface, x, y))
          g_error ("pixel %d,%d is %06x on screen and %06x exported", x, y, pixel_at (surface, x, y), rgb);
      }

  /* White background. */
  g_assert_cmphex (pixel_at (surface, 5, 5), ==, 0xffffff);
}

/* Black line art on white is greyscale: a quarter of cairo's ARGB samples. */
static void
test_sketch_export_is_compact (void)
{
  g_autoptr(SbSketch) sketch = new_sketch ();
  g_autoptr(GBytes) png = NULL;
  const guchar *header;

  for (int i = 0; i < 30; i++)
    draw_line (sketch, 20 + i * 20, 30, 740 - i * 15, 740);
  png = sb_sketch_export_png (sketch, NULL);
  header = g_bytes_get_data (png, NULL);
  /* IHDR colour type, byte 25: 0 greyscale. */
  g_assert_cmpint (header[25], ==, 0);
}

static void
imported (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  GError **error = user_data;

  if (!sb_sketch_import_finish (SB_SKETCH (source), result, error) && *error == NULL)
    g_assert_not_reached ();
  if (*error == NULL)
    *error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_EXISTS, "ok");
}

static gboolean
import_bytes (SbSketch  *sketch,
              GBytes    *bytes,
              GError   **error)
{
  GError *local = NULL;

  sb_sketch_import_bytes_async (sketch, bytes, NULL, imported, &local);
  while (local == NULL)
    g_main_context_iteration (NULL, TRUE);
  if (g_error_matches (local, G_IO_ERROR, G_IO_ERROR_EXISTS))
    {
      g_error_free (local);
      return TRUE;
    }
  g_propagate_error (error, local);
  return FALSE;
}

/* Wide and tall pictures are fitted without distortion, centred on white. */
static void
test_sketch_import_letterbox (void)
{
  g_autoptr(SbSketch) sketch = new_sketch ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) wide = sb_test_make_sketch_png (1536, 768);   /* 2:1 */
  g_autoptr(GBytes) tall = sb_test_make_sketch_png (300, 600);
  cairo_surface_t *surface = sb_sketch_get_surface (sketch);

  g_assert_true (import_bytes (sketch, wide, &error));
  g_assert_no_error (error);
  /* 1536×768 becomes 768×384 at y = 192: white bands above and below. */
  g_assert_cmphex (pixel_at (surface, 384, 100), ==, 0xffffff);
  g_assert_cmphex (pixel_at (surface, 384, 700), ==, 0xffffff);
  /* The diagonal runs from 20 %, 80 % to 80 %, 20 % of the picture. */
  g_assert_cmphex (pixel_at (surface, 384, 384), <, 0x404040);
  g_assert_cmphex (pixel_at (surface, (int) (768 * 0.2) + 2, 192 + (int) (384 * 0.8) - 1), <, 0x808080);
  g_assert_false (sb_sketch_get_extraction (sketch));   /* line art */

  g_assert_true (import_bytes (sketch, tall, &error));
  /* 300×600 becomes 384×768 at x = 192: bands left and right. */
  g_assert_cmphex (pixel_at (surface, 100, 384), ==, 0xffffff);
  g_assert_cmphex (pixel_at (surface, 700, 384), ==, 0xffffff);
  g_assert_cmphex (pixel_at (surface, 384, 384), <, 0x404040);

  /* An import is one undoable action. */
  sb_sketch_undo (sketch);
  g_assert_cmphex (pixel_at (surface, 384, 100), ==, 0xffffff);
  g_assert_cmphex (pixel_at (surface, 384, 384), <, 0x404040);
}

/* Each format gdk-pixbuf can write here comes back in as the sketch. */
static void
test_sketch_import_formats (void)
{
  static const char *formats[] = { "png", "jpeg", "tiff", "webp" };
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, 600, 600);
  guint imported_formats = 0;

  gdk_pixbuf_fill (pixbuf, 0xffffffff);
  {
    g_autoptr(GdkPixbuf) middle = gdk_pixbuf_new_subpixbuf (pixbuf, 200, 200, 200, 200);

    gdk_pixbuf_fill (middle, 0x000000ff);
  }

  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    {
      g_autoptr(SbSketch) sketch = new_sketch ();
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) bytes = NULL;
      gchar *buffer;
      gsize size;

      if (!gdk_pixbuf_save_to_buffer (pixbuf, &buffer, &size, formats[i], NULL, NULL))
        {
          g_test_message ("no %s writer here; not checked", formats[i]);
          continue;
        }
      bytes = g_bytes_new_take (buffer, size);
      g_assert_true (import_bytes (sketch, bytes, &error));
      g_assert_no_error (error);
      /* The black square in the middle survives, the white around it too. */
      g_assert_cmphex (pixel_at (sb_sketch_get_surface (sketch), 384, 384), <, 0x202020);
      g_assert_cmphex (pixel_at (sb_sketch_get_surface (sketch), 30, 30), >, 0xe0e0e0);
      imported_formats++;
    }

  g_assert_cmpuint (imported_formats, >=, 3);
}

static GBytes *
make_photo_png (void)
{
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, 400, 400);
  guchar *data = gdk_pixbuf_get_pixels (pixbuf);
  int rowstride = gdk_pixbuf_get_rowstride (pixbuf);
  gchar *buffer;
  gsize size;

  for (int y = 0; y < 400; y++)
    for (int x = 0; x < 400; x++)
      {
        guchar *p = data + y * rowstride + x * 3;

        p[0] = 60 + x / 3;
        p[1] = 90 + y / 4;
        p[2] = 200 - x / 4;
      }
  g_assert_true (gdk_pixbuf_save_to_buffer (pixbuf, &buffer, &size, "png", NULL, NULL));
  return g_bytes_new_take (buffer, size);
}

static void
test_sketch_import_photo (void)
{
  g_autoptr(SbSketch) sketch = new_sketch ();
  g_autoptr(GBytes) photo = make_photo_png ();
  g_autoptr(GBytes) text = g_bytes_new_static ("not a picture", 13);
  g_autoptr(GError) error = NULL;

  g_assert_true (import_bytes (sketch, photo, &error));
  g_assert_true (sb_sketch_get_extraction (sketch));
  /* The user may change it. */
  sb_sketch_set_extraction (sketch, FALSE);
  g_assert_false (sb_sketch_get_extraction (sketch));

  g_assert_false (import_bytes (sketch, text, &error));
  g_assert_error (error, SB_ERROR, SB_ERROR_INVALID_INPUT);
}

/* Pictures of a generation written as the generator writes them: here,
 * line art (white, with a dark and a red line), which on its own would not
 * read as a photo. */
static GPtrArray *
write_pictures (const char *directory,
                guint       n)
{
  GPtrArray *files = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, 768, 768);
      g_autofree char *name = g_strdup_printf ("picture-%u.png", i);
      g_autofree char *path = g_build_filename (directory, name, NULL);
      g_autoptr(GError) error = NULL;

      gdk_pixbuf_fill (pixbuf, 0xffffffff);
      for (int x = 100; x < 600; x++)
        for (int y = 300 + (int) i * 20; y < 306 + (int) i * 20; y++)
          {
            guchar *p = gdk_pixbuf_get_pixels (pixbuf) + y * gdk_pixbuf_get_rowstride (pixbuf) + x * 3;

            p[0] = x < 350 ? 20 : 220;
            p[1] = 20;
            p[2] = 20;
          }
      g_assert_true (gdk_pixbuf_save (pixbuf, path, "png", &error, NULL));
      g_ptr_array_add (files, g_file_new_for_path (path));
    }
  return files;
}

static void
remove_pictures (GPtrArray  *files,
                 const char *directory)
{
  for (guint i = 0; i < files->len; i++)
    g_file_delete (g_ptr_array_index (files, i), NULL, NULL);
  g_rmdir (directory);
}

/* What appears over the drawing by itself: a generation that arrives while
 * the drawing is as it was at Generate, never one that would cover new work. */
static void
test_stage_offer (void)
{
  g_autoptr(SbSketch) sketch = new_sketch ();
  g_autoptr(SbStage) stage = sb_stage_new (sketch);
  g_autofree char *directory = g_dir_make_tmp ("sketchbloom-stage-XXXXXX", NULL);
  g_autoptr(GPtrArray) files = write_pictures (directory, 3);
  g_autoptr(GPtrArray) empty = g_ptr_array_new ();

  draw_line (sketch, 10, 10, 300, 300);
  sb_stage_note_generate (stage);
  g_assert_false (sb_stage_offer (stage, empty));
  g_assert_false (sb_stage_get_active (stage));
  g_assert_true (sb_stage_offer (stage, files));
  g_assert_true (sb_stage_get_active (stage));
  g_assert_true (sb_stage_get_file (stage) == g_ptr_array_index (files, 0));
  g_assert_cmpuint (sb_stage_get_n_pictures (stage), ==, 3);

  /* ← and → through the generation; the ends stay put. */
  g_assert_false (sb_stage_move (stage, -1));
  g_assert_true (sb_stage_move (stage, 1));
  g_assert_true (sb_stage_move (stage, 1));
  g_assert_false (sb_stage_move (stage, 1));
  g_assert_cmpuint (sb_stage_get_position (stage), ==, 2);
  g_assert_true (sb_stage_get_file (stage) == g_ptr_array_index (files, 2));

  /* Opacity and wipe stay in range, and stay for the next generation. */
  sb_stage_set_opacity (stage, 1.7);
  g_assert_cmpfloat (sb_stage_get_opacity (stage), ==, 1.0);
  sb_stage_set_wipe (stage, 0.4);
  sb_stage_clear (stage);
  g_assert_false (sb_stage_get_active (stage));
  g_assert_null (sb_stage_get_file (stage));

  /* Drawing on after Generate: the next arrival waits in the gallery. */
  sb_stage_note_generate (stage);
  draw_line (sketch, 300, 10, 10, 300);
  g_assert_false (sb_stage_offer (stage, files));
  g_assert_false (sb_stage_get_active (stage));
  /* An undo changes the drawing too. */
  sb_stage_note_generate (stage);
  sb_sketch_undo (sketch);
  g_assert_false (sb_stage_offer (stage, files));
  /* Chosen by hand, it shows whatever was drawn. */
  sb_stage_show (stage, files, 1);
  g_assert_true (sb_stage_get_file (stage) == g_ptr_array_index (files, 1));
  g_assert_cmpfloat (sb_stage_get_wipe (stage), ==, 0.4);

  remove_pictures (files, directory);
}

static void
accepted (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  int *done = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_true (sb_stage_accept_as_sketch_finish (SB_STAGE (source), result, &error));
  g_assert_no_error (error);
  *done = 1;
}

/* Taken as the new sketch: the strokes are untouched until then, it is one
 * undo step, and a picture the service made is sent for its edges even when
 * it looks like line art. */
static void
test_stage_accept_as_sketch (void)
{
  g_autoptr(SbSketch) sketch = new_sketch ();
  g_autoptr(SbStage) stage = sb_stage_new (sketch);
  g_autofree char *directory = g_dir_make_tmp ("sketchbloom-stage-XXXXXX", NULL);
  g_autoptr(GPtrArray) files = write_pictures (directory, 2);
  g_autoptr(GBytes) drawn = NULL;
  g_autoptr(GBytes) staged = NULL;
  g_autoptr(GBytes) line_art = NULL;
  g_autoptr(GError) error = NULL;
  int done = 0;

  /* The same picture imported as a file of one's own reads as line art. */
  line_art = g_file_load_bytes (g_ptr_array_index (files, 1), NULL, NULL, &error);
  g_assert_true (import_bytes (sketch, line_art, &error));
  g_assert_false (sb_sketch_get_extraction (sketch));
  sb_sketch_clear (sketch);

  draw_line (sketch, 10, 700, 700, 10);
  drawn = pixels (sketch);
  sb_stage_note_generate (stage);
  g_assert_true (sb_stage_offer (stage, files));
  sb_stage_move (stage, 1);
  staged = pixels (sketch);
  assert_same_pixels (drawn, staged);

  sb_stage_accept_as_sketch_async (stage, NULL, accepted, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (sb_stage_get_active (stage));
  g_assert_true (sb_sketch_get_extraction (sketch));
  /* The second picture's red line is on the page now, the stroke gone. */
  g_assert_cmphex (pixel_at (sb_sketch_get_surface (sketch), 500, 322) & 0xff0000, >, 0xb00000);
  g_assert_cmphex (pixel_at (sb_sketch_get_surface (sketch), 355, 355), ==, 0xffffff);

  /* One undo brings the drawing back exactly. */
  sb_sketch_undo (sketch);
  {
    g_autoptr(GBytes) back = pixels (sketch);

    assert_same_pixels (drawn, back);
  }

  remove_pictures (files, directory);
}

static void
test_sketch_import_too_large (void)
{
  g_autoptr(SbSketch) sketch = new_sketch ();
  g_autoptr(GBytes) huge = g_bytes_new_take (g_malloc0 (SB_IMPORT_MAX_BYTES + 1), SB_IMPORT_MAX_BYTES + 1);
  g_autoptr(GError) error = NULL;

  g_assert_false (import_bytes (sketch, huge, &error));
  g_assert_error (error, SB_ERROR, SB_ERROR_INVALID_INPUT);
  g_assert_nonnull (strstr (error->message, "too large"));
  g_assert_true (sb_sketch_is_empty (sketch));
}

static void
test_sketch_colors (void)
{
  g_autoptr(SbSketch) sketch = new_sketch ();
  g_autoptr(SbParams) params = sb_params_new ();
  const SbColor *colors;
  guint n;

  /* Black lines: the service's default, nothing to send. */
  draw_line (sketch, 10, 10, 100, 100);
  sb_sketch_apply_colors (sketch, params);
  sb_params_get_colors (params, &n);
  g_assert_cmpuint (n, ==, 0);

  /* Any other colour: every pen colour in use, once each. */
  sb_sketch_set_color (sketch, 0x868686);
  draw_line (sketch, 10, 100, 100, 200);
  draw_line (sketch, 10, 200, 100, 300);
  sb_sketch_set_color (sketch, 0x102030);
  draw_line (sketch, 10, 300, 100, 400);
  /* The eraser is not a pen colour. */
  sb_sketch_set_tool (sketch, SB_TOOL_ERASER);
  sb_sketch_set_color (sketch, 0xff0000);
  draw_line (sketch, 10, 300, 100, 400);
  sb_sketch_apply_colors (sketch, params);
  colors = sb_params_get_colors (params, &n);
  g_assert_cmpuint (n, ==, 3);
  g_assert_cmpint (colors[0].red, ==, 0);
  g_assert_cmpint (colors[1].red, ==, 134);
  g_assert_cmpint (colors[1].blue, ==, 134);
  g_assert_cmpint (colors[2].green, ==, 0x20);

  /* Undone strokes and cleared ones are not on the page. */
  sb_sketch_undo (sketch);
  sb_sketch_undo (sketch);
  sb_sketch_apply_colors (sketch, params);
  sb_params_get_colors (params, &n);
  g_assert_cmpuint (n, ==, 2);
  sb_sketch_clear (sketch);
  sb_sketch_set_tool (sketch, SB_TOOL_PEN);
  sb_sketch_set_color (sketch, SB_COLOR_BLACK);
  draw_line (sketch, 10, 10, 100, 100);
  sb_sketch_apply_colors (sketch, params);
  sb_params_get_colors (params, &n);
  g_assert_cmpuint (n, ==, 0);
}

/* Strokes, undo history and imports survive a save and a load exactly. */
static void
test_sketch_serialize_round_trip (void)
{
  g_autoptr(SbSketch) sketch = sb_sketch_new ();
  g_autoptr(SbSketch) loaded = sb_sketch_new ();
  g_autoptr(GBytes) picture = sb_test_make_sketch_png (512, 512);
  g_autoptr(GBytes) saved = NULL;
  g_autoptr(GBytes) original = NULL;
  g_autoptr(GBytes) restored = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (import_bytes (sketch, picture, &error));
  for (int i = 0; i < 40; i++)
    {
      sb_sketch_set_color (sketch, i * 0x040404);
      draw_line (sketch, 30 + i * 15, 20, 40 + i * 10, 700);
    }
  sb_sketch_undo (sketch);
  original = pixels (sketch);

  saved = sb_sketch_serialize (sketch);
  g_assert_true (sb_sketch_load (loaded, saved, &error));
  g_assert_no_error (error);
  restored = pixels (loaded);
  assert_same_pixels (restored, original);
  g_assert_true (sb_sketch_get_can_redo (loaded));
  g_assert_cmpuint (sb_sketch_get_n_strokes (loaded), ==, 39);
}

/* A torn write, a truncated file or garbage: refused, and the drawing in
 * memory is untouched. */
static void
test_sketch_load_damaged (void)
{
  g_autoptr(SbSketch) sketch = new_sketch ();
  g_autoptr(SbSketch) other = new_sketch ();
  g_autoptr(GBytes) saved = NULL;
  g_autoptr(GBytes) before = NULL;
  g_autoptr(GBytes) after = NULL;
  const char *bad[] = { "", "{", "[]", "{\"version\":1}", "{\"version\":9,\"position\":0,\"actions\":[]}",
                        "{\"version\":1,\"position\":2,\"actions\":[]}",
                        "{\"version\":1,\"position\":1,\"actions\":[{\"kind\":\"stroke\"}]}",
                        "{\"version\":1,\"position\":1,\"actions\":[{\"kind\":\"import\",\"png\":\"AAAA\"}]}" };

  draw_line (other, 10, 10, 600, 600);
  saved = sb_sketch_serialize (other);

  draw_line (sketch, 100, 700, 700, 100);
  before = pixels (sketch);

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GBytes) data = g_bytes_new_static (bad[i], strlen (bad[i]));
      g_autoptr(GError) error = NULL;

      g_assert_false (sb_sketch_load (sketch, data, &error));
      g_assert_error (error, SB_ERROR, SB_ERROR_INVALID_INPUT);
    }

  /* Cut short anywhere: a torn write. */
  for (gsize cut = 1; cut < g_bytes_get_size (saved); cut += 7)
    {
      g_autoptr(GBytes) torn = g_bytes_new_from_bytes (saved, 0, cut);

      g_assert_false (sb_sketch_load (sketch, torn, NULL));
    }

  after = pixels (sketch);
  assert_same_pixels (after, before);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sketch/new-is-white", test_sketch_new_is_white);
  g_test_add_func ("/stage/offer", test_stage_offer);
  g_test_add_func ("/stage/accept-as-sketch", test_stage_accept_as_sketch);
  g_test_add_func ("/sketch/stroke-inks-its-path", test_sketch_stroke_inks_its_path);
  g_test_add_func ("/sketch/pressure", test_sketch_pressure);
  g_test_add_func ("/sketch/eraser", test_sketch_eraser);
  g_test_add_func ("/sketch/color-at", test_sketch_color_at);
  g_test_add_func ("/sketch/cancel-stroke", test_sketch_cancel_stroke);
  g_test_add_func ("/sketch/smoothing", test_sketch_smoothing);
  g_test_add_func ("/sketch/undo-redo", test_sketch_undo_redo);
  g_test_add_func ("/sketch/clear-undoable", test_sketch_clear_undoable);
  g_test_add_func ("/sketch/clips-to-page", test_sketch_clips_to_page);
  g_test_add_func ("/sketch/export", test_sketch_export);
  g_test_add_func ("/sketch/export-is-compact", test_sketch_export_is_compact);
  g_test_add_func ("/sketch/import-letterbox", test_sketch_import_letterbox);
  g_test_add_func ("/sketch/import-formats", test_sketch_import_formats);
  g_test_add_func ("/sketch/import-photo", test_sketch_import_photo);
  g_test_add_func ("/sketch/import-too-large", test_sketch_import_too_large);
  g_test_add_func ("/sketch/colors", test_sketch_colors);
  g_test_add_func ("/sketch/serialize-round-trip", test_sketch_serialize_round_trip);
  g_test_add_func ("/sketch/load-damaged", test_sketch_load_damaged);

  return g_test_run ();
}
