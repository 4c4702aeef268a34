/* test-sketch.c: strokes become ink where they were drawn, and nowhere else
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sb-limits.h"
#include "sb-sketch.h"

static guint32
pixel_at (SbSketch *sketch,
          int       x,
          int       y)
{
  cairo_surface_t *surface = sb_sketch_get_surface (sketch);
  const guchar *data;

  cairo_surface_flush (surface);
  data = cairo_image_surface_get_data (surface);

  return *(const guint32 *) (data + y * cairo_image_surface_get_stride (surface) + x * 4) & 0xffffff;
}

static guint
count_ink (SbSketch *sketch)
{
  guint ink = 0;

  for (int y = 0; y < SB_SKETCH_SIZE; y++)
    for (int x = 0; x < SB_SKETCH_SIZE; x++)
      ink += pixel_at (sketch, x, y) != 0xffffff;

  return ink;
}

static void
test_sketch_new_is_white (void)
{
  g_autoptr(SbSketch) sketch = sb_sketch_new ();
  cairo_surface_t *surface = sb_sketch_get_surface (sketch);

  g_assert_cmpint (cairo_image_surface_get_width (surface), ==, SB_SKETCH_SIZE);
  g_assert_cmpint (cairo_image_surface_get_height (surface), ==, SB_SKETCH_SIZE);
  g_assert_true (sb_sketch_is_empty (sketch));
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
on_notify (GObject    *object,
           GParamSpec *pspec,
           guint      *count)
{
  (*count)++;
}

static void
test_sketch_stroke_inks_its_path (void)
{
  g_autoptr(SbSketch) sketch = sb_sketch_new ();
  cairo_region_t *region = cairo_region_create ();
  cairo_rectangle_int_t damage;
  guint notified = 0;

  g_signal_connect (sketch, "changed", G_CALLBACK (on_changed), region);
  g_signal_connect (sketch, "notify::empty", G_CALLBACK (on_notify), &notified);

  sb_sketch_begin_stroke (sketch, 100, 200);
  sb_sketch_extend_stroke (sketch, 300, 200);
  sb_sketch_extend_stroke (sketch, 300, 400);
  sb_sketch_end_stroke (sketch);

  g_assert_false (sb_sketch_is_empty (sketch));
  g_assert_cmpuint (sb_sketch_get_n_strokes (sketch), ==, 1);
  g_assert_cmpuint (notified, ==, 1);
  cairo_region_get_extents (region, &damage);
  cairo_region_destroy (region);

  /* On the path: ink. Beside it and far away: white. */
  g_assert_cmphex (pixel_at (sketch, 200, 200), ==, 0x000000);
  g_assert_cmphex (pixel_at (sketch, 300, 300), ==, 0x000000);
  g_assert_cmphex (pixel_at (sketch, 200, 210), ==, 0xffffff);
  g_assert_cmphex (pixel_at (sketch, 600, 600), ==, 0xffffff);
  g_assert_cmphex (pixel_at (sketch, 200, 300), ==, 0xffffff);

  /* The repainted area covers the stroke and stays near it. */
  g_assert_cmpint (damage.x, <=, 100);
  g_assert_cmpint (damage.y, <=, 200);
  g_assert_cmpint (damage.x + damage.width, >=, 300);
  g_assert_cmpint (damage.y + damage.height, >=, 400);
  g_assert_cmpint (damage.width, <, 220);
  g_assert_cmpint (damage.height, <, 220);

  /* About 400 px of path at 4 px wide. */
  g_assert_cmpuint (count_ink (sketch), >, 1200);
  g_assert_cmpuint (count_ink (sketch), <, 2400);
}

static void
test_sketch_clear (void)
{
  g_autoptr(SbSketch) sketch = sb_sketch_new ();

  sb_sketch_begin_stroke (sketch, 10, 10);
  sb_sketch_extend_stroke (sketch, 700, 700);
  sb_sketch_end_stroke (sketch);
  g_assert_cmpuint (count_ink (sketch), >, 0);

  sb_sketch_clear (sketch);
  g_assert_true (sb_sketch_is_empty (sketch));
  g_assert_cmpuint (sb_sketch_get_n_strokes (sketch), ==, 0);
  g_assert_cmpuint (count_ink (sketch), ==, 0);
}

static void
test_sketch_clips_to_page (void)
{
  g_autoptr(SbSketch) sketch = sb_sketch_new ();

  /* A stroke that leaves the page is cut at its edge, never a crash. */
  sb_sketch_begin_stroke (sketch, 700, 384);
  sb_sketch_extend_stroke (sketch, 2000, 384);
  sb_sketch_end_stroke (sketch);

  g_assert_cmphex (pixel_at (sketch, SB_SKETCH_SIZE - 1, 384), ==, 0x000000);
  g_assert_cmphex (pixel_at (sketch, 699, 390), ==, 0xffffff);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sketch/new-is-white", test_sketch_new_is_white);
  g_test_add_func ("/sketch/stroke-inks-its-path", test_sketch_stroke_inks_its_path);
  g_test_add_func ("/sketch/clear", test_sketch_clear);
  g_test_add_func ("/sketch/clips-to-page", test_sketch_clips_to_page);

  return g_test_run ();
}
