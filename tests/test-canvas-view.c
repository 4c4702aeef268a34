/* test-canvas-view.c: the canvas's view transform, without a display
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sb-canvas-view.h"
#include "sb-limits.h"

/* At "fit" the page is the largest centred square; a point maps to the
 * sketch pixel under it. */
static void
test_canvas_view_fit (void)
{
  SbCanvasView view = SB_CANVAS_VIEW_FIT;
  graphene_rect_t page = sb_canvas_view_get_page (&view, 800, 400);
  double x, y;

  g_assert_cmpfloat (page.origin.x, ==, 200);
  g_assert_cmpfloat (page.origin.y, ==, 0);
  g_assert_cmpfloat (page.size.width, ==, 400);
  sb_canvas_view_to_sketch (&view, 800, 400, 400, 200, &x, &y);
  g_assert_cmpfloat_with_epsilon (x, SB_SKETCH_SIZE / 2.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (y, SB_SKETCH_SIZE / 2.0, 1e-9);
}

/* Zooming keeps the sketch point under the pointer where it is, within
 * 1× to 8×; the page never leaves the middle of the view; back at 1× it
 * is centred again. */
static void
test_canvas_view_zoom_and_pan (void)
{
  SbCanvasView view = SB_CANVAS_VIEW_FIT;
  double before_x, before_y, after_x, after_y;

  sb_canvas_view_to_sketch (&view, 600, 600, 150, 420, &before_x, &before_y);
  g_assert_true (sb_canvas_view_zoom_at (&view, 600, 600, 3.0, 150, 420));
  sb_canvas_view_to_sketch (&view, 600, 600, 150, 420, &after_x, &after_y);
  g_assert_cmpfloat_with_epsilon (after_x, before_x, 1e-6);
  g_assert_cmpfloat_with_epsilon (after_y, before_y, 1e-6);
  g_assert_cmpfloat (sb_canvas_view_get_scale (&view, 600, 600), ==, SB_SKETCH_SIZE / 1800.0);

  g_assert_true (sb_canvas_view_zoom_at (&view, 600, 600, 100.0, 0, 0));
  g_assert_cmpfloat (view.zoom, ==, SB_CANVAS_VIEW_MAX_ZOOM);

  g_assert_false (sb_canvas_view_set (&view, 600, 600, view.zoom, 1e6, -1e6));
  g_assert_cmpfloat (view.offset_x, ==, 600 * SB_CANVAS_VIEW_MAX_ZOOM / 2);
  g_assert_cmpfloat (view.offset_y, ==, -600 * SB_CANVAS_VIEW_MAX_ZOOM / 2);

  g_assert_true (sb_canvas_view_set (&view, 600, 600, 0.5, 50, 50));
  g_assert_cmpfloat (view.zoom, ==, 1.0);
  g_assert_cmpfloat (view.offset_x, ==, 0);
  g_assert_cmpfloat (view.offset_y, ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/canvas-view/fit", test_canvas_view_fit);
  g_test_add_func ("/canvas-view/zoom-and-pan", test_canvas_view_zoom_and_pan);

  return g_test_run ();
}
