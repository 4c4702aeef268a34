/* bench-canvas.c: what drawing, undo and export cost as the drawing grows
 *
 * Prints one "BENCH name value" line per figure, each a median:
 *   canvas.event_us.strokes_1 / _1000   one pointer-motion event (a new
 *                                       point of the stroke being drawn) with
 *                                       1 and 1,000 strokes already drawn
 *   canvas.undo_ms.strokes_10 / _1000   one undo with 10 and 1,000 strokes
 *   canvas.export_ms, canvas.export_bytes
 *   canvas.export_bytes_cairo_argb      the same pixels through
 *                                       cairo_surface_write_to_png from ARGB32
 * The export figures are for a sketch of 60 strokes; the .dense_200 ones for
 * 200 overlapping strokes, where anti-aliased edges dominate.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include "sb-limits.h"
#include "sb-sketch.h"

#define REPEATS 31

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static double
median (GArray *samples)
{
  g_array_sort (samples, compare_doubles);
  return g_array_index (samples, double, samples->len / 2);
}

/* A scribble stroke of 40 points, somewhere on the page. */
static void
draw_stroke (SbSketch *sketch,
             guint     seed)
{
  double cx = 60 + (seed * 37) % 640, cy = 60 + (seed * 91) % 640;

  sb_sketch_begin_stroke (sketch, SB_TOOL_PEN, cx, cy, SB_DEFAULT_PRESSURE);
  for (int i = 1; i < 40; i++)
    sb_sketch_extend_stroke (sketch, cx + 50 * sin (i * 0.3 + seed), cy + 50 * cos (i * 0.2 + seed),
                             0.3 + 0.5 * ((i + seed) % 7) / 7.0);
  sb_sketch_end_stroke (sketch);
}

static SbSketch *
sketch_with_strokes (guint n)
{
  SbSketch *sketch = sb_sketch_new ();

  for (guint i = 0; i < n; i++)
    draw_stroke (sketch, i);
  return sketch;
}

static double
event_us (guint strokes)
{
  g_autoptr(SbSketch) sketch = sketch_with_strokes (strokes);
  g_autoptr(GArray) samples = g_array_new (FALSE, FALSE, sizeof (double));

  sb_sketch_begin_stroke (sketch, SB_TOOL_PEN, 100, 100, SB_DEFAULT_PRESSURE);
  for (int i = 0; i < 2000; i++)
    {
      gint64 start = g_get_monotonic_time ();
      double sample;

      sb_sketch_extend_stroke (sketch, 100 + (i % 500), 100 + 200 * sin (i * 0.05), SB_DEFAULT_PRESSURE);
      sample = g_get_monotonic_time () - start;
      g_array_append_val (samples, sample);
    }
  sb_sketch_end_stroke (sketch);

  return median (samples);
}

static double
undo_ms (guint strokes)
{
  g_autoptr(SbSketch) sketch = sketch_with_strokes (strokes);
  g_autoptr(GArray) samples = g_array_new (FALSE, FALSE, sizeof (double));

  for (int i = 0; i < REPEATS; i++)
    {
      gint64 start = g_get_monotonic_time ();
      double sample;

      sb_sketch_undo (sketch);
      sample = (g_get_monotonic_time () - start) / 1000.0;
      g_array_append_val (samples, sample);
      sb_sketch_redo (sketch);
      /* Undo from varied positions: every distance from a checkpoint. */
      if (i % 3 == 0)
        draw_stroke (sketch, strokes + i);
    }

  return median (samples);
}

static cairo_status_t
count_bytes (void                *closure,
             const unsigned char *data,
             unsigned int         length)
{
  *(gsize *) closure += length;
  return CAIRO_STATUS_SUCCESS;
}

static gsize
argb_png_bytes (SbSketch *sketch)
{
  cairo_surface_t *argb = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, SB_SKETCH_SIZE, SB_SKETCH_SIZE);
  cairo_t *cr = cairo_create (argb);
  gsize bytes = 0;

  cairo_set_source_surface (cr, sb_sketch_get_surface (sketch), 0, 0);
  cairo_paint (cr);
  cairo_destroy (cr);
  cairo_surface_write_to_png_stream (argb, count_bytes, &bytes);
  cairo_surface_destroy (argb);

  return bytes;
}

static void
export (const char *suffix,
        guint       strokes)
{
  g_autoptr(SbSketch) drawing = sketch_with_strokes (strokes);
  g_autoptr(GArray) samples = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GBytes) png = NULL;

  for (int i = 0; i < 9; i++)
    {
      gint64 start = g_get_monotonic_time ();
      double sample;

      g_clear_pointer (&png, g_bytes_unref);
      png = sb_sketch_export_png (drawing, NULL);
      sample = (g_get_monotonic_time () - start) / 1000.0;
      g_array_append_val (samples, sample);
    }

  g_print ("BENCH canvas.export_ms%s %.1f\n", suffix, median (samples));
  g_print ("BENCH canvas.export_bytes%s %" G_GSIZE_FORMAT "\n", suffix, g_bytes_get_size (png));
  g_print ("BENCH canvas.export_bytes_cairo_argb%s %" G_GSIZE_FORMAT "\n", suffix, argb_png_bytes (drawing));
}

int
main (void)
{
  g_print ("BENCH canvas.event_us.strokes_1 %.2f\n", event_us (1));
  g_print ("BENCH canvas.event_us.strokes_1000 %.2f\n", event_us (1000));
  g_print ("BENCH canvas.undo_ms.strokes_10 %.2f\n", undo_ms (10));
  g_print ("BENCH canvas.undo_ms.strokes_1000 %.2f\n", undo_ms (1000));
  export ("", 60);
  export (".dense_200", 200);

  return 0;
}
