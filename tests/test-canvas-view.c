/* test-canvas-view.c: the canvas's view transform, without a display
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sb-canvas-view.h"
#include "sb-limits.h"
#include "sb-params.h"

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

/* Extending: the view zooms out until the grown frame fits, centred
 * (with a margin), and never moves while nothing grows. */
static void
test_canvas_view_framing (void)
{
  const double none[SB_N_SIDES] = { 1, 1, 1, 1 };
  const double top_left[SB_N_SIDES] = { [SB_SIDE_TOP] = 2.0, [SB_SIDE_BOTTOM] = 1.0,
                                        [SB_SIDE_LEFT] = 1.5, [SB_SIDE_RIGHT] = 1.0 };
  SbCanvasView view = sb_canvas_view_framing (800, 600, none, 1.0);
  graphene_rect_t page;
  double left, top, right, bottom;

  g_assert_cmpfloat (view.zoom, ==, 1.0);
  g_assert_cmpfloat (view.offset_x, ==, 0.0);
  g_assert_cmpfloat (view.offset_y, ==, 0.0);

  /* The page (600 at fit) grows 300 to the left and 600 up: 900 × 1200
   * is shown within 800 × 600, 12 px from the nearer edges. */
  view = sb_canvas_view_framing (800, 600, top_left, 1.0);
  g_assert_cmpfloat (view.zoom, <, 1.0);
  page = sb_canvas_view_get_page (&view, 800, 600);
  left = page.origin.x - 0.5 * page.size.width;
  top = page.origin.y - 1.0 * page.size.height;
  right = page.origin.x + page.size.width;
  bottom = page.origin.y + page.size.height;
  g_assert_cmpfloat_with_epsilon (top, 12.0, 1e-6);
  g_assert_cmpfloat_with_epsilon (bottom, 600 - 12.0, 1e-6);
  g_assert_cmpfloat_with_epsilon ((left + right) / 2, 400.0, 1e-6);
  g_assert_cmpfloat (left, >=, 0.0);
  g_assert_cmpfloat (right, <=, 800.0);

  /* A wide picture (half as high as wide) grown at the bottom: centred on
   * the picture and its new room, not on the square page. */
  {
    const double bottom_only[SB_N_SIDES] = { [SB_SIDE_TOP] = 1.0, [SB_SIDE_BOTTOM] = 1.5,
                                             [SB_SIDE_LEFT] = 1.0, [SB_SIDE_RIGHT] = 1.0 };

    view = sb_canvas_view_framing (600, 600, bottom_only, 0.5);
    page = sb_canvas_view_get_page (&view, 600, 600);
    g_assert_cmpfloat (view.zoom, ==, 1.0);
    g_assert_cmpfloat_with_epsilon (page.origin.y + page.size.width * 0.75 / 2, 300.0, 1e-6);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/canvas-view/fit", test_canvas_view_fit);
  g_test_add_func ("/canvas-view/zoom-and-pan", test_canvas_view_zoom_and_pan);
  g_test_add_func ("/canvas-view/framing", test_canvas_view_framing);

  return g_test_run ();
}
