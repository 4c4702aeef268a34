/* sb-sketch.c: the drawing, as strokes and as 768×768 pixels
 *
 * The sketch keeps its strokes (for autosave and undo, later) and a backing
 * surface that each new segment is painted into, so drawing costs the same
 * however much is already on the page.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include "sb-limits.h"
#include "sb-sketch.h"

#define PEN_WIDTH 4.0

typedef struct {
  double x;
  double y;
} SbPoint;

struct _SbSketch
{
  GObject          parent_instance;

  cairo_surface_t *surface;
  GPtrArray       *strokes;   /* of GArray of SbPoint */
  GArray          *current;   /* the stroke being drawn, or NULL */
};

G_DEFINE_FINAL_TYPE (SbSketch, sb_sketch, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_EMPTY,
  N_PROPS
};

enum {
  CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
paint_white (SbSketch *self)
{
  cairo_t *cr = cairo_create (self->surface);

  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_destroy (cr);
}

static void
emit_changed (SbSketch *self,
              double    x0,
              double    y0,
              double    x1,
              double    y1)
{
  int x = floor (MIN (x0, x1) - PEN_WIDTH);
  int y = floor (MIN (y0, y1) - PEN_WIDTH);
  int right = ceil (MAX (x0, x1) + PEN_WIDTH);
  int bottom = ceil (MAX (y0, y1) + PEN_WIDTH);

  x = CLAMP (x, 0, SB_SKETCH_SIZE);
  y = CLAMP (y, 0, SB_SKETCH_SIZE);
  right = CLAMP (right, 0, SB_SKETCH_SIZE);
  bottom = CLAMP (bottom, 0, SB_SKETCH_SIZE);

  if (right > x && bottom > y)
    g_signal_emit (self, signals[CHANGED], 0, x, y, right - x, bottom - y);
}

/* Paints only the newest segment of the current stroke. */
static void
paint_last_segment (SbSketch *self)
{
  guint n = self->current->len;
  const SbPoint *to = &g_array_index (self->current, SbPoint, n - 1);
  const SbPoint *from = n > 1 ? &g_array_index (self->current, SbPoint, n - 2) : to;
  cairo_t *cr = cairo_create (self->surface);

  cairo_set_source_rgb (cr, 0, 0, 0);
  cairo_set_line_width (cr, PEN_WIDTH);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_move_to (cr, from->x, from->y);
  cairo_line_to (cr, to->x, to->y);
  cairo_stroke (cr);
  cairo_destroy (cr);

  cairo_surface_mark_dirty (self->surface);
  emit_changed (self, from->x, from->y, to->x, to->y);
}

static void
sb_sketch_finalize (GObject *object)
{
  SbSketch *self = SB_SKETCH (object);

  g_clear_pointer (&self->surface, cairo_surface_destroy);
  g_clear_pointer (&self->strokes, g_ptr_array_unref);
  g_clear_pointer (&self->current, g_array_unref);

  G_OBJECT_CLASS (sb_sketch_parent_class)->finalize (object);
}

static void
sb_sketch_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  SbSketch *self = SB_SKETCH (object);

  switch (prop_id)
    {
    case PROP_EMPTY:
      g_value_set_boolean (value, sb_sketch_is_empty (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sb_sketch_class_init (SbSketchClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = sb_sketch_finalize;
  object_class->get_property = sb_sketch_get_property;

  properties[PROP_EMPTY] =
    g_param_spec_boolean ("empty", NULL, NULL,
                          TRUE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * SbSketch::changed:
   * @x, @y, @width, @height: the area that was repainted, in sketch pixels
   */
  signals[CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 4,
                  G_TYPE_INT, G_TYPE_INT, G_TYPE_INT, G_TYPE_INT);
}

static void
sb_sketch_init (SbSketch *self)
{
  /* RGB24: the sketch is opaque line art on white. */
  self->surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, SB_SKETCH_SIZE, SB_SKETCH_SIZE);
  self->strokes = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  paint_white (self);
}

SbSketch *
sb_sketch_new (void)
{
  return g_object_new (SB_TYPE_SKETCH, NULL);
}

/* The pixels as they are now: 768×768, white where nothing was drawn. */
cairo_surface_t *
sb_sketch_get_surface (SbSketch *self)
{
  g_return_val_if_fail (SB_IS_SKETCH (self), NULL);

  return self->surface;
}

gboolean
sb_sketch_is_empty (SbSketch *self)
{
  g_return_val_if_fail (SB_IS_SKETCH (self), TRUE);

  return self->strokes->len == 0 && self->current == NULL;
}

guint
sb_sketch_get_n_strokes (SbSketch *self)
{
  g_return_val_if_fail (SB_IS_SKETCH (self), 0);

  return self->strokes->len;
}

void
sb_sketch_begin_stroke (SbSketch *self,
                        double    x,
                        double    y)
{
  gboolean was_empty;

  g_return_if_fail (SB_IS_SKETCH (self));

  if (self->current != NULL)
    sb_sketch_end_stroke (self);

  was_empty = sb_sketch_is_empty (self);
  self->current = g_array_new (FALSE, FALSE, sizeof (SbPoint));
  g_array_append_val (self->current, ((SbPoint) { x, y }));
  paint_last_segment (self);

  if (was_empty)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EMPTY]);
}

void
sb_sketch_extend_stroke (SbSketch *self,
                         double    x,
                         double    y)
{
  g_return_if_fail (SB_IS_SKETCH (self));
  g_return_if_fail (self->current != NULL);

  g_array_append_val (self->current, ((SbPoint) { x, y }));
  paint_last_segment (self);
}

void
sb_sketch_end_stroke (SbSketch *self)
{
  g_return_if_fail (SB_IS_SKETCH (self));

  if (self->current != NULL)
    g_ptr_array_add (self->strokes, g_steal_pointer (&self->current));
}

void
sb_sketch_clear (SbSketch *self)
{
  g_return_if_fail (SB_IS_SKETCH (self));

  if (sb_sketch_is_empty (self))
    return;

  g_clear_pointer (&self->current, g_array_unref);
  g_ptr_array_set_size (self->strokes, 0);
  paint_white (self);
  cairo_surface_mark_dirty (self->surface);

  g_signal_emit (self, signals[CHANGED], 0, 0, 0, SB_SKETCH_SIZE, SB_SKETCH_SIZE);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EMPTY]);
}
